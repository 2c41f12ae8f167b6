import { CHECK_IDS } from '../checks/types';
import { formatRate, type SummaryFigures } from './summary';

/** One batch's headline, kept so the Summary can show the trend batch after batch. */
export interface BatchHistoryEntry {
  batchId: string;
  pulledAt: string;
  asOf: string;
  recordsReviewed: number;
  recordsFlagged: number;
  recordsCorrected: number;
  routingExceptionRate: number;
  proposals: number;
  approved: number;
  rejected: number;
  escalated: number;
  pending: number;
}

export function historyEntry(s: SummaryFigures): BatchHistoryEntry {
  const { batchId, pulledAt, asOf, recordsReviewed, recordsFlagged, recordsCorrected, routingExceptionRate, proposals, approved, rejected, escalated, pending } = s;
  return { batchId, pulledAt, asOf, recordsReviewed, recordsFlagged, recordsCorrected, routingExceptionRate, proposals, approved, rejected, escalated, pending };
}

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
  ['Routing exception rate', (s) => `${formatRate(s.routingExceptionRate)}${s.routingExceptionRatePartial ? ` (partial: ${s.checksSkipped.length} check${s.checksSkipped.length === 1 ? '' : 's'} skipped)` : ''}`],
  ['Approved changes ready to export', (s) => s.exportable],
  ['Approved merges', (s) => s.approvedMerges],
  ['Decision Log', (s) => (s.logIntact === undefined ? '' : s.logIntact ? 'log intact' : s.logProblem ?? 'log changed by hand')],
];

/** The Summary tab: headline figures, per-check breakdown, input safety report, batch history. */
export function summaryToGrid(s: SummaryFigures, history: readonly BatchHistoryEntry[]): (string | number)[][] {
  const rows: (string | number)[][] = [['Metric', 'Value']];
  for (const [label, pick] of SUMMARY_METRICS) rows.push([label, pick(s)]);
  rows.push([''], ['Per check', 'Proposals', 'Approved', 'Rejected', 'Escalated', 'Pending', 'Rejection share']);
  for (const id of CHECK_IDS) {
    const c = s.perCheck[id];
    rows.push([id, c.proposals, c.approved, c.rejected, c.escalated, c.pending, formatRate(c.rejectionShare)]);
  }
  if (s.checksSkipped.length) {
    rows.push([''], ['Checks skipped', 'Why']);
    for (const k of s.checksSkipped) rows.push([k.check, k.reason]);
  }
  if (s.input) {
    rows.push([''], ['Input safety report', 'Value']);
    rows.push(['Rows read', s.input.rowsRead], ['Columns kept', s.input.columnsKept.length]);
    for (const d of s.input.columnsDropped) rows.push([`Dropped: ${d.header}`, d.reason]);
    for (const [col, n] of Object.entries(s.input.valuesMasked)) rows.push([`Masked in ${col}`, n]);
    for (const w of s.input.warnings) rows.push(['Warning', w]);
  }
  rows.push([''], ['Batch history', 'Pulled at', 'Review date', 'Records reviewed', 'Records flagged', 'Records corrected', 'Routing exception rate', 'Proposals', 'Approved', 'Rejected', 'Escalated', 'Pending']);
  for (const h of [...history].sort((a, b) => (a.pulledAt < b.pulledAt ? -1 : 1))) {
    rows.push([h.batchId, h.pulledAt, h.asOf, h.recordsReviewed, h.recordsFlagged, h.recordsCorrected, formatRate(h.routingExceptionRate), h.proposals, h.approved, h.rejected, h.escalated, h.pending]);
  }
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')]);
}
