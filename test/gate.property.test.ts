/**
 * The gate under random operation sequences (fast-check): pulls that add, remove, reorder and change
 * records; reviews, decisions (valid, junk, by edit trigger), hand edits of machine columns, exports and
 * refreshes, each possibly interrupted at a random service call (add-on) or file write (CLI); plus, in
 * the CLI, a truncated or deleted review.csv and a concurrent run. After every operation:
 * - the Decision Log only grows, its hash chain holds, and no decision is logged twice in a row;
 * - every decision on the Review at a step that completed is in the log, and the Review shows none
 *   the log does not hold;
 * - every exported change is an approved, QA-passed proposal recomputed from the snapshot;
 * - no visible tab is partial.
 * Runs with a fixed seed in CI (FC_SEED overrides it) so a red build is reproducible.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { runCli } from '../src/cli/run';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { latestEntries, LOG_COLUMNS, parseLog, verifyLogChain } from '../src/core/decisions/log';
import { REVIEW_COLUMNS } from '../src/core/review/rows';
import { restoreFromCsv } from '../src/core/text/safeText';
import { cellToText } from '../src/core/text/cells';
import { BUNDLE_PATH, loadBundle } from '../src/local/bundle';
import type { LocalRuntime } from '../src/local/runtime';
import { workbookWithExport } from '../src/local/workbench';
import { contact, type Contact, exportCsv, grid, HUBSPOT_HEADERS, teamRulesFile } from './fixtures';
import { reviewOf } from './helpers';
import { memoryIo } from './memoryIo';

beforeAll(() => {
  if (!existsSync(BUNDLE_PATH)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
});

const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261126;
const RUNS = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : 30;

/** Records with planted issues of several checks, so reviews have proposals to decide on. */
function pool(): Contact[] {
  return [
    contact({ 'Record ID': '11', 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' }),
    contact({ 'Record ID': '12', Email: '' }),
    contact({ 'Record ID': '13', 'Contact owner': 'Dana Brooks' }),
    contact({ 'Record ID': '14', 'Contact owner': 'Ian Clarke' }),
    contact({ 'Record ID': '15', 'Lead Source': 'Unknown' }),
    contact({ 'Record ID': '16', 'Last Activity Date': '2026-01-02', 'Phone Number': '+44 20 0000 0016' }),
    contact({ 'Record ID': '17', Email: 'twin@pair.example', 'First Name': 'Pat', 'Last Name': 'Pair' }),
    contact({ 'Record ID': '18', Email: 'twin@pair.example', 'First Name': 'Pat', 'Last Name': 'Pair' }),
    contact({ 'Record ID': '19', 'Lifecycle Stage': 'Customer' }),
    contact({ 'Record ID': '20', 'Lead Source': '-', 'Original Source Drill-Down 1': 'google-ads-brand' }),
  ];
}

type Mutation =
  | { kind: 'add'; n: number }
  | { kind: 'remove'; at: number }
  | { kind: 'reverse' }
  | { kind: 'change'; at: number; field: 'Email' | 'Lead Source' | 'Contact owner' | 'Country/Region'; value: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), n: fc.integer({ min: 1, max: 99 }) }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('reverse' as const) }),
  fc.record({
    kind: fc.constant('change' as const),
    at: fc.nat(),
    field: fc.constantFrom('Email' as const, 'Lead Source' as const, 'Contact owner' as const, 'Country/Region' as const),
    value: fc.constantFrom('', 'Other', 'Dana Brooks', 'Bruno Keller', 'Canada', 'United Kingdom', 'new@mail.example', '=HYPERLINK("x")', '+44 1'),
  }),
);

function mutate(records: Contact[], m: Mutation): Contact[] {
  const out = [...records];
  if (m.kind === 'add') out.push(contact({ 'Record ID': String(100 + m.n), 'Contact owner': m.n % 2 ? '' : 'Dana Brooks' }));
  else if (m.kind === 'remove' && out.length > 2) out.splice(m.at % out.length, 1);
  else if (m.kind === 'reverse') out.reverse();
  else if (m.kind === 'change' && out.length) out[m.at % out.length] = { ...out[m.at % out.length]!, [m.field]: m.value };
  const seen = new Set<string>();
  return out.filter((c) => !seen.has(c['Record ID']!) && seen.add(c['Record ID']!));
}

