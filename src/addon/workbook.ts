/**
 * The add-on's steps as the workbook sees them: read tabs (one batched read each), run the pure core,
 * then write. Everything is computed before the first write; the Decision Log is appended first, then
 * every other tab is replaced as one unit (tabs.ts), so an interruption at any call loses no decision
 * and leaves each tab whole, old or new. Every step starts by finishing or discarding an interrupted one.
 */
import { cellToText, type CellValue, isDateValue, normaliseText } from '../core/text/cells';
import { type ResolvedRules, resolveRules } from '../core/intake/config';
import { describeCandidates, DETECTION, detectPreset, type IdCounts, PRESETS, presetForObject } from '../core/intake/presets';
import { describeObject, ownIdCounts } from '../core/intake/salesforceIds';
import { PRESET_IDS, type PresetId } from '../core/intake/rules';
import type { SourceTable } from '../core/intake/source';
import { UserError } from '../core/text/errors';
import { describeExport, EXPORT_LOG_COLUMNS, type ExportedItem, exportedItemCells, type ExportPlan, staleExport } from '../core/decisions/export';
import { gateStep, type GateResult } from '../core/decisions/gate';
import { carryMidStepEdits, describeRefused, type MidStepCarry, type ReconcileContext } from '../core/decisions/reconcile';
import { type InputSafetyReport, isoTimestamp, pullSnapshot, routingWarnings } from '../core/intake/pull';
import { DECISION_BEARING, DECISIONS, REVIEW_COLUMNS, type ReviewRow, reviewRowsFromGrid, reviewRowsToGrid, type SheetReviewRow } from '../core/review/rows';
import { columnLetter, rulesFromGrid, rulesToGrid } from '../core/intake/rulesSheet';
import { readSourceGrid } from '../core/intake/source';
import { canonicalCell, neutraliseForSheet, restoreFromSheet } from '../core/text/safeText';
import { safetyReportHtml } from './html';
import { formatRate } from '../core/report/summary';
import { closeBatchWrites, HISTORY_TAB, historyBatchIds, readHistoryTab, SUMMARY_TAB, summaryTabWrite } from './history';
import { reviewDate } from '../core/review/workflow';
import { appendDecisions, appendDecisionsAfter, EXPORT_LOG_TAB, type LogEnd, LOG_TAB, PROP_BATCH, PROP_EXPORT_PIN, readDecisionLog, readExportLog, REVIEW_TAB } from './logTabs';
import { props } from './properties';
import { neutraliseGrid, readDisplayGrid, readTab, readTextTab, sheetText } from './sheets';
import { type Carry, carryOnRecovery, NEW_SUFFIX, recoverTabs, replaceTabs, type TabWrite } from './tabs';
import { footerNote } from '../core/intake/reportFooter';

export { props };

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** What a step reports: a toast, and optionally a sidebar. */
export interface StepResult {
  message: string;
  sidebar?: { title: string; html: string };
}

export const TABS = {
  rules: 'Rules',
  records: 'Records',
  review: REVIEW_TAB,
  log: LOG_TAB,
  summary: 'Summary',
  approved: 'Approved Changes',
  rollback: 'Rollback',
  merges: 'Approved Merges',
  exportLog: EXPORT_LOG_TAB,
  history: HISTORY_TAB,
} as const;
/** What Run review renames the Approved Changes tab to when its rows are no longer what the decisions imply. */
export const STALE_APPROVED = 'Approved Changes (stale)';
const OWN_TABS = new Set<string>([...Object.values(TABS), STALE_APPROVED]);
/** The add-on's own tabs, an earlier export's rollback ("Rollback EX-…") among them: never an export to pull. */
export function isOwnTab(name: string): boolean {
  return OWN_TABS.has(name) || name.startsWith(`${TABS.rollback} EX-`);
}
const RECORDS_PREFIX = ['Batch ID', 'Pulled at'];
const RECORDS_MISSING = 'The Records tab is missing. Run "Pull approved fields" again.';
/**
 * The Rules tab gone after a pull (deleted or renamed): a step would run on the preset's defaults, with no
 * owner roster or routing, and send decisions back to Pending that the restored tab would not bring back.
 */
const RULES_MISSING =
  'The Rules tab is missing (deleted or renamed?). Restore it (Edit > Undo, or File > Version history) and run again; nothing was changed. To start from a preset\'s rules instead, use "Choose preset", then "Pull approved fields".';

export const PROP_SOURCE = 'crg.sourceSheet';
/** The tabs that existed at the last pull, to tell a newer export tab from an old one. */
export const PROP_SOURCE_SEEN = 'crg.sourceSeen';

/** What the document remembers about the current batch (PropertiesService, 9 KB per value). */
export interface BatchState {
  batchId: string;
  pulledAt: string;
  sourceSheet: string;
  preset: string;
  recordsReviewed: number;
  report: InputSafetyReport;
}

function loadBatch(): BatchState {
  const raw = props().getProperty(PROP_BATCH);
  if (!raw) throw new UserError('No batch has been pulled yet. Run "Pull approved fields" first.');
  return JSON.parse(raw) as BatchState;
}

function batchJson(state: BatchState): string {
  let json = JSON.stringify(state);
  if (json.length > 8000) {
    // keep the property under its 9 KB limit: drop the per-column detail, keep the counts
    const report = { ...state.report, columnsDropped: [{ header: `${state.report.columnsDropped.length} columns`, reason: 'see the pull message' }] };
    json = JSON.stringify({ ...state, report });
  }
  return json;
}

function exportTabs(ss: Spreadsheet): GoogleAppsScript.Spreadsheet.Sheet[] {
  return ss.getSheets().filter((s) => {
    const name = s.getName();
    return !isOwnTab(name) && !name.endsWith(NEW_SUFFIX);
  });
}

