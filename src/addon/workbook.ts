/**
 * The add-on's steps as the workbook sees them: read tabs (one batched read each), run the pure
 * core, then write tabs (one batched write each). Everything is computed before the first write,
 * so bad input stops a step before it changes anything.
 */
import { cellToText, type CellValue } from '../core/text/cells';
import { type ResolvedRules, resolveRules } from '../core/intake/config';
import { describeCandidates, DETECTION, detectPreset, PRESETS } from '../core/intake/presets';
import { PRESET_IDS, type PresetId } from '../core/intake/rules';
import { type SourceTable } from '../core/intake/source';
import { lastLoggedDecisions, LOG_COLUMNS, pendingLogEntries } from '../core/decisions/log';
import { UserError } from '../core/text/errors';
import { approvedChanges, approvedMerges, describeLeftOut } from '../core/decisions/export';
import { type InputSafetyReport, isoTimestamp, pullSnapshot } from '../core/intake/pull';
import { DECISIONS, REVIEW_COLUMNS, type ReviewRow, reviewRowsFromGrid, reviewRowsToGrid } from '../core/review/rows';
import { columnLetter, rulesFromGrid, rulesToGrid } from '../core/intake/rulesSheet';
import { readSourceGrid } from '../core/intake/source';
import { safetyReportHtml } from './html';
import { summarise, type SummaryFigures } from '../core/report/summary';
import { type BatchHistoryEntry, historyEntry, summaryToGrid } from '../core/report/summaryGrid';
import { reviewDate, reviewSnapshot } from '../core/review/workflow';
import { appendRows, readDisplayGrid, readTab, writeTab } from './sheets';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** What a step reports: a toast, and optionally a sidebar. */
export interface StepResult {
  message: string;
  sidebar?: { title: string; html: string };
}

export const TABS = {
  rules: 'Rules',
  records: 'Records',
  review: 'Review',
  log: 'Decision Log',
  summary: 'Summary',
  approved: 'Approved Changes',
  merges: 'Approved Merges',
} as const;
export const OWN_TABS = new Set<string>(Object.values(TABS));
const RECORDS_PREFIX = ['Batch ID', 'Pulled at'];

const PROP_BATCH = 'crg.batch';
export const PROP_SOURCE = 'crg.sourceSheet';
const PROP_HISTORY = 'crg.history.';

/** What the document remembers about the current batch (PropertiesService, 9 KB per value). */
export interface BatchState {
  batchId: string;
  pulledAt: string;
  sourceSheet: string;
  preset: string;
  recordsReviewed: number;
  report: InputSafetyReport;
}

export function props(): GoogleAppsScript.Properties.Properties {
  return PropertiesService.getDocumentProperties();
}

function loadBatch(): BatchState {
  const raw = props().getProperty(PROP_BATCH);
  if (!raw) throw new UserError('No batch has been pulled yet. Run "Pull approved fields" first.');
  return JSON.parse(raw) as BatchState;
}

function saveBatch(state: BatchState): void {
  let json = JSON.stringify(state);
  if (json.length > 8000) {
    // keep the property under its 9 KB limit: drop the per-column detail, keep the counts
    const report = { ...state.report, columnsDropped: [{ header: `${state.report.columnsDropped.length} columns`, reason: 'see the pull message' }] };
    json = JSON.stringify({ ...state, report });
  }
  props().setProperty(PROP_BATCH, json);
}

/** The source tab: the one chosen before, else the active tab or the first one whose headers match a preset. */
export function findSourceSheet(ss: Spreadsheet): GoogleAppsScript.Spreadsheet.Sheet {
  const remembered = props().getProperty(PROP_SOURCE);
  if (remembered) {
    const sheet = ss.getSheetByName(remembered);
    if (sheet) return sheet;
  }
  const active = ss.getActiveSheet();
  const candidates = ss.getSheets().filter((s) => !OWN_TABS.has(s.getName()));
  if (candidates.length === 0) throw new UserError('No tab holds a CRM export. Import the export with File > Import (Insert new sheet), then pull again.');
  if (active && candidates.some((s) => s.getName() === active.getName()) && looksLikeExport(active)) return active;
  const match = candidates.find(looksLikeExport);
  if (!match) throw new UserError('No tab has the header row of a HubSpot or Salesforce export. Open the tab with the export and pull again.');
  return match;
}