const DECISIONS = ['Approve', 'Reject', 'Escalate', 'Pending'] as const;
const MACHINE = ['Proposed value', 'Current value', 'QA', 'Evidence', 'Evidence ID', 'Record ID', 'Field'] as const;

type AddonOp =
  | { op: 'pull'; m: Mutation; fail?: number }
  | { op: 'review' | 'export' | 'refresh'; fail?: number; during?: Typed }
  | { op: 'decide'; row: number; decision: (typeof DECISIONS)[number]; viaEdit: boolean }
  | { op: 'junk'; row: number }
  | { op: 'handEdit'; row: number; column: (typeof MACHINE)[number] };

/** A decision typed by edit at a service call of a step (while it holds the lock). */
type Typed = { at: number; row: number; decision: (typeof DECISIONS)[number] };
const typed = fc.option(fc.record({ at: fc.integer({ min: 1, max: 160 }), row: fc.nat(), decision: fc.constantFrom(...DECISIONS) }), { nil: undefined, freq: 3 });
const failure = fc.option(fc.integer({ min: 1, max: 160 }), { nil: undefined, freq: 3 });
const addonOp: fc.Arbitrary<AddonOp> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('pull' as const), m: mutation, fail: failure }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constantFrom('review' as const, 'export' as const, 'refresh' as const), fail: failure, during: typed }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('decide' as const), row: fc.nat(), decision: fc.constantFrom(...DECISIONS), viaEdit: fc.boolean() }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant('junk' as const), row: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('handEdit' as const), row: fc.nat(), column: fc.constantFrom(...MACHINE) }), weight: 2 },
);

function values(rt: LocalRuntime, name: string): string[][] {
  return (rt.spreadsheet.sheet(name)?.values() ?? []).map((r) => r.map((c) => cellToText(c)));
}

const STEP: Record<string, string> = { pull: 'pullApprovedFields', review: 'runReview', export: 'exportApprovedChanges', refresh: 'refreshSummary' };

/**
 * Checks the invariants that hold after every operation, failed or not. Never the same change logged
 * twice in a row, not even after a paste the edit trigger could not see put the cell back (the trigger
 * does not log what is already the log's last word).
 */
function checkLog(before: string[][], after: string[][]): void {
  expect(after.slice(0, before.length)).toEqual(before); // only grows
  expect(verifyLogChain(after)).toMatchObject({ intact: true });
  const byIssue = new Map<string, string>();
  for (const e of parseLog(after).entries) {
    const state = `${e.previousDecision}\u0000${e.decision}\u0000${e.reviewerNote}\u0000${e.evidenceId}`;
    expect(byIssue.get(e.issueId)).not.toBe(state);
    byIssue.set(e.issueId, state);
  }
}

type CliOp =
  | { op: 'run'; m?: Mutation; fail?: number; code: string }
  | { op: 'decide'; row: number; decision: (typeof DECISIONS)[number] }
  | { op: 'handEdit'; row: number; column: (typeof MACHINE)[number] }
  | { op: 'truncate'; at: number }
  | { op: 'delete' }
  | { op: 'concurrent' };

const cliOp: fc.Arbitrary<CliOp> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('run' as const),
      m: fc.option(mutation, { nil: undefined }),
      fail: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined, freq: 3 }),
      code: fc.constantFrom('ENOSPC', 'EACCES', 'EROFS'),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ op: fc.constant('decide' as const), row: fc.nat(), decision: fc.constantFrom(...DECISIONS) }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant('handEdit' as const), row: fc.nat(), column: fc.constantFrom(...MACHINE) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('delete' as const) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('concurrent' as const) }), weight: 1 },
);

