/** The CLI's batch lifecycle: --close, DIR/history.json (atomic), summary.json's additions and report.html. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run';
import { memoryIo as baseIo } from './memoryIo';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { type Contact, contact, exportCsv, teamRulesFile } from './fixtures';

/** test/memoryIo.ts with a clock the test moves, and a record of file operations. */
function memoryIo(files: Record<string, string> = {}, clock = { now: new Date('2026-11-20T09:00:00Z') }) {
  const m = baseIo(files, { now: () => clock.now });
  const ops: string[] = [];
  const { writeTemp, rename } = m.io;
  m.io.writeTemp = (p, t) => {
    const temp = writeTemp(p, t);
    ops.push(`write ${temp}`);
    return temp;
  };
  m.io.rename = (from, to) => {
    ops.push(`rename ${from} -> ${to}`);
    rename(from, to);
  };
  return { ...m, ops, clock };
}

const week = (asOf: string, extra: Contact[] = []) =>
  exportCsv([
    contact({ 'Record ID': '1', 'Contact owner': 'Dana Brooks' }),
    contact({ 'Record ID': '2', 'Contact owner': 'Dana Brooks' }),
    contact({ 'Record ID': '3', 'Lead Source': 'Other' }),
    contact({ 'Record ID': '4', 'Last Activity Date': asOf }),
    ...extra,
  ]);

function decideAll(m: ReturnType<typeof memoryIo>, pick: (cells: string[], header: string[]) => string | undefined) {
  const review = parseCsv(m.files['o/review.csv']!);
  const d = review[0]!.indexOf('Decision');
  for (const row of review.slice(1)) {
    const v = pick(row, review[0]!);
    if (v) row[d] = v;
  }
  m.files['o/review.csv'] = toCsv(review);
}

const run = (m: ReturnType<typeof memoryIo>, asOf: string, ...more: string[]) =>
  runCli(['review', 'export.csv', '--rules', 'rules.json', '--out', 'o', '--as-of', asOf, ...more], m.io);

