/**
 * Batch history in the add-on: the History tab is its durable store (one row per closed batch;
 * document properties hold 500 KB in all, too little for the Issue IDs recurrence needs), the Close
 * batch step archives the current batch there, and the Summary gets the report and an embedded line
 * chart of the routing exception rate over every batch. One batched read per tab; tabs are written
 * through tabs.ts (replaceTabs), each in one batched write.
 */
import type { Rules } from '../core/intake/rules';
import { type BatchRecords, routeMatches } from '../core/report/breakdowns';
import {
  type ClosedBatch,
  closeBatch,
  HISTORY_RATE_COLUMN,
  historyEditedCells,
  historyFromGrid,
  historyNotes,
  historyToGrid,
  snapshotHash,
  withClosed,
} from '../core/report/history';
import { buildReport, type Report } from '../core/report/report';
import type { SummaryFigures } from '../core/report/summary';
import { PATTERNS_SECTION, SUMMARY_RATE_COLUMN, summaryHistoryRows, summarySectionRows, summaryToGrid } from '../core/report/summaryGrid';
import type { ReviewRow } from '../core/review/rows';
import { isUserError } from '../core/text/errors';
import { type CellValue, cellToText } from '../core/text/cells';
import { readTextTab } from './sheets';
import type { TabWrite } from './tabs';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const HISTORY_TAB = 'History';
export const SUMMARY_TAB = 'Summary';
export const CHART_TITLE = 'Routing exception rate per batch (%)';

/** The History tab read once: its batches, and the notes a person typed beside them (kept when Close batch writes it again). */
export function readHistoryTab(ss: Spreadsheet): { history: ClosedBatch[]; notes: Map<string, string[]> } {
  const grid = readTextTab(ss, HISTORY_TAB);
  return grid ? { history: historyFromGrid(grid, HISTORY_TAB), notes: historyNotes(grid) } : { history: [], notes: new Map() };
}

/** The Batch IDs of the History tab's rows, read from its first column only (no Detail parsed). */
export function historyBatchIds(ss: Spreadsheet): Set<string> {
  const sheet = ss.getSheetByName(HISTORY_TAB);
  const last = sheet?.getLastRow() ?? 0;
  if (!sheet || last < 2) return new Set();
  return new Set((sheet.getRange(2, 1, last - 1, 1).getValues() as CellValue[][]).map(([id]) => cellToText(id).trim()));
}

/**
 * A line chart of the rate over the rows header..last of a table (labels in column `labelCol`, rates in
 * `rateCol`), replacing the tab's earlier chart so a refresh never stacks charts.
 */
function placeRateChart(sheet: Sheet, rows: { header: number; last: number }, labelCol: number, rateCol: number, anchor: { row: number; col: number }): void {
  for (const chart of sheet.getCharts()) sheet.removeChart(chart);
  const height = rows.last - rows.header + 1;
  const chart = sheet
    .newChart()
    .asLineChart()
    .addRange(sheet.getRange(rows.header, labelCol, height, 1))
    .addRange(sheet.getRange(rows.header, rateCol, height, 1))
    .setPosition(anchor.row, anchor.col, 0, 0)
    .setOption('title', CHART_TITLE)
    .setOption('legend', { position: 'none' })
    .setOption('pointSize', 5)
    .setOption('width', 520)
    .setOption('height', 300)
    .build();
  sheet.insertChart(chart);
}

/** The History tab: one row per closed batch, warned before edits, with its chart of the rate. */
function historyTabWrite(history: readonly ClosedBatch[], notes: ReadonlyMap<string, readonly string[]>, renamed?: { from: string; to: string }): TabWrite {
  // (a note typed beside a batch's row stays beside it: closing writes the tab again; a row the same
  // export closed again replaces keeps its notes under the new Batch ID)
  const moved = renamed && notes.get(renamed.from);
  const grid = historyToGrid(history, moved ? new Map([...notes, [renamed!.to, moved]]) : notes);
  return {
    name: HISTORY_TAB,
    grid,
    options: { plainText: false, frozenRows: 1 },
    decorate: (sheet) => {
      sheet
        .protect()
        .setDescription('History is the archive of closed batches (Close batch writes it); editing it changes the trend and the cross-batch findings.')
        .setWarningOnly(true);
      placeRateChart(sheet, { header: 1, last: grid.length }, 1, HISTORY_RATE_COLUMN + 1, { row: grid.length + 1, col: 1 });
    },
  };
}

export interface SummaryInput {
  rows: readonly ReviewRow[];
  records: BatchRecords;
  rules: Rules;
  /** The closed batches, when the caller has just read or changed them. */
  history?: readonly ClosedBatch[];
}