/** Counterexamples fast-check found while the gate was built; each was a real bug, and stays a test. */
const ADDON_REGRESSIONS: [AddonOp[]][] = [
  [[{ op: 'decide', row: 3, decision: 'Reject', viaEdit: false }, { op: 'review' }, { op: 'decide', row: 3, decision: 'Reject', viaEdit: true }]],
  [
    [
      { op: 'decide', row: 1185732752, decision: 'Reject', viaEdit: true },
      { op: 'decide', row: 121324957, decision: 'Approve', viaEdit: false },
      { op: 'decide', row: 257814068, decision: 'Reject', viaEdit: true },
      { op: 'decide', row: 0, decision: 'Approve', viaEdit: false },
      { op: 'decide', row: 0, decision: 'Approve', viaEdit: false },
      { op: 'pull', m: { kind: 'reverse' } },
      { op: 'pull', m: { kind: 'remove', at: 0 } },
      { op: 'review' },
    ],
  ],
  [
    [
      { op: 'decide', row: 0, decision: 'Approve', viaEdit: false },
      { op: 'review', fail: 31 },
      { op: 'decide', row: 0, decision: 'Escalate', viaEdit: true },
      { op: 'decide', row: 0, decision: 'Approve', viaEdit: false },
      { op: 'review' },
      { op: 'review' },
    ],
  ],
  [[{ op: 'export' }, { op: 'junk', row: 0 }, { op: 'review' }, { op: 'pull', m: { kind: 'reverse' } }, { op: 'review', fail: 30 }, { op: 'review' }]],
];
const CLI_REGRESSIONS: [CliOp[]][] = [
  // a review.csv cut inside its header ("…,Evidence ID" → "…,Evidence"): a repeated machine column is not refused
  [
    [
      { op: 'truncate', at: 1991379619 },
      { op: 'decide', row: 0, decision: 'Approve' },
      { op: 'run', code: 'ENOSPC' },
      { op: 'decide', row: 0, decision: 'Approve' },
    ],
  ],
  [
    [
      { op: 'truncate', at: 0 },
      { op: 'decide', row: 0, decision: 'Approve' },
      { op: 'run', code: 'ENOSPC' },
      { op: 'run', code: 'ENOSPC' },
    ],
  ],
  [
    [
      { op: 'decide', row: 0, decision: 'Escalate' },
      { op: 'run', m: { kind: 'add', n: 38 }, fail: 1, code: 'ENOSPC' },
      { op: 'run', m: { kind: 'reverse' }, code: 'ENOSPC' },
      { op: 'truncate', at: 593051494 },
      { op: 'truncate', at: 1274793711 },
      { op: 'decide', row: 0, decision: 'Approve' },
      { op: 'run', code: 'ENOSPC' },
    ],
  ],
];

describe('the gate under random operation sequences', () => {
  it('add-on: nothing lost, no bypass, whatever the order and wherever a step is interrupted', () => {
    fc.assert(fc.property(fc.array(addonOp, { minLength: 5, maxLength: 22 }), runAddonOps), { seed: SEED, numRuns: RUNS, examples: ADDON_REGRESSIONS });
  });

  it('CLI: the same promises over files, with truncation, deletion, failed writes and a concurrent run', () => {
    fc.assert(fc.property(fc.array(cliOp, { minLength: 5, maxLength: 25 }), runCliOps), { seed: SEED, numRuns: RUNS * 2, examples: CLI_REGRESSIONS });
  });
});

// keep LOG_COLUMNS in the contract: the property relies on these names
it('logs the columns the properties read', () => {
  for (const c of ['Issue ID', 'Decision', 'Reviewer note', 'Evidence ID', 'Row hash']) expect(LOG_COLUMNS).toContain(c);
});

