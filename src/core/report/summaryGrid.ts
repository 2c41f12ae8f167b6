import { CHECK_IDS } from '../checks/types';
import type { BreakdownLine, Breakdowns } from './breakdowns';
import { percent } from './history';
import type { Report } from './report';
import { formatRate, type SummaryFigures } from './summary';

export const SUMMARY_METRICS: readonly [label: string, pick: (s: SummaryFigures) => string | number][] = [
  ['Batch ID', (s) => s.batchId],
  ['Pulled at', (s) => s.pulledAt],
  ['Review date', (s) => s.asOf],
  ['Records reviewed', (s) => s.recordsReviewed],
  ['Records flagged', (s) => s.recordsFlagged],
  ['Proposals', (s) => s.proposals],
  ['Approved', (s) => s.approved],
  ['Rejected', (s) => s.rejected],
  ['Escalated', (s) => s.escalated],
  ['Decided', (s) => s.decided],
  ['Pending', (s) => s.pending],
  ['Records corrected', (s) => s.recordsCorrected],
  [
    'Routing exception rate',
    (s) =>
      `${formatRate(s.routingExceptionRate)}${s.routingExceptionRatePartial ? ` (partial: ${s.checksSkipped.length} check${s.checksSkipped.length === 1 ? '' : 's'} skipped)` : ''}`,
  ],
  ['Approved changes ready to export', (s) => s.exportable],
  ['Approved merges', (s) => s.approvedMerges],
  ['Decision Log', (s) => (s.logIntact === undefined ? '' : s.logIntact ? 'log intact' : (s.logProblem ?? 'log changed by hand'))],
];

/** Lines per breakdown on the tab; summary.json and report.html list them all. */
export const TAB_BREAKDOWN_LINES = 25;

export const BREAKDOWN_TITLES: Record<keyof Breakdowns, string> = {
  byCheck: 'By check',
  byRule: 'By Rules entry',
  byOwner: 'By owner',
  byTeam: 'By team',
  bySource: 'By lead source and campaign source',
  byStage: 'By lifecycle stage',
};
export const BREAKDOWN_COLUMNS = ['Records', 'Share of records', 'Proposals', 'Share of exceptions', 'Approved', 'Rejected', 'Escalated', 'Pending'] as const;

export function lineLabel(l: BreakdownLine): string {
  if (l.field === 'leadSource') return `Lead source: ${l.key}`;
  if (l.field === 'campaignSource') return `Campaign source: ${l.key}`;
  return l.key;
}

export function lineCells(l: BreakdownLine): (string | number)[] {
  return [l.records, formatRate(l.recordsShare), l.proposals, formatRate(l.exceptionShare), l.approved, l.rejected, l.escalated, l.pending];
}

export const HISTORY_SECTION = 'Batch history';
export const PATTERNS_SECTION = 'Patterns (what to change)';
export const HISTORY_SECTION_COLUMNS = [
  HISTORY_SECTION,
  'Review date',
  'Status',
  'Records reviewed',
  'Records flagged',
  'Records corrected',
  'Records needing correction after the first pass',
  'Routing exception rate (%)',
  'Proposals',
  'Approved',
  'Rejected',
  'Escalated',
  'Pending',
] as const;
export const SUMMARY_RATE_COLUMN = HISTORY_SECTION_COLUMNS.indexOf('Routing exception rate (%)');

/**
 * The Summary tab: headline figures, pattern findings, per-check figures, breakdowns, the input safety
 * report, and last the batch history (closed batches, then this one while it is open), which the
 * embedded chart plots.
 */
