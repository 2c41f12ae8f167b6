import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { userInfo } from 'node:os';
import { type CliIo, runCli } from './run';

const io: CliIo = {
  readText: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined),
  writeText: (path, text) => writeFileSync(path, text),
  appendText: (path, text) => appendFileSync(path, text),
  ensureDir: (path) => mkdirSync(path, { recursive: true }),
  join,
  basename,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  now: () => new Date(),
  user: () => {
    try { return userInfo().username; } catch { return 'unknown user'; }
  },
};

process.exitCode = runCli(process.argv.slice(2), io);