/**
 * The source tab: the one pulled last time (or chosen with "Choose source tab"), unless another tab
 * looks like a newer export (it appeared since the last pull, or it is the tab the person is on): then
 * it asks. Without a remembered tab: the active tab if it is an export, the only export tab, or it asks.
 */
export function findSourceSheet(ss: Spreadsheet): GoogleAppsScript.Spreadsheet.Sheet {
  const candidates = exportTabs(ss);
  if (candidates.length === 0) throw new UserError('No tab holds a CRM export. Import the export with File > Import (Insert new sheet), then pull again.');
  const active = ss.getActiveSheet();
  const activeName = active?.getName();
  const remembered = props().getProperty(PROP_SOURCE);
  const rememberedSheet = remembered ? candidates.find((s) => s.getName() === remembered) : undefined;
  if (rememberedSheet) {
    const seenJson = props().getProperty(PROP_SOURCE_SEEN);
    const seen = seenJson ? new Set(JSON.parse(seenJson) as string[]) : undefined;
    const newer = candidates.filter((s) => s !== rememberedSheet && ((seen && !seen.has(s.getName())) || s.getName() === activeName) && looksLikeExport(s));
    if (newer.length === 0) return rememberedSheet;
    return askWhichTab([...newer, rememberedSheet], `"${newer[0]!.getName()}" looks like a newer export than "${remembered}", which was pulled last time.`);
  }
  if (active && candidates.some((s) => s.getName() === activeName) && looksLikeExport(active)) return active;
  const exports = candidates.filter(looksLikeExport);
  if (exports.length === 0) throw new UserError('No tab has the header row of a HubSpot or Salesforce export. Open the tab with the export and pull again.');
  if (exports.length === 1) return exports[0]!;
  return askWhichTab(exports, 'Several tabs look like CRM exports.');
}

function askWhichTab(tabs: readonly GoogleAppsScript.Spreadsheet.Sheet[], why: string): GoogleAppsScript.Spreadsheet.Sheet {
  const names = tabs.map((t) => t.getName());
  const ui = SpreadsheetApp.getUi();
  const r = ui.prompt('CRM Review Gate: which export?', `${why} Type the name of the tab to pull: ${names.map((n) => `"${n}"`).join(', ')}.`, ui.ButtonSet.OK_CANCEL);
  if (r.getSelectedButton() !== ui.Button.OK) throw new UserError('Stopped: no tab was chosen. Nothing was changed.');
  const answer = r.getResponseText().trim().replace(/^"|"$/g, '');
  const i = names.findIndex((n) => n === answer || n.toLowerCase() === answer.toLowerCase());
  if (i < 0) throw new UserError(`There is no export tab called "${answer}". Choose one of: ${names.join(', ')}. Nothing was changed.`);
  return tabs[i]!;
}

function looksLikeExport(sheet: GoogleAppsScript.Spreadsheet.Sheet): boolean {
  const width = sheet.getLastColumn();
  if (width === 0) return false;
  const header = sheet
    .getRange(1, 1, 1, width)
    .getValues()[0]!
    .map((v) => cellToText(v as CellValue));
  return (detectPreset(header).candidates[0]?.confidence ?? 0) >= DETECTION.minimum;
}

/**
 * The first pull creates the Rules tab; a later one finding none has lost the team's. Asked first thing
 * by a pull and an upload, before any question or any part is sent.
 */
export function refuseLostRules(ss: Spreadsheet): void {
  if (props().getProperty(PROP_BATCH) && noRules(readTab(ss, TABS.rules))) throw new UserError(RULES_MISSING);
}

/** No Rules tab, or one with nothing in it. */
function noRules(grid: CellValue[][] | undefined): boolean {
  return !grid || grid.every((r) => r.every((c) => cellToText(c).trim() === ''));
}

/** Parses the Rules tab, or, on the first pull, starts from the detected (or chosen) preset. */
export function loadRules(ss: Spreadsheet, headers: readonly string[], ask: 'prompt' | 'refuse' = 'refuse', idCounts?: IdCounts): { resolved: ResolvedRules; created: boolean } {
  const grid = readTab(ss, TABS.rules);
  if (!grid || noRules(grid)) {
    const detection = detectPreset(headers, idCounts);
    // ids of an object no preset reviews (opportunities) are refused by name: no answer to the question would do
    const unreviewable = detection.ids !== undefined && !presetForObject(detection.ids.prefix);
    if (detection.chosen || ask === 'refuse' || unreviewable) return { resolved: resolveRules(undefined, headers, undefined, idCounts), created: true };
    return {
      resolved: resolveRules({ preset: askPreset(`Which export is this? Its headers do not say for sure (best matches: ${describeCandidates(detection)}).`) }, headers),
      created: true,
    };
  }
  const parsed = rulesFromGrid(datesInZone(ss, grid), TABS.rules);
  return { resolved: resolveRules(parsed.file, headers, parsed.locate), created: false };
}

/** Today as YYYY-MM-DD in the spreadsheet's time zone (File > Settings), not the server's. */
export function todayIn(ss: Spreadsheet, now: Date): string {
  return Utilities.formatDate(now, ss.getSpreadsheetTimeZone(), 'yyyy-MM-dd');
}

/**
 * The Rules tab's cells, its date cells as the spreadsheet shows them (datesInZone); undefined when there
 * is no tab. Every reader of the tab goes through here (a step, Export rules as JSON, Choose preset), so
 * an asOf typed as a date reads the same in each.
 */