function runAddonOps(ops: AddonOp[]): void {
  let records = pool();
  const rt = workbookWithExport(exportCsv(records), { rules: teamRulesFile });
  const a = loadBundle(rt);
  a.call('pullApprovedFields');
  a.call('runReview');
  /** One execution; an injected failure can hit even the alert that reports a failure, and then the execution fails. */
  const call = (name: string, ...args: unknown[]): boolean => {
    try {
      a.call(name, ...args);
      return true;
    } catch (error) {
      expect(String(error)).toContain('Injected failure');
      return false;
    }
  };
  const col = (name: (typeof REVIEW_COLUMNS)[number]) => REVIEW_COLUMNS.indexOf(name) + 1;
  for (const [i, o] of ops.entries()) {
    const logBefore = values(rt, 'Decision Log');
    const review = rt.spreadsheet.sheet('Review');
    const rows = Math.max(0, (review?.values().length ?? 1) - 1);
    let stepOk = false;
    let decisionsAtStep: Map<string, string> | undefined;
    // the issue a decision was typed on while the step ran: logged by the step if typed before its commit,
    // else (on the new Review, the lock still held) by the next step
    let typedIssue: string | undefined;
    if (o.op === 'decide' || o.op === 'junk' || o.op === 'handEdit') {
      if (!review || rows === 0) continue;
      const r = 2 + (o.row % rows);
      if (o.op === 'decide' && o.viaEdit) call('onEdit', rt.editEvent('Review', r, col('Decision'), o.decision, 'alice@example.com'));
      else if (o.op === 'decide') review.store(r, col('Decision'), o.decision);
      else if (o.op === 'junk') review.store(r, col('Decision'), 'Maybe');
      else review.store(r, col(o.column), `HAND-EDIT-${i}`);
    } else {
      if (o.op === 'pull') {
        records = mutate(records, o.m);
        const src = rt.spreadsheet.sheet('contacts-export')!;
        src.rows = [];
        grid(records).forEach((row, r) => row.forEach((v, c) => src.store(r + 1, c + 1, v, true)));
      }
      // a pull does not touch decisions; review, export and refresh log them
      const reviewGrid = o.op === 'pull' ? [] : values(rt, 'Review');
      decisionsAtStep = new Map(reviewGrid.slice(1).map((r) => [r[0]!, r[col('Decision') - 1]!]));
      const alerts = rt.alerts.length;
      const during = o.op === 'pull' ? undefined : o.during;
      if (during)
        rt.duringCall(during.at, () => {
          const tab = rt.spreadsheet.sheet('Review');
          const n = (tab?.values().length ?? 1) - 1;
          if (!tab || n < 1) return;
          const r = 2 + (during.row % n);
          typedIssue = cellToText(tab.values()[r - 1]?.[0]);
          a.call('onEdit', rt.editEvent('Review', r, col('Decision'), during.decision, 'alice@example.com'));
        });
      rt.failAt(o.fail);
      const returned = call(STEP[o.op]!);
      rt.failAt(undefined);
      rt.duringCall(undefined);
      stepOk = returned && rt.alerts.length === alerts;
    }
    const logAfter = values(rt, 'Decision Log');
    checkLog(logBefore, logAfter);
    // a new tab in sight only when its commit was recorded (it is whole)
    if (rt.spreadsheet.sheetList.some((s) => !s.hidden && s.name.endsWith(' ~new'))) expect(rt.documentProperties.store.has('crg.commit')).toBe(true);
    if (!stepOk) continue;
    expect(rt.spreadsheet.sheetList.some((s) => s.name.endsWith(' ~new'))).toBe(false);
    if (o.op === 'pull') continue; // a pull leaves the Review and its decisions as they are
    const latest = latestEntries(parseLog(logAfter).entries);
    // every decision on the Review when the step ran is in the log
    for (const [issue, decision] of decisionsAtStep ?? []) {
      // (one typed over while the step ran, before it read the Review, is what the step saw instead)
      if (decision === 'Pending' || decision === 'Maybe' || !issue.startsWith('RG-') || issue === typedIssue) continue;
      expect(parseLog(logAfter).entries.some((e) => e.issueId === issue && e.decision === decision)).toBe(true);
    }
    // the Review shows no decision the log does not hold
    const reviewNow = values(rt, 'Review');
    for (const r of reviewNow.slice(1)) {
      const d = r[col('Decision') - 1]!;
      if (d !== 'Pending' && r[0] !== typedIssue) expect(latest.get(r[0]!)?.decision).toBe(d);
    }
    if (o.op === 'export') {
      // every exported change: approved, approvable, and what the snapshot and the Rules give
      const fresh = reviewOf(records, undefined, undefined, HUBSPOT_HEADERS);
      const changes = values(rt, 'Approved Changes');
      const [header = [], ...body] = changes;
      const reviewRows = reviewNow.slice(1);
      for (const line of body) {
        header.forEach((field, c) => {
          if (c === 0 || field === 'Export ID' || field === 'Exported at' || line[c] === '') return;
          expect(line[c]).not.toMatch(/HAND-EDIT/);
          const row = reviewRows.find((r) => r[col('Record ID') - 1] === line[0] && r[col('Field') - 1] === field)!;
          expect(row[col('Decision') - 1]).toBe('Approve');
          expect(row[col('QA') - 1]).toBe('Approvable');
          expect(fresh.some((f) => f.recordId === line[0] && f.field === field && f.proposedValue === line[c])).toBe(true);
        });
      }
    }
  }
}