function looksLikeExport(sheet: GoogleAppsScript.Spreadsheet.Sheet): boolean {
  const width = sheet.getLastColumn();
  if (width === 0) return false;
  const header = sheet.getRange(1, 1, 1, width).getValues()[0]!.map((v) => cellToText(v as CellValue));
  return (detectPreset(header).candidates[0]?.confidence ?? 0) >= DETECTION.minimum;
}

/** Parses the Rules tab, or, on the first pull, starts from the detected (or chosen) preset. */
export function loadRules(ss: Spreadsheet, headers: readonly string[], ask: 'prompt' | 'refuse' = 'refuse'): { resolved: ResolvedRules; created: boolean } {
  const grid = readTab(ss, TABS.rules);
  if (!grid || grid.every((r) => r.every((c) => cellToText(c).trim() === ''))) {
    const detection = detectPreset(headers);
    if (detection.chosen || ask === 'refuse') return { resolved: resolveRules(undefined, headers), created: true };
    return { resolved: resolveRules({ preset: askPreset(`Which export is this? Its headers do not say for sure (best matches: ${describeCandidates(detection)}).`) }, headers), created: true };
  }
  const parsed = rulesFromGrid(grid, TABS.rules);
  return { resolved: resolveRules(parsed.file, headers, parsed.locate), created: false };
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

function reviewer(): string {
  const email = Session.getActiveUser().getEmail();
  if (email) return email;
  // Google hides the email across domains and on some consumer accounts; this key is stable per user and script
  return `unknown reviewer (key ${Session.getTemporaryActiveUserKey()})`;
}

/** Step 1: pull the approved-field snapshot from the source tab into Records. */
export function pull(ss: Spreadsheet, now: Date): StepResult {
  const source = findSourceSheet(ss);
  const sourceName = `Tab "${source.getName()}"`;
  const table = readSourceGrid(readDisplayGrid(source), { sourceName });
  return pullTable(ss, table, { sourceName, sourceLabel: source.getName(), now, ask: 'prompt' });
}

/**
 * The pull itself, for a source tab or an uploaded file: rules first (created from the preset on
 * the first pull), then the boundary, then, only when all of that succeeded, the writes.
 */
export function pullTable(ss: Spreadsheet, table: SourceTable, opts: { sourceName: string; sourceLabel: string; now: Date; ask: 'prompt' | 'refuse' }): StepResult {
  const { resolved, created } = loadRules(ss, table.headers, opts.ask);
  const snapshot = pullSnapshot(table, resolved.rules, opts.now, opts.sourceName);

  if (created) writeTab(ss, TABS.rules, rulesToGrid(resolved.rules), { plainText: true }).setFrozenRows(1);
  const records = writeTab(ss, TABS.records, [
    [...RECORDS_PREFIX, ...snapshot.headers],
    ...snapshot.rows.map((r) => [snapshot.batchId, snapshot.pulledAt, ...r]),
  ], { plainText: true });
  records.setFrozenRows(1);
  protectWithWarning(records, 'Records is the approved-field snapshot of the batch; edit the CRM, not this tab.');
  const state: BatchState = {
    batchId: snapshot.batchId, pulledAt: snapshot.pulledAt, sourceSheet: opts.sourceLabel, preset: resolved.preset.id,
    recordsReviewed: snapshot.rows.length, report: snapshot.report,
  };
  saveBatch(state);
  const how = resolved.presetSource.kind === 'detected' ? `detected ${resolved.preset.label} (${Math.round(resolved.presetSource.confidence * 100)}% of its headers)` : `${resolved.preset.label} from the Rules`;
  const r = snapshot.report;
  const masked = Object.values(r.valuesMasked).reduce((n, v) => n + v, 0);
  const message = `Pulled ${r.rowsRead} records from ${opts.sourceName}: ${how}. Kept ${r.columnsKept.length} approved columns, dropped ${r.columnsDropped.length}, masked ${masked} values.${created ? ' Created the Rules tab from the preset.' : ''}`;
  return { message, sidebar: { title: 'Input safety report', html: safetyReportHtml(r, message) } };
}

function readSnapshot(ss: Spreadsheet, batch: BatchState): { headers: string[]; rows: string[][] } {
  const grid = readTab(ss, TABS.records);
  if (!grid || grid.length === 0) throw new UserError('The Records tab is missing. Run "Pull approved fields" again.');
  const header = grid[0]!.map((c) => cellToText(c));
  if (header[0] !== RECORDS_PREFIX[0] || header[1] !== RECORDS_PREFIX[1]) throw new UserError('The Records tab has been changed by hand. Run "Pull approved fields" again.');
  const rows = grid.slice(1).filter((r) => cellToText(r[0]) === batch.batchId).map((r) => r.slice(2).map((c) => cellToText(c)));
  return { headers: header.slice(2), rows };
}

function readReview(ss: Spreadsheet): ReviewRow[] {
  const grid = readTab(ss, TABS.review);
  return grid ? reviewRowsFromGrid(grid.map((r) => r.map((c) => cellToText(c))), `Tab "${TABS.review}"`) : [];
}

/** Appends to the Decision Log every decision made on the Review tab since the last step. */
function syncDecisionLog(ss: Spreadsheet, rows: readonly ReviewRow[], batch: BatchState, now: Date): number {
  const logGrid = readTab(ss, TABS.log) ?? [];
  const last = lastLoggedDecisions(logGrid.map((r) => r.map((c) => cellToText(c))));
  const entries = pendingLogEntries(rows, last, { batchId: batch.batchId, loggedAt: isoTimestamp(now), reviewer: reviewer() });
  appendRows(ss, TABS.log, LOG_COLUMNS, entries);
  return entries.length;
}

/** Step 2 and 3: run the checks, QA the proposals, keep earlier decisions, write Review. */
export function review(ss: Spreadsheet, now: Date): StepResult {
  const batch = loadBatch();
  const snapshot = readSnapshot(ss, batch);
  const { resolved } = loadRules(ss, snapshot.headers);
  const previous = readReview(ss);
  const asOf = reviewDate(resolved.rules, now);
  const rows = reviewSnapshot(snapshot, resolved, asOf, previous);
  syncDecisionLog(ss, previous, batch, now);
  writeReviewTab(ss, rows);
  const figures = writeSummary(ss, rows, batch, asOf);
  return { message: `Review ready: ${figures.proposals} proposals on ${figures.recordsFlagged} of ${figures.recordsReviewed} records (review date ${asOf}). Decide in the Decision column.` };
}

/** Column widths in pixels, by Review column; the rest keep Sheets' default. */
const REVIEW_WIDTHS: Partial<Record<(typeof REVIEW_COLUMNS)[number], number>> = {
  'Issue ID': 120, 'Record ID': 110, Check: 170, Field: 150, 'Current value': 170, 'Proposed value': 190,
  Evidence: 460, Decision: 100, 'Reviewer note': 220, Severity: 70, Reason: 220, QA: 260, 'Record link': 220,
};
const DECISION_COLOURS: [string, string][] = [['Approve', '#e6f4ea'], ['Reject', '#fce8e6'], ['Escalate', '#fef7e0']];

/**
 * The Review tab a founder enjoys using: frozen header, a Decision dropdown that rejects anything else,
 * rows coloured by decision, a filter, readable widths with wrapped evidence, and a warning before
 * anyone edits what the machine wrote. A fixed number of calls, whatever the row count.
 */
function writeReviewTab(ss: Spreadsheet, rows: readonly ReviewRow[]): void {
  const sheet = writeTab(ss, TABS.review, reviewRowsToGrid(rows), { plainText: true });
  sheet.setFrozenRows(1);
  const width = REVIEW_COLUMNS.length;
  REVIEW_COLUMNS.forEach((c, i) => { if (REVIEW_WIDTHS[c]) sheet.setColumnWidth(i + 1, REVIEW_WIDTHS[c]!); });
  const existingFilter = sheet.getFilter();
  if (existingFilter) existingFilter.remove();
  if (rows.length === 0) return;
  const decisionCol = REVIEW_COLUMNS.indexOf('Decision') + 1;
  const data = sheet.getRange(2, 1, rows.length, width);
  sheet.getRange(1, 1, rows.length + 1, width).createFilter();
  sheet.getRange(2, REVIEW_COLUMNS.indexOf('Evidence') + 1, rows.length, 1).setWrap(true);
  const rule = SpreadsheetApp.newDataValidation().requireValueInList([...DECISIONS], true).setAllowInvalid(false)
    .setHelpText('Choose Approve, Reject or Escalate. Only approved, approvable rows are exported.').build();
  sheet.getRange(2, decisionCol, rows.length, 1).setDataValidation(rule);
  const letter = columnLetter(decisionCol - 1);
  sheet.setConditionalFormatRules(DECISION_COLOURS.map(([decision, colour]) => SpreadsheetApp.newConditionalFormatRule()
    .whenFormulaSatisfied(`=$${letter}2="${decision}"`).setBackground(colour).setRanges([data]).build()));
  const editable = sheet.getRange(2, decisionCol, rows.length, 2); // Decision and Reviewer note
  protectWithWarning(sheet, 'The machine wrote these columns; decide in Decision and write in Reviewer note.', [editable]);
}

function protectWithWarning(sheet: GoogleAppsScript.Spreadsheet.Sheet, description: string, unprotected: GoogleAppsScript.Spreadsheet.Range[] = []): void {
  const existing = sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET)[0];
  const protection = existing ?? sheet.protect();
  protection.setDescription(description).setWarningOnly(true);
  if (unprotected.length) protection.setUnprotectedRanges(unprotected);
}