export function readRulesTab(ss: Spreadsheet): CellValue[][] | undefined {
  const grid = readTab(ss, TABS.rules);
  return grid && datesInZone(ss, grid);
}

/**
 * Date cells (a Rules value Sheets turned into a date) as the spreadsheet shows them: formatted in the
 * spreadsheet's time zone, so "2026-11-20" never becomes the 19th for a team west of the server.
 */
function datesInZone(ss: Spreadsheet, grid: CellValue[][]): CellValue[][] {
  if (!grid.some((r) => r.some(isDateValue))) return grid;
  const tz = ss.getSpreadsheetTimeZone();
  return grid.map((r) =>
    r.map((c) => {
      if (!isDateValue(c)) return c;
      const time = Utilities.formatDate(c, tz, 'HH:mm:ss');
      return Utilities.formatDate(c, tz, time === '00:00:00' ? 'yyyy-MM-dd' : 'yyyy-MM-dd HH:mm:ss');
    }),
  );
}

/** Asks the user for a preset id; cancelling stops the step without changes. */
export function askPreset(question: string): PresetId {
  const ui = SpreadsheetApp.getUi();
  const list = PRESETS.map((p) => `${p.id} (${p.label})`).join(', ');
  const response = ui.prompt('CRM Review Gate: choose the preset', `${question}\nType one of: ${list}.`, ui.ButtonSet.OK_CANCEL);
  if (response.getSelectedButton() !== ui.Button.OK) throw new UserError('Stopped: no preset was chosen. Nothing was changed.');
  const answer = response.getResponseText().trim().toLowerCase();
  const preset = PRESET_IDS.find((id) => id === answer);
  if (!preset) throw new UserError(`"${answer}" is not a preset. Use one of: ${PRESET_IDS.join(', ')}. Nothing was changed.`);
  return preset;
}

/** Step 1: pull the approved-field snapshot from the source tab into Records. */
export function pull(ss: Spreadsheet, now: Date): StepResult {
  const recovered = recoverTabs(ss);
  refuseLostRules(ss);
  const source = findSourceSheet(ss);
  const sourceName = `Tab "${source.getName()}"`;
  const table = readSourceGrid(readDisplayGrid(source), { sourceName });
  const seen = JSON.stringify(exportTabs(ss).map((s) => s.getName()));
  const result = pullTable(ss, table, { sourceName, sourceLabel: source.getName(), now, ask: 'prompt', state: { [PROP_SOURCE]: source.getName(), [PROP_SOURCE_SEEN]: seen } });
  return withRecovery(result, recovered);
}

function withRecovery(result: StepResult, recovered: string | undefined): StepResult {
  return recovered ? { ...result, message: `${result.message} (First ${recovered}.)` } : result;
}

/** An upload arrives with its approved columns only: the file's header row, and what the browser left out and why. */
export interface UploadedColumns {
  headers: readonly string[];
  dropped: { header: string; reason: string }[];
}

/**
 * The pull itself, for a source tab or an uploaded file: rules first (created from the preset on
 * the first pull), then the boundary, then, only when all of that succeeded, the writes.
 */
export function pullTable(
  ss: Spreadsheet,
  table: SourceTable,
  opts: { sourceName: string; sourceLabel: string; now: Date; ask: 'prompt' | 'refuse'; state?: Record<string, string>; upload?: UploadedColumns },
): StepResult {
  // detection may read the record ids (a Salesforce key prefix) of the "Id" column's first rows
  const idCounts: IdCounts = () => ownIdCounts(table.headers, table.rows);
  // (a lost Rules tab was refused before: by pull, and by the upload's first and last calls)
  const { resolved, created } = loadRules(ss, opts.upload?.headers ?? table.headers, opts.ask, idCounts);
  const snapshot = pullSnapshot(table, resolved.rules, opts.now, opts.sourceName);
  if (opts.upload) snapshot.report.columnsDropped.push(...opts.upload.dropped);
  if (table.footerLines) snapshot.report.warnings.push(footerNote(table.footerLines));
  const writes: TabWrite[] = [];
  if (created) writes.push({ name: TABS.rules, grid: rulesToGrid(resolved.rules), options: { plainText: true, frozenRows: 1 } });
  writes.push({
    name: TABS.records,
    grid: [[...RECORDS_PREFIX, ...snapshot.headers], ...snapshot.rows.map((r) => [snapshot.batchId, snapshot.pulledAt, ...r])],
    options: { plainText: true, frozenRows: 1 },
    decorate: (sheet) => protectWithWarning(sheet, 'Records is the approved-field snapshot of the batch; edit the CRM, not this tab.'),
  });
  const unclosed = unclosedBatch(ss);
  const state: BatchState = {
    batchId: snapshot.batchId,
    pulledAt: snapshot.pulledAt,
    sourceSheet: opts.sourceLabel,
    preset: resolved.preset.id,
    recordsReviewed: snapshot.rows.length,
    report: snapshot.report,
  };
  // the new Records and the batch that names them change together
  replaceTabs(ss, writes, { ...opts.state, [PROP_BATCH]: batchJson(state) });
  const how =
    resolved.presetSource.kind === 'detected'
      ? `detected ${resolved.preset.label} (${Math.round(resolved.presetSource.confidence * 100)}% of its headers${resolved.presetSource.byIds ? ` and its record ids, ${describeObject(resolved.presetSource.byIds)}` : ''})`
      : `${resolved.preset.label} from the Rules`;
  const r = snapshot.report;
  const masked = Object.values(r.valuesMasked).reduce((n, v) => n + v, 0);
  const message = `Pulled ${r.rowsRead} records from ${opts.sourceName}: ${how}. Kept ${r.columnsKept.length} approved columns, dropped ${r.columnsDropped.length}, masked ${masked} values.${created ? ' Created the Rules tab from the preset.' : ''}${unclosed ? ` The batch reviewed before (${unclosed}) was not closed, so it is not in History: Close batch keeps a batch's figures for the trend.` : ''}`;
  return { message, sidebar: { title: 'Input safety report', html: safetyReportHtml(r, message) } };
}

