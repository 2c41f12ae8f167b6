/**
 * An export whose run stopped part-way (a kill, a file held open by Excel on Windows): summary.json is
 * written last and commits the run, so an export the log lists beyond its pin was never handed over. The
 * next run undoes it and exports its changes again if they are still approved: never lost, never twice.
 * (Adversarial evaluation of the CLI's weekly flow, 2026-11-27, finding F3.)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { restoreFromCsv } from '../src/core/text/safeText';
import { contact, exportCsv, teamRulesFile } from './fixtures';
import { memoryIo } from './memoryIo';

const ARGS = ['review', 'e.csv', '--rules', 'r.json'];
const own = (text: string): string[][] => parseCsv(text).map((r) => r.map(restoreFromCsv));

/** A first run, then every approvable row approved in review.csv (not yet run). */
function approved() {
  // (each run a minute after the last: a new Export ID, as a re-run would have)
  let minute = 0;
  const m = memoryIo(
    {
      'e.csv': exportCsv([contact({ 'Record ID': '503', 'Contact owner': 'Dana Brooks' }), contact({ 'Record ID': '504', Email: 'Ada@Example.com' })]),
      'r.json': JSON.stringify(teamRulesFile),
    },
    { now: () => new Date(Date.UTC(2026, 10, 20, 9, minute++)) },
  );
  expect(runCli(ARGS, m.io)).toBe(0);
  const g = own(m.files['out/review.csv']!);
  const [d, qa] = ['Decision', 'QA'].map((h) => g[0]!.indexOf(h));
  for (const r of g.slice(1)) if (r[qa!] === 'Approvable') r[d!] = 'Approve';
  m.files['out/review.csv'] = toCsv(g, { raw: true });
  return m;
}

/** The run, stopped at the first rename that comes after `after` was replaced. */
function stopAfter(m: ReturnType<typeof approved>, after: string): string {
  for (let k = 1; k < 100; k++) {
    const before = { ...m.files };
    m.failAt(k, 'EBUSY');
    const code = runCli(ARGS, m.io);
    m.failAt(undefined);
    const message = m.err.at(-1) ?? '';
    if (code === 2 && message.includes('could not finish writing') && new RegExp(`: [^:]*\\b${after.replace('.', '\\.')}\\b[^:]* (was|were) replaced`).test(message))
      return message;
    // not there yet: put every file back as it was
    for (const key of Object.keys(m.files)) delete m.files[key];
    Object.assign(m.files, before);
  }
  throw new Error(`never stopped after ${after}`);
}

const exportIds = (text: string | undefined): string[] => [
  ...new Set(
    own(text ?? '')
      .slice(1)
      .map((r) => r[0]!),
  ),
];

describe('an export interrupted after its log was written (F3, "lost")', () => {
  it('is undone by the next run, which exports its still-approved changes again under a new Export ID, once', () => {
    const m = approved();
    const message = stopAfter(m, 'export-log.csv');
    expect(message).toMatch(/summary\.json/); // not replaced: the run never committed
    const [first] = exportIds(m.files['out/export-log.csv']);
    expect(first).toMatch(/^EX-/);
    expect(runCli(ARGS, m.io)).toBe(0);
    const out = m.out.join('\n');
    expect(out).toContain(`the last run stopped before it finished, after logging export ${first} but before handing over its files: that export is undone`);
    // the changes leave again, in this run's export, and the log lists them once
    const changes = own(m.files['out/approved-changes.csv']!);
    expect(changes.length).toBeGreaterThan(1);
    const now = exportIds(m.files['out/export-log.csv']);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(first);
    expect(changes.slice(1).every((r) => r.at(-2) === now[0])).toBe(true);
    // the unfinished export's own copy is gone
    expect(Object.keys(m.files).filter((f) => f.startsWith(`out/exports/${first}/`))).toEqual([]);
    // a further run has nothing new, and repeats nothing
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(m.out.join('\n')).toContain('export (nothing new)');
    expect(exportIds(m.files['out/export-log.csv'])).toEqual(now);
  });

  it('a change rejected meanwhile is not exported again (it never left)', () => {
    const m = approved();
    stopAfter(m, 'export-log.csv');
    const g = own(m.files['out/review.csv']!);
    const d = g[0]!.indexOf('Decision');
    for (const r of g.slice(1)) if (r[d] === 'Approve') r[d] = 'Reject';
    m.files['out/review.csv'] = toCsv(g, { raw: true });
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(own(m.files['out/approved-changes.csv']!)).toHaveLength(1);
    expect(exportIds(m.files['out/export-log.csv'])).toEqual([]);
    // and nothing to roll back: it was never handed over
    expect(m.out.join('\n')).not.toContain('no longer approved but exported before');
  });

  it('stopped just before summary.json (the last file), it is undone too; a completed run never is', () => {
    const m = approved();
    stopAfter(m, 'report.html');
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(m.out.join('\n')).toContain('the last run stopped before it finished');
    const done = exportIds(m.files['out/export-log.csv']);
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(m.out.join('\n').split('the last run stopped')).toHaveLength(2);
    expect(exportIds(m.files['out/export-log.csv'])).toEqual(done);
  });
});

describe('an export folder its log never listed (F3, "doubled"), in a real folder', () => {
  const CLI = join(process.cwd(), 'build/cli.cjs');
  beforeAll(() => {
    if (!existsSync(CLI)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  });

  it('is swept by the next run; a logged one, and anything not its own, is kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crg-orphan-'));
    writeFileSync(join(dir, 'e.csv'), exportCsv([contact({ 'Record ID': '503', 'Contact owner': 'Dana Brooks' })]));
    writeFileSync(join(dir, 'r.json'), JSON.stringify(teamRulesFile));
    const run = () => execFileSync(process.execPath, [CLI, ...ARGS, '--out', 'out'], { cwd: dir, encoding: 'utf8' });
    run();
    const review = own(readFileSync(join(dir, 'out/review.csv'), 'utf8'));
    const [d, qa] = ['Decision', 'QA'].map((h) => review[0]!.indexOf(h));
    for (const r of review.slice(1)) if (r[qa!] === 'Approvable') r[d!] = 'Approve';
    writeFileSync(join(dir, 'out/review.csv'), toCsv(review, { raw: true }));
    run();
    const [logged] = readdirSync(join(dir, 'out/exports'));
    expect(logged).toMatch(/^EX-/);
    // a run that renamed its export's files in, then stopped before the log: a newer folder, unlisted
    const orphan = 'EX-29991231-235959-ZZZZ';
    cpSync(join(dir, 'out/exports', logged!), join(dir, 'out/exports', orphan), { recursive: true });
    // an older unlisted folder, and a file of the person's own, are not this tool's to remove
    const older = 'EX-20000101-000000-AAAA';
    cpSync(join(dir, 'out/exports', logged!), join(dir, 'out/exports', older), { recursive: true });
    writeFileSync(join(dir, 'out/exports', logged!, 'my-notes.txt'), 'imported on Monday');
    run();
    expect(readdirSync(join(dir, 'out/exports')).sort()).toEqual([older, logged].sort());
    expect(readdirSync(join(dir, 'out/exports', logged!)).sort()).toEqual(['approved-changes.csv', 'approved-merges.csv', 'my-notes.txt', 'rollback.csv']);
  });
});