describe('crm-review-gate review --close', () => {
  it('archives the batch to history.json, atomically, and keeps it through re-runs', () => {
    const m = memoryIo({ 'export.csv': week('2026-11-06'), 'rules.json': JSON.stringify(teamRulesFile) });
    expect(run(m, '2026-11-06')).toBe(0);
    expect(m.files['o/history.json']).toBeUndefined();
    expect(JSON.parse(m.files['o/summary.json']!)).toMatchObject({ batchStatus: 'open', history: [] });
    decideAll(m, (r, h) => (r[h.indexOf('Record ID')] === '3' ? 'Approve' : undefined));
    expect(run(m, '2026-11-06', '--close')).toBe(0);
    expect(m.out.at(-1)).toMatch(/^ {2}closed batch B-20261120-090000 in o\/history.json \(1 closed batch\); the next run starts a new batch$/);
    // written with the run's other files: to a temporary file first, then renamed into place
    expect(m.ops.filter((o) => o.includes('history.json'))).toEqual([
      expect.stringMatching(/^write o\/history\.json\.\d+\.tmp$/),
      expect.stringMatching(/^rename o\/history\.json\.\d+\.tmp -> o\/history\.json$/),
    ]);
    expect(Object.keys(m.files).filter((f) => f.includes('.tmp'))).toEqual([]);
    const history = JSON.parse(m.files['o/history.json']!);
    expect(history.version).toBe(1);
    expect(history.batches).toHaveLength(1);
    expect(history.batches[0]).toMatchObject({ asOf: '2026-11-06', recordsReviewed: 4, recordsCorrected: 1, correctedRecords: ['3'], openIssues: expect.any(Array) });
    expect(history.batches[0].openIssues).toHaveLength(2);
    const summary = JSON.parse(m.files['o/summary.json']!);
    expect(summary).toMatchObject({ batchStatus: 'closed', history: [{ asOf: '2026-11-06', recordsCorrected: 1, routingExceptionRate: 0.25 }] });
    expect(summary.history[0].openIssues).toBeUndefined(); // summary.json lists the headline only

    // a re-run of the same export is the same batch: still closed, history untouched
    const before = m.files['o/history.json'];
    m.clock.now = new Date('2026-11-20T10:00:00Z');
    expect(run(m, '2026-11-06')).toBe(0);
    expect(m.files['o/history.json']).toBe(before);
    expect(JSON.parse(m.files['o/summary.json']!)).toMatchObject({ batchStatus: 'closed', batchId: 'B-20261120-090000' });
    // closing it again updates its entry instead of adding one
    expect(run(m, '2026-11-06', '--close')).toBe(0);
    expect(m.out.at(-1)).toContain('updated the closed batch B-20261120-090000');
    expect(JSON.parse(m.files['o/history.json']!).batches).toHaveLength(1);
  });

  it('says when decisions made after Close have left its history entry behind, until it is closed again', () => {
    const m = memoryIo({ 'export.csv': week('2026-11-06'), 'rules.json': JSON.stringify(teamRulesFile) });
    expect(run(m, '2026-11-06')).toBe(0);
    expect(run(m, '2026-11-06', '--close')).toBe(0);
    expect(run(m, '2026-11-06')).toBe(0);
    expect(m.out.join('\n')).not.toContain('its decisions have changed since');
    decideAll(m, (r, h) => (r[h.indexOf('Record ID')] === '3' ? 'Reject' : undefined));
    const from = m.out.length;
    expect(run(m, '2026-11-06')).toBe(0);
    expect(m.out.slice(from).join('\n')).toMatch(
      /\n {2}batch B-20261120-090000 was closed at 2026-11-20T09:00:00Z with approved 0, rejected 0, escalated 0, pending \d+; its decisions have changed since: run with --close to update history\.json \(its trend\)$/,
    );
    expect(run(m, '2026-11-06', '--close')).toBe(0);
    const after = m.out.length;
    expect(run(m, '2026-11-06')).toBe(0);
    expect(m.out.slice(after).join('\n')).not.toContain('its decisions have changed since');
  });

  it('builds the trend and recurrence across three closed batches', () => {
    const m = memoryIo({ 'rules.json': JSON.stringify({ ...teamRulesFile, patterns: { minRecurring: 2 } }) });
    const days = ['2026-11-06', '2026-11-13', '2026-11-20'];
    days.forEach((asOf, i) => {
      m.files['export.csv'] = week(asOf, [contact({ 'Record ID': `9${i}` })]);
      m.clock.now = new Date(`${asOf}T09:00:00Z`);
      expect(run(m, asOf)).toBe(0);
      decideAll(m, (r, h) => (r[h.indexOf('Check')] === 'source_mismatch' ? 'Approve' : undefined));
      expect(run(m, asOf, '--close')).toBe(0);
    });
    const summary = JSON.parse(m.files['o/summary.json']!);
    expect(summary.history.map((h: { asOf: string }) => h.asOf)).toEqual(days);
    expect(summary.trend30).toMatchObject({ fromAsOf: '2026-11-06', batches: 3 });
    expect(summary.trendText).toMatch(/^Routing exception rate 20\.0% on 2026-11-20, unchanged from 20\.0% on 2026-11-06 \(3 batches in the last 30 days\)\.$/);
    expect(summary.patterns).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'process', rulesKey: 'routing R-EMEA', figures: { issues: 2, batches: 2, longestStreak: 3 } })]),
    );
    expect(summary.patterns.find((p: { rulesKey: string }) => p.rulesKey === 'routing R-EMEA').text).toContain('2 routing_exception issues (routing R-EMEA) stayed open');
    const html = m.files['o/report.html']!;
    expect(html.match(/<circle class="point"/g)).toHaveLength(3);
    expect(html).toContain('unchanged from 20.0% on 2026-11-06');
  });

  it('reports zeros and a message for a batch without exceptions', () => {
    const m = memoryIo({ 'export.csv': exportCsv([contact(), contact()]), 'rules.json': JSON.stringify(teamRulesFile) });
    expect(run(m, '2026-11-20')).toBe(0);
    expect(JSON.parse(m.files['o/summary.json']!)).toMatchObject({
      recordsReviewed: 2,
      proposals: 0,
      routingExceptionRate: 0,
      message: 'No exceptions in this batch: all 2 records passed every check.',
      patterns: [],
    });
    expect(m.files['o/report.html']).toContain('<p class="note" id="message">No exceptions in this batch: all 2 records passed every check.</p>');
  });

  it('refuses a damaged history.json, exits 2, and writes nothing', () => {
    const m = memoryIo({ 'export.csv': week('2026-11-20'), 'rules.json': JSON.stringify(teamRulesFile), 'o/history.json': '{"version":1,"batches":[{"batchId":"B-1"}' });
    const before = { ...m.files };
    expect(run(m, '2026-11-20')).toBe(2);
    expect(run(m, '2026-11-20', '--close')).toBe(2);
    expect(m.err).toEqual([
      expect.any(String),
      'crm-review-gate: o/history.json is not valid JSON, so the batch history cannot be read. Restore it from a backup, or move it away to start a new history; nothing was changed.',
    ]);
    expect(m.files).toEqual(before); // stopped before its first write: no review.csv, summary.json or report.html
  });
});

describe('the installed bin with --close', () => {
  const bin = join(process.cwd(), 'build/cli.cjs');
  beforeAll(() => {
    if (!existsSync(bin)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  });

  it('keeps history.json in the output folder across runs and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crg-history-'));
    writeFileSync(join(dir, 'rules.json'), JSON.stringify(teamRulesFile));
    for (const [i, asOf] of ['2026-11-13', '2026-11-20'].entries()) {
      writeFileSync(join(dir, 'export.csv'), week(asOf, [contact({ 'Record ID': `7${i}` })]));
      const r = spawnSync(process.execPath, [bin, 'review', join(dir, 'export.csv'), '--rules', join(dir, 'rules.json'), '--out', join(dir, 'out'), '--as-of', asOf, '--close'], {
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    const files = readdirSync(join(dir, 'out'));
    expect(files).toEqual(expect.arrayContaining(['history.json', 'report.html', 'review.csv', 'summary.json']));
    expect(files.filter((f) => f.includes('tmp'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'out/history.json'), 'utf8')).batches.map((b: { asOf: string }) => b.asOf)).toEqual(['2026-11-13', '2026-11-20']);
  });
});

describe('batch identity in the CLI', () => {
  it('keeps two different exports closed in the same second apart', () => {
    const m = memoryIo({ 'rules.json': JSON.stringify(teamRulesFile) });
    m.files['export.csv'] = week('2026-11-13');
    expect(run(m, '2026-11-13', '--close')).toBe(0);
    m.files['export.csv'] = week('2026-11-20', [contact()]);
    expect(run(m, '2026-11-20', '--close')).toBe(0);
    const ids = JSON.parse(m.files['o/history.json']!).batches.map((b: { batchId: string }) => b.batchId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toMatch(/^B-20261120-090000-\w{4}$/);
  });
});