/**
 * The batch a pull replaces when it was reviewed but never closed (it never reaches History), else
 * undefined. Reviewed: the Summary a step wrote names it (a Review tab may be an earlier batch's; a
 * closed batch's Summary names the closed batch, and a re-pull of it is that batch).
 */
function unclosedBatch(ss: Spreadsheet): string | undefined {
  const raw = props().getProperty(PROP_BATCH);
  if (!raw) return undefined;
  const { batchId } = JSON.parse(raw) as BatchState;
  // (the Summary's label column and value column only, and the History's Batch IDs: no Detail parsed)
  const summary = ss.getSheetByName(SUMMARY_TAB);
  const last = summary?.getLastRow() ?? 0;
  if (!summary || last < 1) return undefined;
  const labelled = (summary.getRange(1, 1, last, 2).getValues() as CellValue[][]).some(([label, value]) => cellToText(label) === 'Batch ID' && cellToText(value) === batchId);
  return labelled && !historyBatchIds(ss).has(batchId) ? batchId : undefined;
}

function readSnapshot(ss: Spreadsheet, batch: BatchState): { headers: string[]; rows: string[][] } {
  const grid = readTextTab(ss, TABS.records);
  if (!grid || grid.length === 0) throw new UserError(RECORDS_MISSING);
  const header = grid[0]!;
  if (header[0] !== RECORDS_PREFIX[0] || header[1] !== RECORDS_PREFIX[1]) throw new UserError('The Records tab has been changed by hand. Run "Pull approved fields" again.');
  // the rows of this batch without their two prefix cells, cut in place (issue 12): no copy of the snapshot
  const rows: string[][] = [];
  for (let r = 1; r < grid.length; r++) {
    const row = grid[r]!;
    if (row[0] !== batch.batchId) continue;
    row.splice(0, 2);
    rows.push(row);
  }
  if (rows.length !== batch.recordsReviewed)
    throw new UserError(
      `The Records tab holds ${rows.length} records of this batch, but the pull wrote ${batch.recordsReviewed}: it has been changed by hand. Run "Pull approved fields" again.`,
    );
  return { headers: header.slice(2), rows };
}

/** The Review tab as people left it: decisions and notes, and the machine cells to check. Undefined when there is no tab. */
function readReview(ss: Spreadsheet): SheetReviewRow[] | undefined {
  const grid = readTextTab(ss, TABS.review);
  if (!grid) return undefined;
  const rows = reviewRowsFromGrid(grid, `Tab "${TABS.review}"`);
  for (const r of rows) r.reviewerNote = restoreFromSheet(r.reviewerNote);
  return rows;
}

/**
 * A step interrupted after its commit leaves the old Review in view until the next step swaps the new
 * one in; a decision or note a person makes there meanwhile (logged by onEdit) is carried into the new
 * Review before the swap, so the swap does not undo it (a Reject must not turn back into the Approve the
 * new tab holds). Only onto a row whose decision-bearing cells are the same in both: a row whose facts
 * changed is decided again. The next step records what was carried ("at step") if onEdit did not.
 */
function carryReviewEdits(old: Sheet, fresh: Sheet): void {
  const before = sheetText(old);
  const after = sheetText(fresh);
  if (before.length < 2 || after.length < 2) return;
  // read as every step reads a Review: what it would refuse (one issue twice with two decisions, a
  // column gone) stops the swap too, with the same message, so nothing is carried over unseen
  const made = new Map(reviewRowsFromGrid(before, `Tab "${TABS.review}"`).map((r) => [r.issueId, r]));
  const decisionAt = after[0]!.findIndex((h) => normaliseText(h) === 'decision');
  const noteAt = after[0]!.findIndex((h) => normaliseText(h) === 'reviewer note');
  const decisions = after.slice(1).map((r) => [r[decisionAt] ?? '']);
  const notes = after.slice(1).map((r) => [r[noteAt] ?? '']);
  let changed = false;
  for (const r of reviewRowsFromGrid(after, `Tab "${TABS.review}"`)) {
    const o = made.get(r.issueId);
    if (!o || !DECISION_BEARING.every((c) => canonicalCell(o.cells[c]) === canonicalCell(r.cells[c]))) continue;
    if (o.decision !== r.decision) decisions[r.row - 2] = [o.decision];
    if (o.reviewerNote !== r.reviewerNote) notes[r.row - 2] = [o.reviewerNote];
    changed ||= o.decision !== r.decision || o.reviewerNote !== r.reviewerNote;
  }
  if (!changed) return;
  fresh.getRange(2, decisionAt + 1, decisions.length, 1).setValues(decisions);
  fresh.getRange(2, noteAt + 1, notes.length, 1).setValues(notes.map(([v]) => [neutraliseForSheet(v!)]));
}
carryOnRecovery(TABS.review, carryReviewEdits);

function reviewer(): string {
  const email = Session.getActiveUser().getEmail();
  if (email) return email;
  // Google hides the email across domains and on some consumer accounts; this key is stable per user and script
  return `unknown reviewer (key ${Session.getTemporaryActiveUserKey()})`;
}

