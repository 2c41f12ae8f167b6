/**
 * The built CLI as real processes on a real file system: two runs at once on one output folder, a
 * stale lock left by a dead process, an output path that is a file, and atomic replacement.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { parseLog, verifyLogChain } from '../src/core/decisions/log';
import { generateContacts, sampleRules } from '../src/sample/generator';
import { runCli } from '../src/cli/run';
import { memoryIo } from './memoryIo';

const bin = join(process.cwd(), 'build/cli.cjs');

function workspace(records = 3000) {
  const dir = mkdtempSync(join(tmpdir(), 'crg-proc-'));
  const data = generateContacts(records, 7);
  writeFileSync(join(dir, 'export.csv'), toCsv([data.headers, ...data.rows], { raw: true }));
  writeFileSync(join(dir, 'rules.json'), JSON.stringify(sampleRules()));
  return dir;
}

function run(dir: string, extra: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, 'review', join(dir, 'export.csv'), '--rules', join(dir, 'rules.json'), '--out', join(dir, 'out'), ...extra], { env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => {
      stdout += d;
    });
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function approveAll(dir: string): void {
  const path = join(dir, 'out', 'review.csv');
  const g = parseCsv(readFileSync(path, 'utf8'));
  const d = g[0]!.indexOf('Decision');
  g.slice(1).forEach((r, i) => {
    r[d] = ['Approve', 'Reject', 'Escalate'][i % 3]!;
  });
  writeFileSync(path, toCsv(g, { raw: true }));
}

describe('the CLI as processes', () => {
  it('lets one of two runs at once work on an output folder and stops the other with one line; the log is never doubled', async () => {
    const dir = workspace();
    expect((await run(dir)).code).toBe(0);
    approveAll(dir);
    const decided = parseCsv(readFileSync(join(dir, 'out', 'review.csv'), 'utf8')).length - 1;
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([run(dir), run(dir)]);
      for (const r of results) {
        expect([0, 2]).toContain(r.code);
        if (r.code === 2)
          expect(r.stderr.trim().split('\n')).toEqual([
            expect.stringMatching(
              /^crm-review-gate: another crm-review-gate run (is using|is starting in) .*out.*this run changed nothing\.( If no run is going on .* delete .*\.crm-review-gate\.lock and run again\.)?$/,
            ),
          ]);
      }
      expect(results.some((r) => r.code === 0)).toBe(true);
      const log = parseCsv(readFileSync(join(dir, 'out', 'decision-log.csv'), 'utf8'));
      expect(verifyLogChain(log).intact).toBe(true);
      expect(parseLog(log).entries).toHaveLength(decided);
    }
    expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
  }, 120_000);

  it('takes over a lock left by a process that is gone, and says so', async () => {
    const dir = workspace(50);
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', '.crm-review-gate.lock'), JSON.stringify({ pid: 2147483646, started: '2026-11-20T09:00:00Z' }));
    const r = await run(dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('removed a stale lock in');
    expect(r.stderr).toContain('left by process 2147483646, which is no longer running');
    expect(existsSync(join(dir, 'out', '.crm-review-gate.lock'))).toBe(false);
  });

  it('takes over a stale lock only through its takeover file: a fresh one held by another run stops it, one left by a killed run is cleared', async () => {
    const dir = workspace(50);
    const lockPath = join(dir, 'out', '.crm-review-gate.lock');
    mkdirSync(join(dir, 'out'));
    writeFileSync(lockPath, JSON.stringify({ pid: 2147483646, started: '2026-11-20T09:00:00Z' }));
    writeFileSync(`${lockPath}.takeover`, '');
    const held = await run(dir);
    expect(held.code).toBe(2);
    expect(held.stderr).toContain('another crm-review-gate run is starting in');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${lockPath}.takeover`, old, old);
    const r = await run(dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('removed a stale lock in');
    expect(existsSync(`${lockPath}.takeover`)).toBe(false);
    expect(existsSync(lockPath)).toBe(false);
  });

  it('sweeps what a killed run left (its temporary files, an empty export folder) once it holds the lock, and nothing else', async () => {
    const dir = workspace(50);
    const out = join(dir, 'out');
    mkdirSync(join(out, 'exports', 'EX-20261120-090000-AB12'), { recursive: true });
    mkdirSync(join(out, 'exports', 'EX-20261119-090000-CD34'), { recursive: true });
    mkdirSync(join(out, 'exports', 'my-own-archive'), { recursive: true });
    mkdirSync(join(out, 'exports', 'keep'), { recursive: true });
    writeFileSync(join(out, 'exports', 'EX-20261119-090000-CD34', 'approved-changes.csv'), 'kept');
    writeFileSync(join(out, '.review.csv.4242.7.tmp'), 'half a file');
    writeFileSync(join(out, 'exports', 'EX-20261119-090000-CD34', '.rollback.csv.4242.9.tmp'), 'half');
    writeFileSync(join(out, 'exports', 'keep', '.notes.2024.1.tmp'), "the person's");
    writeFileSync(join(out, 'notes.tmp'), 'a file of the person: not ours');
    writeFileSync(join(out, '.notes.2024.1.tmp'), 'not ours either');
    const r = await run(dir);
    expect(r.code).toBe(0);
    expect(
      readdirSync(out)
        .filter((f) => f.endsWith('.tmp'))
        .sort(),
    ).toEqual(['.notes.2024.1.tmp', 'notes.tmp']);
    expect(readdirSync(join(out, 'exports')).sort()).toEqual(['EX-20261119-090000-CD34', 'keep', 'my-own-archive']);
    expect(readdirSync(join(out, 'exports', 'EX-20261119-090000-CD34'))).toEqual(['approved-changes.csv']);
    expect(readdirSync(join(out, 'exports', 'keep'))).toEqual(['.notes.2024.1.tmp']);
  });

  it('a folder it cannot sweep is not an error: exports as a file', async () => {
    const dir = workspace(50);
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'exports'), 'a file where a folder would be');
    const r = await run(dir);
    expect(r.stderr).not.toContain('lock');
    expect(existsSync(join(dir, 'out', '.crm-review-gate.lock'))).toBe(false);
  });

  it('names the lock file to delete when the process holding it may be another program', () => {
    const dir = workspace(50);
    mkdirSync(join(dir, 'out'));
    // this test's own process: alive, and not a crm-review-gate run
    writeFileSync(join(dir, 'out', '.crm-review-gate.lock'), JSON.stringify({ pid: process.pid, started: '2026-11-20T09:00:00Z' }));
    const r = spawnSync(process.execPath, [bin, 'review', join(dir, 'export.csv'), '--out', join(dir, 'out')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`If no run is going on (the process number may now be another program's), delete ${join(dir, 'out', '.crm-review-gate.lock')} and run again.`);
  });

  it('refuses an output path that is a file, naming it, and changes nothing', () => {
    const dir = workspace(50);
    writeFileSync(join(dir, 'out'), 'not a folder');
    const r = spawnSync(process.execPath, [bin, 'review', join(dir, 'export.csv'), '--out', join(dir, 'out')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^crm-review-gate: cannot create the folder .*out: (a file is in the way|a part of the path is a file, not a folder)\. Nothing in the output folder was changed\.$/,
    );
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('not a folder');
  });

  it('finishes quietly when its reader closes the pipe early (| head): the files are written, no EPIPE crash', async () => {
    const dir = workspace(200);
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [bin, 'review', join(dir, 'export.csv'), '--rules', join(dir, 'rules.json'), '--out', join(dir, 'out')]);
      p.stdout.destroy(); // the reader is gone before the first line
      let err = '';
      p.stderr.on('data', (d) => {
        err += d;
      });
      p.on('close', (c) => resolve({ code: c ?? -1, stderr: err }));
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'review.csv'), 'utf8')).toMatch(/^Issue ID,/);
  });

  it('refuses an unknown time zone with one line', () => {
    const dir = workspace(50);
    const r = spawnSync(process.execPath, [bin, 'review', join(dir, 'export.csv'), '--tz', 'Mars/Olympus'], { encoding: 'utf8', cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('crm-review-gate: --tz: "Mars/Olympus" is not a time zone (use an IANA name such as Europe/Berlin or America/New_York).');
    // even when --as-of gives the review date and today is not needed
    const withDate = spawnSync(process.execPath, [bin, 'review', join(dir, 'export.csv'), '--tz', 'Mars/Olympus', '--as-of', '2026-01-05'], { encoding: 'utf8', cwd: dir });
    expect(withDate.status).toBe(2);
    expect(withDate.stderr.trim()).toBe(r.stderr.trim());
  });
});

describe('the CLI with its duplicate engine in a worker thread (issue 12)', () => {
  it('writes exactly the review an in-process run writes, on a batch large enough for the worker', async () => {
    const dir = workspace(25_000);
    const r = await run(dir, ['--as-of', '2026-03-31'], { ...process.env, CRG_LINK: 'worker', CRG_LINK_TRACE: '1' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('crm-review-gate: duplicate engine ran in a worker thread\n');
    const inProcess = memoryIo({ 'export.csv': readFileSync(join(dir, 'export.csv'), 'utf8'), 'rules.json': readFileSync(join(dir, 'rules.json'), 'utf8') });
    expect(inProcess.io.linker).toBeUndefined();
    expect(runCli(['review', 'export.csv', '--rules', 'rules.json', '--out', 'out', '--as-of', '2026-03-31'], inProcess.io)).toBe(0);
    const viaWorker = readFileSync(join(dir, 'out', 'review.csv'), 'utf8');
    expect(viaWorker).toContain('duplicate_record');
    expect(viaWorker).toBe(inProcess.files['out/review.csv']);
  }, 120_000);
});