function runCliOps(ops: CliOp[]): void {
  let records = pool();
  const locks = new Set<string>();
  const m = memoryIo({ 'e.csv': exportCsv(records), 'r.json': JSON.stringify(teamRulesFile) }, { locks });
  const run = () => runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
  expect(run()).toBe(0);
  const own = (p: string) => (m.files[p] ? parseCsv(m.files[p]!).map((r) => r.map(restoreFromCsv)) : []);
  /** Every decision a person left in review.csv before a run that completed. */
  for (const [i, o] of ops.entries()) {
    const logBefore = own('out/decision-log.csv');
    const reviewBefore = m.files['out/review.csv'];
    if (o.op === 'decide' || o.op === 'handEdit') {
      if (!reviewBefore) continue;
      let g: string[][];
      try {
        g = parseCsv(reviewBefore);
      } catch {
        continue; // a damaged file a person would not edit
      }
      if (g.length < 2 || !g[0]!.includes('Decision')) continue;
      const r = g[1 + (o.row % (g.length - 1))]!;
      if (r.length !== g[0]!.length) continue; // a row cut short by a truncation: a damaged file too
      if (o.op === 'decide') r[g[0]!.indexOf('Decision')] = o.decision;
      else r[g[0]!.indexOf(o.column)] = `HAND-EDIT-${i}`;
      m.files['out/review.csv'] = toCsv(g, { raw: true });
      continue;
    }
    if (o.op === 'truncate') {
      if (reviewBefore) m.files['out/review.csv'] = reviewBefore.slice(0, o.at % (reviewBefore.length + 1));
      continue;
    }
    if (o.op === 'delete') {
      delete m.files['out/review.csv'];
      continue;
    }
    if (o.op === 'concurrent') {
      const before = JSON.stringify(Object.entries(m.files).sort());
      locks.add('out');
      expect(run()).toBe(2);
      expect(m.err.at(-1)).toContain('another crm-review-gate run is using out');
      locks.delete('out');
      expect(JSON.stringify(Object.entries(m.files).sort())).toBe(before);
      continue;
    }
    if (o.m) {
      records = mutate(records, o.m);
      m.files['e.csv'] = exportCsv(records);
    }
    let decisionsBefore: string[][] = [];
    try {
      decisionsBefore = reviewBefore ? parseCsv(reviewBefore).map((r) => r.map(restoreFromCsv)) : [];
    } catch {
      decisionsBefore = [];
    }
    m.failAt(o.fail, o.code);
    const code = run();
    m.failAt(undefined);
    const logAfter = own('out/decision-log.csv');
    checkLog(logBefore, logAfter);
    expect(Object.keys(m.files).filter((p) => p.endsWith('.tmp'))).toEqual([]);
    if (code !== 0) {
      expect(m.err.at(-1)).toMatch(/^crm-review-gate: (cannot (write|replace|remove) |could not finish writing )/);
      continue;
    }
    const logged = parseLog(logAfter).entries;
    const h = decisionsBefore[0] ?? [];
    for (const r of decisionsBefore.slice(1)) {
      const d = r[h.indexOf('Decision')];
      // whole rows with a real decision; a row cut short is damage, restored from the log instead
      if (!d || !['Approve', 'Reject', 'Escalate'].includes(d) || !r[0]?.startsWith('RG-') || r.length < h.length) continue;
      expect(logged.some((e) => e.issueId === r[0] && e.decision === d)).toBe(true);
    }
    const latest = latestEntries(logged);
    const reviewNow = own('out/review.csv');
    const rh = reviewNow[0]!;
    for (const r of reviewNow.slice(1)) {
      const d = r[rh.indexOf('Decision')]!;
      if (d !== 'Pending') expect(latest.get(r[0]!)?.decision).toBe(d);
    }
    // the import file: approved, approvable, recomputed proposals only
    const fresh = reviewOf(records);
    const [header = [], ...body] = own('out/approved-changes.csv');
    expect(header.slice(-2)).toEqual(['Export ID', 'Exported at']);
    for (const line of body) {
      header.forEach((field, c) => {
        if (c === 0 || c >= header.length - 2 || line[c] === '') return;
        expect(line[c]).not.toMatch(/HAND-EDIT/);
        const row = reviewNow.slice(1).find((r) => r[rh.indexOf('Record ID')] === line[0] && r[rh.indexOf('Field')] === field)!;
        expect(row[rh.indexOf('Decision')]).toBe('Approve');
        expect(row[rh.indexOf('QA')]).toBe('Approvable');
        expect(fresh.some((f) => f.recordId === line[0] && f.field === field && f.proposedValue === line[c])).toBe(true);
      });
    }
  }
}