interface GateRun {
  batch: BatchState;
  snapshot: { headers: string[]; rows: string[][] };
  resolved: ResolvedRules;
  asOf: string;
  result: GateResult;
  review: SheetReviewRow[] | undefined;
  ctx: ReconcileContext;
  /** Where the Decision Log ends after the step appended its entries. */
  logEnd: LogEnd;
  exportedGrid: string[][];
  exported: ExportedItem[];
  recovered: string | undefined;
}

/**
 * What every decision step shares: finish an interrupted step, read the snapshot, Rules, Review, the
 * logs, recompute and join the decisions (the CLI's code path too), then append the Decision Log:
 * decisions are safe before any tab is rewritten.
 */
function runGate(ss: Spreadsheet, now: Date, exportOpts?: { includeExported: boolean }): GateRun {
  const recovered = recoverTabs(ss);
  const batch = loadBatch();
  const snapshot = readSnapshot(ss, batch);
  const { resolved, created } = loadRules(ss, snapshot.headers);
  if (created) throw new UserError(RULES_MISSING);
  const asOf = reviewDate(resolved.rules, () => todayIn(ss, now));
  const review = readReview(ss);
  const log = readDecisionLog(ss);
  const exportLog = readExportLog(ss);
  const loggedAt = isoTimestamp(now);
  const ctx: ReconcileContext = { batchId: batch.batchId, loggedAt, reviewer: reviewer() };
  const result = gateStep({
    snapshot: { ...snapshot, batchId: batch.batchId, pulledAt: batch.pulledAt, report: batch.report },
    resolved,
    asOf,
    review,
    log: log.parsed,
    chain: log.chain,
    exported: exportLog.items,
    ctx,
    ...(exportOpts ? { export: { exportedAt: loggedAt, includeExported: exportOpts.includeExported } } : {}),
  });
  const logEnd = appendDecisions(ss, log, result.reconciled.entries);
  return { batch, snapshot, resolved, asOf, result, review, ctx, logEnd, exportedGrid: exportLog.grid, exported: exportLog.items, recovered };
}

/**
 * The Review's last read before the commit: a decision or note a person typed into the Review while
 * the step ran (the edit trigger cannot take the lock the step holds, and the new Review was built from
 * the step's first read) is handled as the step would have handled it (carryMidStepEdits). Once every
 * new tab is written, the old Review is read again (the columns a step reads, found by name; not the
 * evidence), what was typed is logged, and the new tab is written once if a row changed; all before the
 * commit, so an interruption leaves the old tabs in place and loses nothing. What is typed after this
 * read (a few calls before the old tab goes) the edit trigger records once it has the lock.
 */
function keepTypedDuringStep(ss: Spreadsheet, run: GateRun, rows: readonly ReviewRow[], kept: { carry?: MidStepCarry }): Carry | undefined {
  const stepRead = run.review;
  if (!stepRead?.length) return undefined;
  return (old, fresh) => {
    const now = readAgain(old, stepRead);
    if (now.length === 0) return;
    const carry = carryMidStepEdits(stepRead, now, rows, run.ctx, run.result.reconciled.entries);
    kept.carry = carry;
    if (carry.entries.length === 0) return;
    appendDecisionsAfter(ss, run.logEnd, carry.entries);
    if (carry.carried + carry.reset === 0) return;
    const decisionCol = REVIEW_COLUMNS.indexOf('Decision') + 1; // Reviewer note is the next column
    fresh.getRange(2, decisionCol, carry.rows.length, 2).setValues(neutraliseGrid(carry.rows.map((r) => [r.decision, r.reviewerNote])));
  };
}

/** The columns a person edits, then the other columns a step reads from a Review (readReview), the evidence aside. */
const EDITED = ['Issue ID', 'Decision', 'Reviewer note'] as const;
const READ_AGAIN = [...EDITED, ...DECISION_BEARING] as const;

/**
 * The rows of a Review tab whose decision or note differs from the step's own read (`stepRead`), read
 * as readReview reads them, found by name in the header. First its Issue ID, Decision and Reviewer note
 * (most often nothing was typed, and that is all); then, only if something was, the other columns a
 * step reads (the evidence aside). One read per run of adjacent columns. A value that is not a decision
 * is left out (the old tab goes; the step's value stands); a Review a step would refuse (a column gone,
 * one issue twice with two decisions) is refused here too, with the step's message.
 */
function readAgain(sheet: Sheet, stepRead: readonly SheetReviewRow[]): SheetReviewRow[] {
  const last = sheet.getLastRow();
  const width = sheet.getLastColumn();
  if (last < 2 || width < 1) return [];
  const text = (v: CellValue): string => cellToText(typeof v === 'string' ? restoreFromSheet(v) : v);
  const header = (sheet.getRange(1, 1, 1, width).getValues()[0] as CellValue[]).map(text);
  const columns = (names: readonly string[]): number[] => {
    const wanted = new Set(names.map((c) => normaliseText(c)));
    return header.flatMap((h, c) => (wanted.has(normaliseText(h)) ? [c] : []));
  };
  const grid: string[][] = [[]];
  for (let r = 0; r < last - 1; r++) grid.push([]);
  const readColumns = (cols: readonly number[]): void => {
    grid[0]!.push(...cols.map((c) => header[c]!));
    for (let k = 0; k < cols.length; ) {
      let end = k;
      while (end + 1 < cols.length && cols[end + 1] === cols[end]! + 1) end++;
      const block = sheet.getRange(2, cols[k]! + 1, last - 1, end - k + 1).getValues() as CellValue[][];
      block.forEach((cells, r) => grid[r + 1]!.push(...cells.map(text)));
      k = end + 1;
    }
  };
  const edited = columns(EDITED);
  readColumns(edited);
  // (the first read has the edited columns only; the second all a step reads, the Evidence ID among them)
  const read = (all: boolean): SheetReviewRow[] => {
    const rows = reviewRowsFromGrid(grid, `Tab "${TABS.review}"`, { lenient: true, partialRead: !all });
    for (const r of rows) r.reviewerNote = restoreFromSheet(r.reviewerNote);
    return rows;
  };
  const before = new Map(stepRead.map((r) => [r.issueId, r]));
  const changed = (r: SheetReviewRow): boolean => {
    const b = before.get(r.issueId);
    return !!b && (b.decision !== r.decision || b.reviewerNote !== r.reviewerNote);
  };
  if (edited.length === EDITED.length && !read(false).some(changed)) return [];
  readColumns(columns(READ_AGAIN).filter((c) => !edited.includes(c)));
  return read(true).filter(changed);
}

