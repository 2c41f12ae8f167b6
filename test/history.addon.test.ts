/** The built add-on in the local runtime: Close batch, the History tab, the Summary's report and chart. */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BUNDLE_PATH, loadBundle } from '../src/local/bundle';
import type { LocalRuntime } from '../src/local/runtime';
import { decide, workbookWithExport } from '../src/local/workbench';
import { contact, exportCsv, teamRulesFile, smallBatch } from './fixtures';

beforeAll(() => {
  if (!existsSync(BUNDLE_PATH)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
});

const DECISIONS: Record<string, 'Approve' | 'Reject' | 'Escalate'> = { 1: 'Approve', 2: 'Reject', 3: 'Approve', 4: 'Escalate', 6: 'Approve' };

function setup() {
  const rt = workbookWithExport(exportCsv(smallBatch()), { rules: teamRulesFile });
  const addon = loadBundle(rt);
  const click = (fn: string) => {
    const alerts = rt.alerts.length;
    addon.call(fn);
    return rt.alerts.slice(alerts);
  };
  return { rt, addon, click };
}

const tab = (rt: LocalRuntime, name: string) => rt.spreadsheet.sheet(name)!.values();
const metric = (rt: LocalRuntime, label: string) => tab(rt, 'Summary').find((r) => r[0] === label)?.[1];
const setAsOf = (rt: LocalRuntime, asOf: string) => {
  const rules = rt.spreadsheet.sheet('Rules')!;
  rules.store(rules.values().findIndex((r) => r[0] === 'asOf') + 1, 2, asOf);
};
/** Batch ids are made from the second of the pull: let the clock move on before the next one. */
const nextSecond = () => new Promise((r) => setTimeout(r, 1100));

/** The labels and values a chart plots, read from its ranges. */
function chartSeries(rt: LocalRuntime, name: string) {
  const sheet = rt.spreadsheet.sheet(name)!;
  expect(sheet.charts).toHaveLength(1);
  const [labels, values] = sheet.charts[0]!.ranges.map((r) =>
    sheet
      .values()
      .slice(r.r1 - 1, r.r2)
      .map((row) => row[r.c1 - 1]),
  );
  expect(sheet.charts[0]!.type).toBe('LINE');
  return { labels: labels!, values: values!, chart: sheet.charts[0]! };
}

describe('Close batch in the add-on', () => {
  it('is on the menu', () => {
    const { rt, addon } = setup();
    addon.call('onOpen');
    expect(rt.menus[0]!.items.find((i) => i.caption === 'Close batch')!.functionName).toBe('closeBatch');
  });

  it('shows the figures computed by hand on the Summary tab', () => {
    const { rt, click } = setup();
    expect(click('pullApprovedFields')).toEqual([]);
    expect(click('runReview')).toEqual([]);
    decide(rt, (l) => DECISIONS[l.cells['Record ID']!]);
    expect(click('refreshSummary')).toEqual([]);
    expect([
      metric(rt, 'Records reviewed'),
      metric(rt, 'Records flagged'),
      metric(rt, 'Proposals'),
      metric(rt, 'Approved'),
      metric(rt, 'Rejected'),
      metric(rt, 'Escalated'),
      metric(rt, 'Pending'),
    ]).toEqual([8, 6, 6, 3, 1, 1, 1]);
    expect(metric(rt, 'Routing exception rate')).toBe('37.5%');
    expect(metric(rt, 'Closed-stage routing exceptions')).toBe(1);
    const g = tab(rt, 'Summary');
    const owners = g.findIndex((r) => r[0] === 'By owner');
    expect(g.slice(owners + 1, owners + 4).map((r) => r.slice(0, 9))).toEqual([
      ['Dana Brooks', 3, '37.5%', 3, '50.0%', 2, 1, 0, 0],
      ['Alice Martin', 4, '50.0%', 2, '33.3%', 1, 0, 1, 0],
      ['Ian Clarke', 1, '12.5%', 1, '16.7%', 0, 0, 0, 1],
    ]);
  });

  it('shows zeros and a message for a batch without exceptions', () => {
    const rt = workbookWithExport(exportCsv([contact(), contact(), contact()]), { rules: teamRulesFile });
    const addon = loadBundle(rt);
    addon.call('pullApprovedFields');
    addon.call('runReview');
    expect(rt.alerts).toEqual([]);
    expect([metric(rt, 'Records reviewed'), metric(rt, 'Proposals'), metric(rt, 'Approved'), metric(rt, 'Pending'), metric(rt, 'Routing exception rate')]).toEqual([
      3,
      0,
      0,
      0,
      '0.0%',
    ]);
    expect(metric(rt, 'Note')).toBe('No exceptions in this batch: all 3 records passed every check.');
    expect(chartSeries(rt, 'Summary').values).toEqual(['Routing exception rate (%)', 0]);
  });

  it('archives batches to the History tab; history survives re-runs, re-pulls and reviews; the chart covers every batch', async () => {
    const { rt, click } = setup();
    click('pullApprovedFields');
    click('runReview');
    decide(rt, (l) => DECISIONS[l.cells['Record ID']!]);
    expect(click('closeBatch')).toEqual([]);
    expect(rt.toasts.at(-1)).toMatch(
      /^CRM Review Gate: Closed batch B-\d{8}-\d{6}: 5 of 6 proposals decided, 2 left open \(pending or escalated\); routing exception rate 37\.5%\. 1 closed batch in "History"; \d+ pattern findings? on the Summary\. The next pull starts a new batch\.$/,
    );
    const history = tab(rt, 'History');
    expect(history).toHaveLength(2);
    expect(history[1]!.slice(2, 15)).toEqual(['2026-11-20', expect.any(String), 8, 6, 6, 3, 1, 1, 1, 3, 0, 37.5, 1]);
    expect(metric(rt, 'Batch status')).toMatch(/^closed /);
    const first = JSON.stringify(history);

    // re-runs and reviews of the closed batch leave the history alone
    expect(click('runReview')).toEqual([]);
    expect(click('refreshSummary')).toEqual([]);
    expect(click('exportApprovedChanges')).toEqual([]);
    expect(JSON.stringify(tab(rt, 'History'))).toBe(first);
    expect(metric(rt, 'Batch status')).toMatch(/^closed /);

    // the next week: a new pull starts a new batch
    await nextSecond();
    setAsOf(rt, '2026-11-27');
    expect(click('pullApprovedFields')).toEqual([]);
    expect(click('runReview')).toEqual([]);
    expect(JSON.stringify(tab(rt, 'History'))).toBe(first);
    expect(metric(rt, 'Batch status')).toMatch(/^open/);
    let series = chartSeries(rt, 'Summary');
    expect(series.labels).toEqual(['Batch history', history[1]![0], expect.stringMatching(/^B-/)]);
    expect(series.values).toEqual(['Routing exception rate (%)', 37.5, 37.5]);
    expect(metric(rt, '30-day trend')).toBe('Routing exception rate 37.5% on 2026-11-27, unchanged from 37.5% on 2026-11-20 (2 batches in the last 30 days).');
    decide(rt, (l) => (l.cells['Record ID'] === '2' ? 'Approve' : undefined)); // record 2 too now
    expect(click('closeBatch')).toEqual([]);
    expect(tab(rt, 'History')).toHaveLength(3);

    // a third pull, open: the chart plots the two closed batches and this one
    await nextSecond();
    setAsOf(rt, '2026-12-04');
    click('pullApprovedFields');
    click('runReview');
    series = chartSeries(rt, 'Summary');
    const summary = tab(rt, 'Summary');
    const header = summary.findIndex((r) => r[0] === 'Batch history');
    expect(series.chart.ranges.map((r) => [r.r1, r.r2])).toEqual([
      [header + 1, summary.length],
      [header + 1, summary.length],
    ]);
    expect(series.labels).toHaveLength(4); // header + every batch
    expect(series.values.slice(1)).toEqual([37.5, 50, 50]);
    expect(summary.slice(header + 1).map((r) => r[2])).toEqual(['closed', 'closed', 'open (this batch)']);
    // the History tab carries its own chart over its rows
    const h = chartSeries(rt, 'History');
    expect(h.values).toEqual(['Routing exception rate (%)', 37.5, 50]);
    expect(metric(rt, 'Records flagged again after a correction')).toBe(4); // 1, 2, 3 and 6 were corrected before and are flagged again
  });

  it('updates the row when a batch is closed again', () => {
    const { rt, click } = setup();
    click('pullApprovedFields');
    click('runReview');
    click('closeBatch');
    decide(rt, (l) => DECISIONS[l.cells['Record ID']!]);
    expect(click('closeBatch')).toEqual([]);
    expect(rt.toasts.at(-1)).toContain('Updated the closed batch');
    expect(tab(rt, 'History')).toHaveLength(2);
    expect(tab(rt, 'History')[1]![7]).toBe(3);
    expect(rt.spreadsheet.sheet('Summary')!.charts).toHaveLength(1);
    // a note typed beside the row stays beside it when the batch is closed again
    const history = rt.spreadsheet.getSheetByName('History')!;
    const width = history.getMaxColumns();
    history.insertColumnsAfter(width, 1);
    history.getRange(2, width + 1).setValue('checked with Dana');
    expect(click('closeBatch')).toEqual([]);
    expect(tab(rt, 'History')[1]!.at(-1)).toBe('checked with Dana');
  });

  it('updates the row when the same export is pulled again on the same review date and closed (as the CLI does)', async () => {
    const { rt, click } = setup();
    click('pullApprovedFields');
    click('runReview');
    decide(rt, (l) => DECISIONS[l.cells['Record ID']!]);
    click('closeBatch');
    const first = tab(rt, 'History');
    // a note typed beside the row
    const history = rt.spreadsheet.getSheetByName('History')!;
    const width = history.getMaxColumns();
    history.insertColumnsAfter(width, 1);
    history.getRange(2, width + 1).setValue('checked with Dana');
    // the weekly export not imported yet: the tab still holds last week's, pulled again
    await nextSecond();
    expect(click('pullApprovedFields')).toEqual([]);
    expect(rt.toasts.at(-1)).not.toContain('was not closed');
    expect(click('runReview')).toEqual([]);
    // before it is closed again, the Summary shows it as the batch it is: one batch, none flagged again
    expect(metric(rt, 'Batch ID')).toBe(first[1]![0]);
    expect(chartSeries(rt, 'Summary').labels).toHaveLength(2);
    expect(metric(rt, 'Records flagged again after a correction')).toBe(0);
    expect(click('closeBatch')).toEqual([]);
    expect(rt.toasts.at(-1)).toContain('Updated the closed batch');
    const again = tab(rt, 'History');
    expect(again).toHaveLength(2);
    // the same figures, and no record counted as flagged again against itself
    expect([again[1]![2], ...again[1]!.slice(4, 15)]).toEqual([first[1]![2], ...first[1]!.slice(4, 15)]);
    // its note moved with it to the row's new Batch ID
    expect(again[1]!.at(-1)).toBe('checked with Dana');
    // another review date is another batch
    await nextSecond();
    setAsOf(rt, '2026-11-27');
    click('pullApprovedFields');
    click('runReview');
    click('closeBatch');
    expect(tab(rt, 'History')).toHaveLength(3);
  });

  it('a pull says when the batch it replaces was reviewed but never closed (it never reaches History)', async () => {
    const { rt, click } = setup();
    click('pullApprovedFields');
    expect(rt.toasts.at(-1)).not.toContain('was not closed');
    // pulled twice, never reviewed: nothing to say
    click('pullApprovedFields');
    expect(rt.toasts.at(-1)).not.toContain('was not closed');
    click('runReview');
    await nextSecond();
    click('pullApprovedFields');
    expect(rt.toasts.at(-1)).toMatch(/The batch reviewed before \(B-\d{8}-\d{6}\) was not closed, so it is not in History: Close batch keeps a batch's figures for the trend\.$/);
    click('runReview');
    click('closeBatch');
    await nextSecond();
    click('pullApprovedFields');
    expect(rt.toasts.at(-1)).not.toContain('was not closed');
  });

  it('refuses to close a batch that was never reviewed, changing nothing', () => {
    const { rt, click } = setup();
    click('pullApprovedFields');
    const before = JSON.stringify(rt.spreadsheet.sheetList.map((s) => [s.name, s.values()]));
    expect(click('closeBatch')).toEqual(['CRM Review Gate: Close batch stopped: There is no Review tab yet. Run "Run review" and make the decisions before closing the batch.']);
    expect(JSON.stringify(rt.spreadsheet.sheetList.map((s) => [s.name, s.values()]))).toBe(before);
  });

  it('names a figure typed over in History (its chart would plot it, the Summary does not), and the next Close writes the stored figure back', async () => {
    const { rt, click } = setup();
    click('pullApprovedFields');
    click('runReview');
    click('closeBatch');
    expect(click('refreshSummary')).toEqual([]);
    expect(metric(rt, 'Warning')).toBeUndefined();
    const history = rt.spreadsheet.sheet('History')!;
    const stored = tab(rt, 'History')[1]![13];
    history.store(2, 14, 1.5); // the rate, typed over
    history.store(2, 8, ''); // Approved, cleared
    expect(click('refreshSummary')).toEqual([]);
    expect(metric(rt, 'Warning')).toBe(
      "History cells History!H2, History!N2 were edited by hand: the History tab's chart plots what is typed there, while this Summary and its trend use each batch's stored figures, which the next Close batch writes back there.",
    );
    // the Summary's trend keeps the stored rate
    expect(chartSeries(rt, 'Summary').values.slice(1)).toEqual([stored]);
    await nextSecond();
    setAsOf(rt, '2026-11-27');
    click('pullApprovedFields');
    click('runReview');
    expect(click('closeBatch')).toEqual([]);
    expect(tab(rt, 'History')[1]![13]).toBe(stored);
    expect(click('refreshSummary')).toEqual([]);
    expect(metric(rt, 'Warning')).toBeUndefined();
  });

  it('with a damaged History row, refreshes the Summary with a warning, and Close batch stops naming the cell, changing nothing', () => {
    const { rt, click } = setup();
    click('pullApprovedFields');
    click('runReview');
    click('closeBatch');
    const history = rt.spreadsheet.sheet('History')!;
    history.store(2, 16, 'edited by hand');
    const message = "History!A2: the stored batch history is damaged (a Detail cell was edited). Restore the row from the spreadsheet's version history; nothing was changed.";
    expect(click('refreshSummary')).toEqual([]);
    expect(metric(rt, 'Warning')).toBe(`${message} The trend and cross-batch findings are left out until it is restored.`);
    decide(rt, (l) => DECISIONS[l.cells['Record ID']!]);
    const before = JSON.stringify(rt.spreadsheet.sheetList.map((s) => [s.name, s.values()]));
    expect(click('closeBatch')).toEqual([`CRM Review Gate: Close batch stopped: ${message}`]);
    expect(JSON.stringify(rt.spreadsheet.sheetList.map((s) => [s.name, s.values()]))).toBe(before); // the Decision Log too
  });
});

describe('the patterns thresholds in the Rules tab', () => {
  it("are kept when the preset changes, like the team's other settings", () => {
    const rt = workbookWithExport(exportCsv(smallBatch()), { rules: { ...teamRulesFile, routing: [], patterns: { minDecisions: 4 }, routingClosedStages: 'skip' } });
    const addon = loadBundle(rt);
    rt.promptResponses.push({ button: 'OK' as never, text: 'salesforce-contacts' });
    addon.call('choosePreset');
    expect(rt.alerts).toEqual([]);
    const rules = rt.spreadsheet.sheet('Rules')!.values();
    expect(rules.find((r) => r[0] === 'patterns.minDecisions')![1]).toBe('4');
    expect(rules.find((r) => r[0] === 'routingClosedStages')![1]).toBe('skip');
  });
});
