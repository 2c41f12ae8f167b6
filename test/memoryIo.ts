/** An in-memory file system and terminal for the CLI, with failure injection and a shared lock. */
import { basename, posix } from 'node:path';
import { type CliIo, FileError } from '../src/cli/run';
import { UserError } from '../src/core/text/errors';

export interface MemoryIo {
  io: CliIo;
  files: Record<string, string>;
  binary: Record<string, Uint8Array>;
  out: string[];
  err: string[];
  /** The next file-system write (temp write, rename or remove) with this number fails with `code`. */
  failAt(write: number | undefined, code?: string): void;
  writes(): number;
}

export function memoryIo(files: Record<string, string> = {}, options: { now?: () => Date; locks?: Set<string> } = {}): MemoryIo {
  const out: string[] = [];
  const err: string[] = [];
  const binary: Record<string, Uint8Array> = {};
  const locks = options.locks ?? new Set<string>();
  let counter = 0;
  let writes = 0;
  let failWrite: number | undefined;
  let failCode = 'ENOSPC';
  const mutate = (path: string, doing: string): void => {
    writes++;
    if (failWrite !== undefined && writes === failWrite) {
      failWrite = undefined;
      throw new FileError(path, failCode, doing);
    }
  };
  /** Chunks as the disk would get them: each byte chunk decoded before the next is asked for (it reuses the buffer). */
  const fileText = (chunks: Iterable<string | Uint8Array>): string => {
    const decoder = new TextDecoder();
    let text = '';
    for (const chunk of chunks) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    return text + decoder.decode();
  };
  const io: CliIo = {
    // text files are UTF-8; a test puts other bytes (an Excel-saved file) in `binary`
    readBytes: (p) => binary[p] ?? (files[p] === undefined ? undefined : new TextEncoder().encode(files[p])),
    writeTemp: (p, t) => {
      const temp = `${p}.${++counter}.tmp`;
      mutate(temp, 'write');
      files[temp] = typeof t === 'string' ? t : fileText(t);
      return temp;
    },
    rename: (from, to) => {
      mutate(to, 'replace');
      if (files[from] === undefined) throw new FileError(from, 'ENOENT', 'replace');
      files[to] = files[from]!;
      delete files[from];
    },
    remove: (p) => {
      mutate(p, 'remove');
      delete files[p];
    },
    ensureDir: () => undefined,
    lock: (dir) => {
      if (locks.has(dir)) throw new UserError(`another crm-review-gate run is using ${dir}. Wait for it to finish, then run again; this run changed nothing.`);
      locks.add(dir);
      return () => {
        locks.delete(dir);
      };
    },
    join: (...parts) => parts.join('/'),
    basename: (p) => basename(p),
    resolve: (p) => posix.resolve('/work', p),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    now: options.now ?? (() => new Date('2026-11-20T09:00:00Z')),
    user: () => 'revops',
    today: (now, tz) => new Intl.DateTimeFormat('en-CA', { timeZone: tz ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now),
  };
  return {
    io,
    files,
    binary,
    out,
    err,
    failAt: (n, code = 'ENOSPC') => {
      failWrite = n;
      failCode = code;
      writes = 0;
    },
    writes: () => writes,
  };
}