function loadHistory(): BatchHistoryEntry[] {
  const all = props().getProperties();
  return Object.entries(all).filter(([k]) => k.startsWith(PROP_HISTORY)).map(([, v]) => JSON.parse(v) as BatchHistoryEntry);
}

function writeSummary(ss: Spreadsheet, rows: readonly ReviewRow[], batch: BatchState, asOf: string): SummaryFigures {
  const figures = summarise(rows, { batchId: batch.batchId, pulledAt: batch.pulledAt, asOf, recordsReviewed: batch.recordsReviewed, input: batch.report });
  const entry = historyEntry(figures);
  props().setProperty(PROP_HISTORY + batch.batchId, JSON.stringify(entry));
  const history = loadHistory().filter((h) => h.batchId !== batch.batchId).concat(entry);
  writeTab(ss, TABS.summary, summaryToGrid(figures, history), { plainText: false }).setFrozenRows(1);
  return figures;
}

/** Step 4 and 5: log decisions, then write the approved, approvable changes as an import table. */
export function exportApproved(ss: Spreadsheet, now: Date): StepResult {
  const batch = loadBatch();
  const rows = readReview(ss);
  if (rows.length === 0) throw new UserError('The Review tab is empty. Run "Run review" first.');
  const { resolved } = loadRules(ss, loadSnapshotHeaders(ss));
  syncDecisionLog(ss, rows, batch, now);
  const result = approvedChanges(rows, resolved.rules);
  writeTab(ss, TABS.approved, result.table, { plainText: true }).setFrozenRows(1);
  const merges = approvedMerges(rows);
  writeTab(ss, TABS.merges, merges, { plainText: true }).setFrozenRows(1);
  writeSummary(ss, rows, batch, reviewDate(resolved.rules, now));
  const changes = result.table.slice(1).reduce((n, r) => n + r.slice(1).filter((c) => c !== '').length, 0);
  return { message: `Exported ${result.table.length - 1} records (${changes} approved changes) to "${TABS.approved}". Download it with File > Download > CSV and import it into ${resolved.preset.crm === 'hubspot' ? 'HubSpot' : 'Salesforce'}.${merges.length > 1 ? ` ${merges.length - 1} approved merge${merges.length === 2 ? '' : 's'} listed in "${TABS.merges}": merge them with the CRM's merge tool (an import cannot merge).` : ''}${describeLeftOut(result)}` };
}

export function loadSnapshotHeaders(ss: Spreadsheet): string[] {
  const sheet = ss.getSheetByName(TABS.records);
  if (!sheet || sheet.getLastColumn() === 0) throw new UserError('The Records tab is missing. Run "Pull approved fields" again.');
  return sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0]!.slice(RECORDS_PREFIX.length).map((c) => cellToText(c as CellValue));
}

/** Step 6: log decisions and recompute the Summary. */
export function refresh(ss: Spreadsheet, now: Date): StepResult {
  const batch = loadBatch();
  const rows = readReview(ss);
  const { resolved } = loadRules(ss, loadSnapshotHeaders(ss));
  const logged = syncDecisionLog(ss, rows, batch, now);
  const figures = writeSummary(ss, rows, batch, reviewDate(resolved.rules, now));
  return { message: `Summary refreshed: ${figures.decided} of ${figures.proposals} proposals decided; routing exception rate ${(figures.routingExceptionRate * 100).toFixed(1)}%.${logged ? ` Logged ${logged} new decision${logged === 1 ? '' : 's'}.` : ''}` };
}