/** The Summary tab (figures, patterns, breakdowns, batch history) and its chart of the rate, as a tab write. */
export function summaryTabWrite(ss: Spreadsheet, figures: SummaryFigures, input: SummaryInput): { write: TabWrite; report: Report } {
  let history = input.history;
  let historyWarning: string | undefined;
  let historyEdits: string[] | undefined;
  if (!history) {
    // a damaged History tab must not stop a review or an export: the Summary says so, Close batch refuses
    try {
      const grid = readTextTab(ss, HISTORY_TAB);
      history = grid ? historyFromGrid(grid, HISTORY_TAB) : [];
      // (a figure typed over in History is named: its chart would plot it, the Summary does not)
      historyEdits = grid ? historyEditedCells(grid, history, HISTORY_TAB) : [];
    } catch (error) {
      if (!isUserError(error)) throw error;
      history = [];
      historyWarning = error.message;
    }
  }
  // the same export pulled again on the same review date is the closed batch it was, on every Summary as
  // at Close (hashed only when a closed batch of that date could be it, as the CLI does)
  if (history.some((b) => b.asOf === figures.asOf && b.sourceHash && b.batchId !== figures.batchId)) {
    const hash = snapshotHash(input.records);
    const same = history.find((b) => b.asOf === figures.asOf && b.sourceHash === hash);
    if (same) figures = { ...figures, batchId: same.batchId, pulledAt: same.pulledAt };
  }
  const report = buildReport({
    rows: input.rows,
    records: input.records,
    rules: input.rules,
    figures,
    history,
    ...(historyWarning ? { historyWarning } : {}),
    ...(historyEdits?.length ? { historyEdits } : {}),
  });
  const grid = summaryToGrid(figures, report);
  return {
    report,
    write: {
      name: SUMMARY_TAB,
      grid,
      options: { plainText: false, frozenRows: 1 },
      decorate: (sheet) => {
        // long sentences wrap in their column (headline values, pattern findings), so the chart beside them hides none
        sheet.setColumnWidth(1, 300);
        sheet.setColumnWidth(2, 320);
        const headline = summarySectionRows(grid);
        sheet.getRange(2, 2, headline.last - 1, 1).setWrap(true);
        const patterns = summarySectionRows(grid, PATTERNS_SECTION);
        if (patterns.last >= patterns.first) sheet.getRange(patterns.first, 1, patterns.last - patterns.first + 1, 1).setWrap(true);
        placeRateChart(sheet, summaryHistoryRows(grid), 1, SUMMARY_RATE_COLUMN + 1, { row: 2, col: 4 });
      },
    },
  };
}

/**
 * Close batch: archives the batch (figures, Issue IDs still open, records corrected, per-check and
 * per-rule counts) as a History row, and the Summary that goes with it. Closing a batch again updates its row.
 * `history` is the History tab as read before the step's first write.
 */
export function closeBatchWrites(
  ss: Spreadsheet,
  input: {
    rows: readonly ReviewRow[];
    records: BatchRecords;
    rules: Rules;
    figures: SummaryFigures;
    closedAt: string;
    history: readonly ClosedBatch[];
    /** Notes typed beside the History rows (readHistoryTab). */
    notes: ReadonlyMap<string, readonly string[]>;
  },
): { writes: TabWrite[]; message: string } {
  const before = input.history;
  // the same export pulled again on the same review date is the same batch, as in the CLI: closing it
  // updates its History row (a re-pull after Close batch added a second row of the same figures)
  const sourceHash = snapshotHash(input.records);
  const f0 = input.figures;
  const same = before.find((b) => b.batchId !== f0.batchId && b.sourceHash === sourceHash && b.asOf === f0.asOf);
  const previous = before.filter((b) => b.batchId !== f0.batchId && b !== same);
  const closed = closeBatch({ rows: input.rows, figures: input.figures, routeMatches: routeMatches(input.records, input.rules), previous, closedAt: input.closedAt, sourceHash });
  const { history, replaced } = withClosed(before, closed);
  const summary = summaryTabWrite(ss, input.figures, { ...input, history });
  const f = input.figures;
  return {
    writes: [historyTabWrite(history, input.notes, same ? { from: same.batchId, to: f.batchId } : undefined), summary.write],
    message: `${replaced ? 'Updated the closed batch' : 'Closed batch'} ${f.batchId}: ${f.decided} of ${f.proposals} proposals decided, ${closed.openIssues.length} left open (pending or escalated); routing exception rate ${(f.routingExceptionRate * 100).toFixed(1)}%. ${history.length} closed batch${history.length === 1 ? '' : 'es'} in "${HISTORY_TAB}"; ${summary.report.patterns.length} pattern finding${summary.report.patterns.length === 1 ? '' : 's'} on the Summary. The next pull starts a new batch.`,
  };
}
