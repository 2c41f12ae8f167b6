/**
 * An export whose run stopped part-way (a kill, a file held open by Excel on Windows): a run that exports
 * writes export-pending.json first and removes it after summary.json, written last, has committed it. The
 * next run undoes an export the marker names and the pin does not cover, and exports its changes again if
 * still approved: never lost, never twice. Without the marker nothing is undone (an older summary.json put
 * back does not make handed-over exports look unfinished). (Adversarial evaluation of the CLI's weekly
 * flow, 2026-11-27, F3; its verification, N1, N2, N4.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    expect(out).toContain(`the last run stopped before it finished: its export ${first} was never handed over, and is undone`);
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

describe('an export whose files were renamed in before the log that would list it (F3, "doubled")', () => {
  it('is undone by the next run: its folder goes, its changes leave once under a new Export ID', () => {
    const m = approved();
    stopAfter(m, 'approved-merges.csv'); // the export's own folder, complete; export-log.csv not yet
    expect(m.files['out/export-log.csv']).toBeUndefined();
    const orphan = Object.keys(m.files)
      .find((f) => f.startsWith('out/exports/'))!
      .split('/')[2]!;
    expect(m.files['out/export-pending.json']).toContain(orphan);
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(Object.keys(m.files).filter((f) => f.startsWith(`out/exports/${orphan}/`))).toEqual([]);
    const now = exportIds(m.files['out/export-log.csv']);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(orphan);
    expect(m.files['out/export-pending.json']).toBeUndefined();
  });
});

describe('nothing is undone without the marker of a stopped run (N1, N2)', () => {
  function twoWeeks() {
    const m = approved();
    expect(runCli(ARGS, m.io)).toBe(0);
    const week1 = m.files['out/summary.json']!;
    // the next week: another change approved and exported
    m.files['e.csv'] = exportCsv([
      contact({ 'Record ID': '503', 'Contact owner': 'Dana Brooks' }),
      contact({ 'Record ID': '504', Email: 'Ada@Example.com' }),
      contact({ 'Record ID': '505', 'Contact owner': 'Dana Brooks' }),
    ]);
    expect(runCli(ARGS, m.io)).toBe(0);
    const g = own(m.files['out/review.csv']!);
    const [d, qa] = ['Decision', 'QA'].map((h) => g[0]!.indexOf(h));
    for (const r of g.slice(1)) if (r[qa!] === 'Approvable') r[d!] = 'Approve';
    m.files['out/review.csv'] = toCsv(g, { raw: true });
    expect(runCli(ARGS, m.io)).toBe(0);
    const ids = exportIds(m.files['out/export-log.csv']);
    expect(ids).toHaveLength(2);
    expect(m.files['out/export-pending.json']).toBeUndefined();
    return { m, week1, ids };
  }

  it('an older summary.json put back (from a backup): every export stays, nothing leaves again', () => {
    const { m, week1, ids } = twoWeeks();
    const log = m.files['out/export-log.csv'];
    const folders = Object.keys(m.files)
      .filter((f) => f.startsWith('out/exports/'))
      .sort();
    m.files['out/summary.json'] = week1;
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(m.out.join('\n')).not.toContain('the last run stopped');
    expect(m.files['out/export-log.csv']).toBe(log);
    expect(exportIds(m.files['out/export-log.csv'])).toEqual(ids);
    expect(
      Object.keys(m.files)
        .filter((f) => f.startsWith('out/exports/'))
        .sort(),
    ).toEqual(folders);
    expect(own(m.files['out/approved-changes.csv']!)).toHaveLength(1);
  });

  it('an export log emptied or cut is refused, and no export folder is touched', () => {
    const { m } = twoWeeks();
    const folders = Object.fromEntries(Object.entries(m.files).filter(([f]) => f.startsWith('out/exports/')));
    for (const damaged of ['', toCsv([own(m.files['out/export-log.csv']!)[0]!])]) {
      const before = { ...m.files, 'out/export-log.csv': damaged };
      m.files['out/export-log.csv'] = damaged;
      expect(runCli(ARGS, m.io)).toBe(2);
      expect(m.files).toEqual(before);
      expect(Object.fromEntries(Object.entries(m.files).filter(([f]) => f.startsWith('out/exports/')))).toEqual(folders);
    }
  });

  it('a marker whose exports the pin covers (the run stopped after summary.json) undoes nothing, and goes', () => {
    const { m, ids } = twoWeeks();
    m.files['out/export-pending.json'] = JSON.stringify({ exportIds: [ids[1]] });
    const log = m.files['out/export-log.csv'];
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(m.out.join('\n')).not.toContain('the last run stopped');
    expect(m.files['out/export-log.csv']).toBe(log);
    expect(m.files['out/export-pending.json']).toBeUndefined();
  });
});

describe('a marker that lies (second verification)', () => {
  it("one that does not read as the tool's is refused, changing nothing", () => {
    const m = approved();
    m.files['out/export-pending.json'] = 'EX-20261120-090000-ABCD';
    const before = { ...m.files };
    expect(runCli(ARGS, m.io)).toBe(2);
    expect(m.err.at(-1)).toBe(
      'crm-review-gate: out/export-pending.json is not the file this tool writes (it names the exports of a run that stopped part-way, to undo them). Put it back as it was; or, if no run was interrupted, delete it and run again. This run changed nothing.',
    );
    expect(m.files).toEqual(before);
  });

  it('one naming an export that never was says nothing of it, and goes', () => {
    const m = approved();
    m.files['out/export-pending.json'] = JSON.stringify({ exportIds: ['EX-20000101-000000-AAAA'] });
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(m.out.join('\n')).not.toContain('the last run stopped');
    expect(m.files['out/export-pending.json']).toBeUndefined();
    expect(exportIds(m.files['out/export-log.csv'])).toHaveLength(1);
  });

  it('an export or a rules file saved as the marker in the output folder is refused, not read and deleted', () => {
    const m = approved();
    m.files['out/export-pending.json'] = m.files['e.csv']!;
    expect(runCli(['review', 'out/export-pending.json', '--rules', 'r.json'], m.io)).toBe(2);
    expect(m.err.at(-1)).toContain('out/export-pending.json is one of the files this run writes in out, so the export would be overwritten.');
    m.files['out/export-pending.json'] = m.files['r.json']!;
    expect(runCli(['review', 'e.csv', '--rules', 'out/export-pending.json'], m.io)).toBe(2);
    expect(m.err.at(-1)).toContain('out/export-pending.json is one of the files this run writes in out, so the rules file would be overwritten. Rename the rules file');
    expect(m.files['out/export-pending.json']).toBe(m.files['r.json']);
  });
});

describe('the real folder', () => {
  const CLI = join(process.cwd(), 'build/cli.cjs');
  beforeAll(() => {
    if (!existsSync(CLI)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  });

  it('keeps every export folder whatever the export log says at the lock (the run checks the log first)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crg-exports-'));
    writeFileSync(join(dir, 'e.csv'), exportCsv([contact({ 'Record ID': '503', 'Contact owner': 'Dana Brooks' })]));
    writeFileSync(join(dir, 'r.json'), JSON.stringify(teamRulesFile));
    const run = () => execFileSync(process.execPath, [CLI, ...ARGS, '--out', 'out'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    run();
    const review = own(readFileSync(join(dir, 'out/review.csv'), 'utf8'));
    const [d, qa] = ['Decision', 'QA'].map((h) => review[0]!.indexOf(h));
    for (const r of review.slice(1)) if (r[qa!] === 'Approvable') r[d!] = 'Approve';
    writeFileSync(join(dir, 'out/review.csv'), toCsv(review, { raw: true }));
    run();
    const [logged] = readdirSync(join(dir, 'out/exports'));
    expect(logged).toMatch(/^EX-/);
    const log = readFileSync(join(dir, 'out/export-log.csv'));
    writeFileSync(join(dir, 'out/export-log.csv'), '');
    expect(() => run()).toThrow();
    expect(readdirSync(join(dir, 'out/exports', logged!)).sort()).toEqual(['approved-changes.csv', 'approved-merges.csv', 'rollback.csv']);
    writeFileSync(join(dir, 'out/export-log.csv'), log);
    run();
    expect(readdirSync(join(dir, 'out/exports'))).toEqual([logged]);
  });
});