/**
 * Replaces the Review, with the step's other tabs, as one unit (replaceTabs), keeping what was typed into
 * it while the step ran (keepTypedDuringStep). Returns the rows the new Review shows, whether what was
 * typed changed any of them, and what to tell of it.
 */
function replaceWithReview(
  ss: Spreadsheet,
  run: GateRun,
  others: readonly TabWrite[],
  /** Document properties that change with the tabs (the Export Log's pin). */
  state: Record<string, string> = {},
): { rows: readonly ReviewRow[]; changed: boolean; note: string } {
  const rows = run.result.reconciled.rows;
  const kept: { carry?: MidStepCarry } = {};
  replaceTabs(ss, [reviewTabWrite(rows, keepTypedDuringStep(ss, run, rows, kept)), ...others], state);
  const c = kept.carry;
  if (!c || c.entries.length === 0) return { rows, changed: false, note: '' };
  const n = (k: number, one: string, many: string): string => `${k} ${k === 1 ? one : many}`;
  const notes: string[] = [];
  if (c.carried) notes.push(`Kept ${n(c.carried, 'decision or note', 'decisions or notes')} typed while this step ran (logged; Refresh summary counts them).`);
  if (c.reset)
    notes.push(
      `${n(c.reset, 'decision', 'decisions')} typed while this step ran ${c.reset === 1 ? 'was' : 'were'} on proposals whose facts changed: logged, and back to Pending to decide again.`,
    );
  if (c.gone) notes.push(`${n(c.gone, 'decision', 'decisions')} typed while this step ran ${c.gone === 1 ? 'was' : 'were'} on proposals it no longer makes: logged.`);
  return { rows: c.rows, changed: c.carried + c.reset > 0, note: ` ${notes.join(' ')}` };
}

/** What a step says about the decisions it joined: restored from the log, refused, reset. */
function gateNotes(run: GateRun): string {
  const { reconciled } = run.result;
  const notes: string[] = [];
  if (run.review === undefined && reconciled.restored) notes.push(`The Review tab was missing: restored ${reconciled.restored} decisions from the Decision Log.`);
  else if (reconciled.restored)
    notes.push(
      `Restored ${reconciled.restored} decision${reconciled.restored === 1 ? '' : 's'} from the Decision Log, made on the same facts (rows not on the Review tab: deleted from it, or their records not in the batch it showed).`,
    );
  if (run.result.withheldNote) notes.push(run.result.withheldNote);
  const refused = describeRefused(reconciled.refused, `tab "${TABS.review}"`);
  if (refused) notes.push(refused);
  if (reconciled.reset)
    notes.push(
      `${reconciled.reset} decision${reconciled.reset === 1 ? '' : 's'} went back to Pending because the values behind ${reconciled.reset === 1 ? 'it' : 'them'} changed.`,
    );
  if (!run.result.figures.logIntact && run.result.figures.logProblem) notes.push(`Decision Log: ${run.result.figures.logProblem}.`);
  // the Rules may have changed since the pull said its notes: what the routing rules cannot do is said again
  const pulled = new Set(run.batch.report.warnings);
  notes.push(...routingWarnings(run.resolved.rules, run.snapshot.headers, run.snapshot.rows).filter((w) => !pulled.has(w)));
  if (run.result.skipped.length) notes.push(`Skipped: ${run.result.skipped.map((k) => `${k.check} (${k.reason})`).join('; ')}; the routing exception rate is partial.`);
  return notes.length ? ` ${notes.join(' ')}` : '';
}

/** Step 2 and 3: run the checks, QA the proposals, keep the decisions that stand, write Review and Summary. */
export function review(ss: Spreadsheet, now: Date): StepResult {
  const run = runGate(ss, now);
  const { figures } = run.result;
  const typed = replaceWithReview(ss, run, [summaryWrite(ss, run)]);
  // the Export Log as runGate read it: nothing since has written to it
  const staleNote = markStaleExport(ss, typed.rows, run.exported);
  return withRecovery(
    {
      message: `Review ready: ${figures.proposals} proposals on ${figures.recordsFlagged} of ${figures.recordsReviewed} records (review date ${run.asOf}). Decide in the Decision column.${gateNotes(run)}${typed.note}${staleNote}`,
    },
    run.recovered,
  );
}

/** Column widths in pixels, by Review column. Decision starts at 350 px: on a 1366-pixel laptop it is on the first screen. */
export const REVIEW_WIDTHS: Record<(typeof REVIEW_COLUMNS)[number], number> = {
  'Issue ID': 110,
  'Record ID': 100,
  Check: 140,
  Decision: 100,
  'Reviewer note': 200,
  Field: 130,
  'Current value': 160,
  'Proposed value': 180,
  Evidence: 460,
  Severity: 70,
  QA: 240,
  Reason: 200,
  'Evidence ID': 120,
  'Record link': 200,
};
/** Issue ID, Record ID and Check stay in view while a reviewer scrolls right through the evidence. */
export const REVIEW_FROZEN_COLUMNS = 3;
const DECISION_COLOURS: [string, string][] = [
  ['Approve', '#e6f4ea'],
  ['Reject', '#fce8e6'],
  ['Escalate', '#fef7e0'],
];