export function summaryToGrid(s: SummaryFigures, report: Report): (string | number)[][] {
  const rows: (string | number)[][] = [['Metric', 'Value']];
  for (const [label, pick] of SUMMARY_METRICS) rows.push([label, pick(s)]);
  rows.push(
    ['Batch status', report.batchStatus === 'closed' ? `closed ${report.closedAt}` : 'open (close it with Close batch when the decisions are made)'],
    ['Records flagged again after a correction', report.recordsFlaggedAgain],
    ['Closed-stage routing exceptions', report.closedStageRouting.proposals],
    ['Closed-stage routing exceptions approved', report.closedStageRouting.approved],
    ['30-day trend', report.trendText],
  );
  if (report.message) rows.push(['Note', report.message]);
  if (report.historyWarning) rows.push(['Warning', `${report.historyWarning} The trend and cross-batch findings are left out until it is restored.`]);
  if (report.historyEdits) {
    const cells = report.historyEdits;
    const named = cells.length > 5 ? `${cells.slice(0, 5).join(', ')} and ${cells.length - 5} more` : cells.join(', ');
    rows.push([
      'Warning',
      `History ${cells.length === 1 ? 'cell' : 'cells'} ${named} ${cells.length === 1 ? 'was' : 'were'} edited by hand: the History tab's chart plots what is typed there, while this Summary and its trend use each batch's stored figures, which the next Close batch writes back there.`,
    ]);
  }

  rows.push([''], [PATTERNS_SECTION, 'Kind', 'Rules']);
  if (report.patterns.length === 0) rows.push(['No pattern crosses its threshold in this batch (thresholds: Rules, patterns).']);
  for (const p of report.patterns) rows.push([p.text, p.kind, p.rulesKey]);

  rows.push([''], ['Per check', 'Proposals', 'Approved', 'Rejected', 'Escalated', 'Pending', 'Rejection share']);
  const checks = new Set<string>([...CHECK_IDS, ...Object.keys(s.perCheck)]);
  for (const id of checks) {
    const c = s.perCheck[id as keyof typeof s.perCheck];
    if (c) rows.push([id, c.proposals, c.approved, c.rejected, c.escalated, c.pending, formatRate(c.rejectionShare)]);
  }

  if (s.checksSkipped.length) {
    rows.push([''], ['Checks skipped', 'Why']);
    for (const k of s.checksSkipped) rows.push([k.check, k.reason]);
  }

  for (const key of ['byRule', 'byOwner', 'byTeam', 'bySource', 'byStage'] as const) {
    const lines = report.breakdowns[key];
    rows.push([''], [BREAKDOWN_TITLES[key], ...BREAKDOWN_COLUMNS]);
    if (lines.length === 0) rows.push(['(no data for this breakdown in the export)']);
    for (const l of lines.slice(0, TAB_BREAKDOWN_LINES)) rows.push([lineLabel(l), ...lineCells(l)]);
    if (lines.length > TAB_BREAKDOWN_LINES) rows.push([`… ${lines.length - TAB_BREAKDOWN_LINES} more lines in summary.json / report.html`]);
  }

  if (s.input) {
    rows.push([''], ['Input safety report', 'Value']);
    rows.push(['Rows read', s.input.rowsRead], ['Columns kept', s.input.columnsKept.length]);
    for (const d of s.input.columnsDropped) rows.push([`Dropped: ${d.header}`, d.reason]);
    for (const [col, n] of Object.entries(s.input.valuesMasked)) rows.push([`Masked in ${col}`, n]);
    for (const w of s.input.warnings) rows.push(['Warning', w]);
  }

  rows.push([''], [...HISTORY_SECTION_COLUMNS]);
  for (const h of report.history) {
    rows.push([
      h.batchId,
      h.asOf,
      h.batchId === s.batchId ? 'closed (this batch)' : 'closed',
      h.recordsReviewed,
      h.recordsFlagged,
      h.recordsCorrected,
      h.recordsFlaggedAgain,
      percent(h.routingExceptionRate),
      h.proposals,
      h.approved,
      h.rejected,
      h.escalated,
      h.pending,
    ]);
  }
  if (report.batchStatus === 'open') {
    rows.push([
      s.batchId,
      s.asOf,
      'open (this batch)',
      s.recordsReviewed,
      s.recordsFlagged,
      s.recordsCorrected,
      report.recordsFlaggedAgain,
      percent(s.routingExceptionRate),
      s.proposals,
      s.approved,
      s.rejected,
      s.escalated,
      s.pending,
    ]);
  }
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')]);
}

/** The rows (1-based, inclusive) of the section whose first cell is `title`, header excluded; the headline when title is undefined. */
export function summarySectionRows(grid: readonly (readonly (string | number)[])[], title?: string): { first: number; last: number } {
  const start = title === undefined ? 0 : grid.findIndex((r) => r[0] === title);
  let end = grid.findIndex((r, i) => i > start && r.every((c) => c === ''));
  if (end < 0) end = grid.length;
  return { first: start + 2, last: end };
}

/** Where the batch history table sits in a Summary grid (1-based rows), for the chart's data range. */
export function summaryHistoryRows(grid: readonly (readonly (string | number)[])[]): { header: number; last: number } {
  let header = -1;
  for (let r = grid.length - 1; r >= 0; r--)
    if (grid[r]![0] === HISTORY_SECTION) {
      header = r;
      break;
    }
  return { header: header + 1, last: grid.length };
}
