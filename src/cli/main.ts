import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { UserError } from '../core/text/errors';
import { workerLinker } from './linker';
import { type CliIo, FileError, runCli } from './run';

/** Runs a file-system call; a failure becomes a FileError naming the path, which the CLI reports in one line. */
function fs<T>(doing: string, path: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new FileError(path, code, doing);
    throw error;
  }
}

let tempCounter = 0;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One run per output folder: a lock file created exclusively (O_EXCL) holds the owner's pid. A lock
 * whose process is gone (a crash, a kill) is stale: it is removed, with a line saying so.
 */
function lock(dir: string): () => void {
  const path = join(dir, '.crm-review-gate.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, started: new Date().toISOString() }));
      closeSync(fd);
      sweepLeftovers(dir);
      return () => {
        try {
          unlinkSync(path);
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new FileError(path, code ?? 'EIO', 'create the lock file');
      let holder: { pid?: number; started?: string } = {};
      try {
        holder = JSON.parse(readFileSync(path, 'utf8')) as typeof holder;
      } catch {
        /* unreadable: being written, or junk */
      }
      if (typeof holder.pid === 'number' && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new UserError(
          `another crm-review-gate run is using ${dir} (process ${holder.pid}, started ${holder.started ?? 'at an unknown time'}). Wait for it to finish, then run again; this run changed nothing. If no run is going on (the process number may now be another program's), delete ${path} and run again.`,
        );
      }
      let age: number;
      try {
        age = Date.now() - statSync(path).mtimeMs;
      } catch {
        continue; // the lock went away meanwhile: try to take it again
      }
      if (holder.pid === undefined && age < 5_000) {
        throw new UserError(`another crm-review-gate run is starting in ${dir}. Wait for it to finish, then run again; this run changed nothing.`);
      }
      // two runs may both find the lock stale: only the one that takes the takeover file removes it, and
      // only after reading it again (the other run may have replaced it with its own fresh lock meanwhile)
      if (!takeOver(path, holder)) {
        throw new UserError(`another crm-review-gate run is starting in ${dir}. Wait for it to finish, then run again; this run changed nothing.`);
      }
      process.stderr.write(`crm-review-gate: removed a stale lock in ${dir} left by process ${holder.pid ?? '(unknown)'}, which is no longer running.\n`);
    }
  }
  throw new UserError(`could not take the lock in ${dir}; run again.`);
}

/**
 * Removes the stale lock at `path` that `holder` describes, holding `<lock>.takeover` (created
 * exclusively) meanwhile. False when another run holds the takeover or the lock is no longer that stale
 * one. A takeover file older than 10 s is itself stale (a run killed mid-takeover) and is removed.
 */
function takeOver(path: string, holder: { pid?: number; started?: string }): boolean {
  const takeover = `${path}.takeover`;
  const take = (): boolean => {
    try {
      closeSync(openSync(takeover, 'wx'));
      return true;
    } catch {
      return false;
    }
  };
  if (!take()) {
    try {
      if (Date.now() - statSync(takeover).mtimeMs <= 10_000) return false;
      unlinkSync(takeover);
    } catch {
      /* gone already: try once more */
    }
    if (!take()) return false;
  }
  try {
    let now: { pid?: number; started?: string } = {};
    try {
      now = JSON.parse(readFileSync(path, 'utf8')) as typeof now;
    } catch {
      /* unreadable or gone */
    }
    if (existsSync(path) && (now.pid !== holder.pid || now.started !== holder.started)) return false;
    try {
      unlinkSync(path);
    } catch {
      /* gone already */
    }
    return true;
  } finally {
    try {
      unlinkSync(takeover);
    } catch {
      /* best effort */
    }
  }
}

/**
 * The temporary files this CLI writes (io.writeTemp) for the files it writes: `.<file>.<pid>.<n>.tmp`.
 * Nothing else is ever swept, whatever its name.
 */
const TEMP_FILE =
  /^\.(review\.csv|review\.unreadable-\d{8}T\d{6}Z\.csv|summary\.json|decision-log\.csv|approved-changes\.csv|approved-merges\.csv|rollback\.csv|export-log\.csv|report\.html|history\.json|export-pending\.json)\.\d+\.\d+\.tmp$/;
/** An export's own folder (exportIdFor): `exports/EX-<date>-<time>-<hash>`. */
const EXPORT_FOLDER = /^EX-\d{8}-\d{6}-[0-9A-Z]{4}$/;

/**
 * What a run killed mid-write leaves in the folder it held: its temporary files (up to the size of
 * review.csv) and an export folder made before its files were renamed in. Swept once the lock is
 * taken, when no other run can be writing there. Only this tool's names are touched: an export folder
 * with anything else in it, or any other folder, is left alone. Best effort: a folder that cannot be
 * read is skipped, never an error.
 */
function sweepLeftovers(dir: string): void {
  const names = (folder: string): string[] => {
    try {
      return readdirSync(folder);
    } catch {
      return [];
    }
  };
  const sweep = (folder: string): void => {
    for (const name of names(folder)) {
      if (!TEMP_FILE.test(name)) continue;
      try {
        unlinkSync(join(folder, name));
      } catch {
        /* best effort: a leftover is harmless */
      }
    }
  };
  sweep(dir);
  const exports = join(dir, 'exports');
  for (const name of names(exports)) {
    if (!EXPORT_FOLDER.test(name)) continue;
    const folder = join(exports, name);
    sweep(folder);
    try {
      if (statSync(folder).isDirectory() && readdirSync(folder).length === 0) rmdirSync(folder);
    } catch {
      /* best effort */
    }
  }
}

const io: CliIo = {
  // a Buffer is a Uint8Array: no copy of a 30 MB export (issue 12)
  readBytes: (path) => fs('read', path, () => (existsSync(path) ? readFileSync(path) : undefined)),
  writeTemp: (path, text) => {
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${++tempCounter}.tmp`);
    fs('write', temp, () => {
      const fd = openSync(temp, 'wx');
      try {
        for (const chunk of typeof text === 'string' ? [text] : text) {
          // bytes are written before the next chunk is asked for, which reuses their buffer
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
          for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
        }
        closeSync(fd);
      } catch (error) {
        // a half-written temporary file is removed: the commit never renames it, and nothing is left over
        closeSync(fd);
        unlinkSync(temp);
        throw error;
      }
    });
    return temp;
  },
  rename: (from, to) => fs('replace', to, () => renameSync(from, to)),
  remove: (path) => fs('remove', path, () => unlinkSync(path)),
  ensureDir: (path) =>
    fs('create the folder', path, () => {
      mkdirSync(path, { recursive: true });
      if (!statSync(path).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    }),
  lock,
  join,
  basename,
  resolve: (path) => resolve(path),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  now: () => new Date(),
  user: () => {
    try {
      return userInfo().username;
    } catch {
      return 'unknown user';
    }
  },
  today: (now, timeZone) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now),
  // the duplicate engine in a worker thread beside the other checks (build/link-worker.cjs, next to this
  // file) on machines with 4 CPUs or more; CRG_LINK=worker uses it whatever the CPUs, CRG_LINK=here never
  // (to compare); CRG_LINK_TRACE=1 says on stderr where it ran and why
  ...(process.env.CRG_LINK === 'here'
    ? {}
    : {
        linker: workerLinker(join(__dirname, 'link-worker.cjs'), {
          ...(process.env.CRG_LINK === 'worker' ? { minCpus: 1 } : {}),
          onLinked: (where, why) => {
            if (process.env.CRG_LINK_TRACE === '1')
              process.stderr.write(`crm-review-gate: duplicate engine ran ${where === 'worker' ? 'in a worker thread' : `in the main thread (${why})`}\n`);
          },
        }),
      }),
};

// a reader that stops early (`| head`) closes the pipe: the files are written before the summary lines,
// which are a courtesy, so a closed stdout ends them quietly instead of crashing the run with EPIPE
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
});

process.exitCode = runCli(process.argv.slice(2), io);