/**
 * The Review tab a founder enjoys using: frozen header and identifying columns, the Decision dropdown
 * that rejects anything else, rows coloured by decision, a filter, readable widths with wrapped
 * evidence, and a warning before anyone edits what the machine wrote. A fixed number of calls.
 */
function reviewTabWrite(rows: readonly ReviewRow[], beforeCommit?: Carry): TabWrite {
  return {
    name: TABS.review,
    grid: reviewRowsToGrid(rows),
    ...(beforeCommit ? { beforeCommit } : {}),
    options: { plainText: true, frozenRows: 1 },
    decorate: (sheet) => {
      const width = REVIEW_COLUMNS.length;
      sheet.setFrozenColumns(REVIEW_FROZEN_COLUMNS);
      REVIEW_COLUMNS.forEach((c, i) => sheet.setColumnWidth(i + 1, REVIEW_WIDTHS[c]));
      if (rows.length === 0) return;
      const decisionCol = REVIEW_COLUMNS.indexOf('Decision') + 1;
      const data = sheet.getRange(2, 1, rows.length, width);
      sheet.getRange(1, 1, rows.length + 1, width).createFilter();
      sheet.getRange(2, REVIEW_COLUMNS.indexOf('Evidence') + 1, rows.length, 1).setWrap(true);
      const rule = SpreadsheetApp.newDataValidation()
        .requireValueInList([...DECISIONS], true)
        .setAllowInvalid(false)
        .setHelpText('Choose Approve, Reject or Escalate. Only approved, approvable rows are exported.')
        .build();
      sheet.getRange(2, decisionCol, rows.length, 1).setDataValidation(rule);
      const letter = columnLetter(decisionCol - 1);
      sheet.setConditionalFormatRules(
        DECISION_COLOURS.map(([decision, colour]) =>
          SpreadsheetApp.newConditionalFormatRule().whenFormulaSatisfied(`=$${letter}2="${decision}"`).setBackground(colour).setRanges([data]).build(),
        ),
      );
      const editable = sheet.getRange(2, decisionCol, rows.length, 2); // Decision and Reviewer note, side by side
      protectWithWarning(sheet, 'The machine wrote these columns; decide in Decision and write in Reviewer note. Edits elsewhere are refused at export.', [editable]);
    },
  };
}

function protectWithWarning(sheet: GoogleAppsScript.Spreadsheet.Sheet, description: string, unprotected: GoogleAppsScript.Spreadsheet.Range[] = []): void {
  const protection = sheet.protect();
  protection.setDescription(description).setWarningOnly(true);
  if (unprotected.length) protection.setUnprotectedRanges(unprotected);
}

/** The Summary tab: figures, breakdowns and patterns against the History tab, with the chart (src/addon/history.ts). */
function summaryWrite(ss: Spreadsheet, run: GateRun): TabWrite {
  return summaryTabWrite(ss, run.result.figures, { rows: run.result.reconciled.rows, records: run.snapshot, rules: run.resolved.rules }).write;
}

/** The export's tabs: the import table, its rollback, the merges, and the ledger of what left. */
function exportWrites(plan: ExportPlan, exportedGrid: readonly string[][]): TabWrite[] {
  const ledger = exportedGrid.length ? [...exportedGrid, ...plan.ledger.map(exportedItemCells)] : [[...EXPORT_LOG_COLUMNS], ...plan.ledger.map(exportedItemCells)];
  return [
    { name: TABS.approved, grid: plan.changes, options: { plainText: true, frozenRows: 1 } },
    { name: TABS.rollback, grid: plan.rollback, options: { plainText: true, frozenRows: 1 } },
    { name: TABS.merges, grid: plan.merges, options: { plainText: true, frozenRows: 1 } },
    {
      name: TABS.exportLog,
      grid: ledger,
      options: { plainText: true, frozenRows: 1 },
      decorate: (sheet) => protectWithWarning(sheet, 'The Export Log lists every change that left, so none leaves twice.'),
    },
  ];
}

/** The tab an export's rollback is kept in once a later export takes the Rollback tab. */
const rollbackTabOf = (exportId: string): string => `${TABS.rollback} ${exportId}`;

/** The Export ID of the rollback the Rollback tab holds (its first row's), if it holds one. */
function rollbackTabExport(grid: readonly (readonly string[])[] | undefined): string | undefined {
  const at = grid?.[0]?.indexOf('Export ID') ?? -1;
  const id = at >= 0 ? grid![1]?.[at]?.trim() : undefined;
  return id || undefined;
}

/**
 * Step 4 and 5: log decisions, then write the approved, approvable, unexported changes as an import table
 * with its rollback. An earlier export's rollback is kept: in its own tab ("Rollback <Export ID>") once
 * a later export takes the Rollback tab, so a change withdrawn after its import can still be undone. An
 * export with nothing new leaves the import, merge and rollback tabs of the last one as they are.
 */
export function exportApproved(ss: Spreadsheet, now: Date, includeExported = false): StepResult {
  const run = runGate(ss, now, { includeExported });
  const { reconciled, plan } = run.result;
  if (reconciled.rows.length === 0) throw new UserError('The review has no proposals. Run "Run review" first.');
  const stale = ss.getSheetByName(STALE_APPROVED);
  const anything = plan!.changes.length > 1 || plan!.merges.length > 1;
  const rollbackGrid = readTextTab(ss, TABS.rollback);
  const earlier = rollbackTabExport(rollbackGrid);
  const keepEarlier = anything && earlier !== undefined && earlier !== plan!.exportId && !ss.getSheetByName(rollbackTabOf(earlier));
  const writes: TabWrite[] = anything ? exportWrites(plan!, run.exportedGrid) : [];
  if (keepEarlier) writes.push({ name: rollbackTabOf(earlier!), grid: rollbackGrid!, options: { plainText: true, frozenRows: 1 } });
  // the Export Log's pin: a tab that later lists fewer changes (deleted, cut) stops every step
  const pin: Record<string, string> = anything ? { [PROP_EXPORT_PIN]: JSON.stringify({ items: run.exported.length + plan!.ledger.length }) } : {};
  const typed = replaceWithReview(ss, run, [...writes, summaryWrite(ss, run)], pin);
  if (stale && anything) ss.deleteSheet(stale);
  // a Reject typed while the export ran withdraws a change it just wrote: the tab must not be imported as it is
  // (an export with nothing new leaves the last one's tab, which a Reject since may have made stale)
  const staleNote = typed.changed || !anything ? markStaleExport(ss, typed.rows, [...run.exported, ...plan!.ledger]) : '';
  const n = plan!.changes.length - 1;
  const m = plan!.merges.length - 1;
  const crm = run.resolved.preset.crm === 'hubspot' ? 'HubSpot' : 'Salesforce';
  const what =
    n || m
      ? `Export ${plan!.exportId}: ${n} record${n === 1 ? '' : 's'} to update in "${TABS.approved}" (File > Download > CSV, then import into ${crm}); the values before are in "${TABS.rollback}".${m ? ` ${m} approved merge${m === 1 ? '' : 's'} in "${TABS.merges}": merge them with the CRM's merge tool (an import cannot merge).` : ''}`
      : `Nothing new to export.${earlier ? ` The export tabs still hold export ${earlier}, which left before.` : ''}`;
  const current = anything ? plan!.exportId : earlier;
  const more = describeExport(plan!, (id) =>
    id === current ? `the "${TABS.rollback}" tab` : ss.getSheetByName(rollbackTabOf(id)) ? `the "${rollbackTabOf(id)}" tab` : `that export's rollback (not in this workbook)`,
  );
  return withRecovery({ message: `${what}${more ? ` ${more}` : ''}${gateNotes(run)}${typed.note}${staleNote}` }, run.recovered);
}

export function loadSnapshotHeaders(ss: Spreadsheet): string[] {
  const sheet = ss.getSheetByName(TABS.records);
  if (!sheet || sheet.getLastColumn() === 0) throw new UserError(RECORDS_MISSING);
  return sheet
    .getRange(1, 1, 1, sheet.getLastColumn())
    .getValues()[0]!
    .slice(RECORDS_PREFIX.length)
    .map((c) => cellToText(c as CellValue));
}

/**
 * Renames the Approved Changes tab "(stale)" when its export no longer matches the decisions (a Reject
 * since, or one carried over from an interrupted step): it must not be imported as it is. The Export
 * Log as runGate read it: nothing since has written to it.
 */
function markStaleExport(ss: Spreadsheet, rows: readonly ReviewRow[], exported: readonly ExportedItem[]): string {
  const stale = staleExport(rows, exported);
  const approvedTab = stale ? ss.getSheetByName(TABS.approved) : null;
  if (!stale || !approvedTab) return '';
  const old = ss.getSheetByName(STALE_APPROVED);
  if (old) ss.deleteSheet(old);
  approvedTab.setName(STALE_APPROVED);
  return ` "${TABS.approved}" is now "${STALE_APPROVED}": ${stale.count} of its changes (${stale.exportId}) are no longer approved on the same facts. Run Export approved changes again before importing.`;
}

/** Step 6: log decisions, keep the Review true to them, and recompute the Summary. */
export function refresh(ss: Spreadsheet, now: Date): StepResult {
  const run = runGate(ss, now);
  const { figures, reconciled } = run.result;
  const typed = replaceWithReview(ss, run, [summaryWrite(ss, run)]);
  const staleNote = markStaleExport(ss, typed.rows, run.exported);
  const logged = reconciled.entries.length;
  return withRecovery(
    {
      message: `Summary refreshed: ${figures.decided} of ${figures.proposals} proposals decided; routing exception rate ${formatRate(figures.routingExceptionRate)}${figures.routingExceptionRatePartial ? ' (partial)' : ''}.${logged ? ` Logged ${logged} decision${logged === 1 ? '' : 's'} the edit trigger had not recorded.` : ''}${gateNotes(run)}${typed.note}${staleNote}`,
    },
    run.recovered,
  );
}

/** Close batch: log the decisions, archive the batch to the History tab, refresh the Summary (src/addon/history.ts). */
export function close(ss: Spreadsheet, now: Date): StepResult {
  const recovered = recoverTabs(ss);
  if (!ss.getSheetByName(TABS.review)) throw new UserError('There is no Review tab yet. Run "Run review" and make the decisions before closing the batch.');
  const { history, notes } = readHistoryTab(ss); // a damaged History stops the step here, before any write
  const run = runGate(ss, now);
  const { figures, reconciled } = run.result;
  const closed = closeBatchWrites(ss, { rows: reconciled.rows, records: run.snapshot, rules: run.resolved.rules, figures, closedAt: isoTimestamp(now), history, notes });
  const typed = replaceWithReview(ss, run, closed.writes);
  const staleNote = markStaleExport(ss, typed.rows, run.exported);
  return withRecovery({ message: `${closed.message}${gateNotes(run)}${typed.note}${staleNote}` }, recovered ?? run.recovered);
}
