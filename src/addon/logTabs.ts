/**
 * The append-only tabs: the Decision Log (every decision, hash-chained) and the Export Log (every change
 * that left). A step appends its decisions to the log before it rewrites any tab, so an interrupted
 * step never loses one. The simple onEdit trigger records a decision the moment it is made, with the
 * editor Google reports, so the log names who decided rather than who ran the next step.
 */
import { cellToText, type CellValue } from '../core/text/cells';
import { type ExportedItem, exportLogPinProblem, parseExportLog } from '../core/decisions/export';
import {
  type ChainCheck,
  type LogEntry,
  LOG_COLUMNS,
  logPinProblem,
  type LogPin,
  logRows,
  type ParsedLog,
  parseLog,
  pinAfter,
  RECORDED,
  verifyLogChain,
} from '../core/decisions/log';
import { APPROVABLE, DECISION_BEARING, parseDecision, type REVIEW_COLUMNS } from '../core/review/rows';
import { isoTimestamp } from '../core/intake/pull';
import { canonicalCell, neutraliseForSheet, restoreFromSheet } from '../core/text/safeText';
import { UserError } from '../core/text/errors';
import { ACCEPT_LOG_CAPTION } from './menu';
import { props } from './properties';
import { appendRows } from './sheets';
import { NEW_SUFFIX } from './tabs';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const LOG_TAB = 'Decision Log';
export const EXPORT_LOG_TAB = 'Export Log';
export const REVIEW_TAB = 'Review';
export const PROP_BATCH = 'crg.batch';
/** Where the last step left the Decision Log (core LogPin): a step refuses a log that lost rows since. */
export const PROP_LOG_PIN = 'crg.logPin';
/** How many changes and merges the Export Log listed after the last export wrote it (JSON { items }). */
export const PROP_EXPORT_PIN = 'crg.exportPin';

export interface LogState {
  parsed: ParsedLog;
  chain: ChainCheck;
  /** The log as read, for its pin. */
  grid: string[][];
}

/**
 * In place (issue 12): getValues hands back fresh arrays. Text this tool wrote with the formula guard's
 * apostrophe is read back without it (restoreFromSheet), as the Review is: where Sheets keeps the
 * apostrophe as a character, a note "+1, agreed" would otherwise differ from the Review's at every step.
 */
function textGrid(values: CellValue[][]): string[][] {
  for (const row of values)
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      row[c] = cellToText(typeof v === 'string' ? restoreFromSheet(v) : v);
    }
  return values as string[][];
}

/** The Decision Log tab as text, parsed (empty when there is no tab). */
function readLogTab(ss: Spreadsheet): { grid: string[][]; parsed: ParsedLog } {
  const sheet = ss.getSheetByName(LOG_TAB);
  const grid = sheet ? textGrid(sheet.getDataRange().getValues() as CellValue[][]) : [];
  return { grid, parsed: parseLog(grid) };
}

export function readDecisionLog(ss: Spreadsheet): LogState {
  const { grid, parsed } = readLogTab(ss);
  if (parsed.headerProblem) {
    // rows are written by position and checked by name: every step would log every decision again
    throw new UserError(
      `The ${LOG_TAB} tab's header row is not the one the add-on wrote (${parsed.headerProblem}). It is the record of every decision: undo the change (Edit > Undo, or File > Version history) and try again; nothing was changed.`,
    );
  }
  const cut = logPinProblem(readPin(), grid, parsed, 'the last step');
  if (cut) {
    // the rows left still chain, so only the pin shows that the last ones are gone
    throw new UserError(
      `The ${LOG_TAB} tab has lost or changed rows since the last step (${cut}). It is the record of every decision, and a decision restored from a cut log may be an older one: undo the change (Edit > Undo, or File > Version history) and try again; nothing was changed. If an earlier version of the spreadsheet was restored on purpose, choose "${ACCEPT_LOG_CAPTION}" in the add-on's menu.`,
    );
  }
  return { parsed, chain: verifyLogChain(grid), grid };
}

function readPin(): unknown {
  const text = props().getProperty(PROP_LOG_PIN);
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // not ours to judge: a pin that cannot be read pins nothing
  }
}

function writePin(pin: LogPin): void {
  props().setProperty(PROP_LOG_PIN, JSON.stringify(pin));
}

/**
 * The menu's escape: pins the Decision Log and the Export Log as they are now (after a deliberate restore
 * of an earlier version of the spreadsheet, say). Asks first for each that lost rows, naming what it
 * accepts. Returns the message.
 */
export function acceptLog(ss: Spreadsheet, confirm: (question: string) => boolean): string {
  const { grid, parsed } = readLogTab(ss);
  if (parsed.headerProblem)
    throw new UserError(`The ${LOG_TAB} tab's header row is not the one the add-on wrote (${parsed.headerProblem}); put it back first. Nothing was changed.`);
  const cut = logPinProblem(readPin(), grid, parsed, 'the last step');
  const exported = readExportLogTab(ss);
  const lost = exportLogProblem(exported);
  if (!cut && !lost) return `The ${LOG_TAB} and ${EXPORT_LOG_TAB} tabs hold every row the last step left; nothing to accept.`;
  const done: string[] = [];
  if (
    cut &&
    confirm(
      `The ${LOG_TAB} tab has lost or changed rows since the last step (${cut}). Accept its ${parsed.dataRows} rows as the record from now on? Decisions still on the Review tab are logged again at the next step.`,
    )
  ) {
    writePin(pinAfter(grid, parsed, []));
    done.push(`the ${LOG_TAB} tab (${parsed.dataRows} rows)`);
  }
  if (
    lost &&
    confirm(`The ${EXPORT_LOG_TAB} ${lost}. Accept it as the record of what left from now on? An approved change it no longer lists is exported again by the next export.`)
  ) {
    props().setProperty(PROP_EXPORT_PIN, JSON.stringify({ items: exported.items.length }));
    done.push(`the ${EXPORT_LOG_TAB} (${exported.items.length} ${exported.items.length === 1 ? 'change or merge' : 'changes and merges'})`);
  }
  return done.length ? `Accepted ${done.join(' and ')} as ${done.length === 1 ? 'it is' : 'they are'}. Run the next step as usual.` : 'Nothing was changed.';
}

function readExportLogTab(ss: Spreadsheet): { items: ExportedItem[]; grid: string[][]; missing: boolean } {
  const sheet = ss.getSheetByName(EXPORT_LOG_TAB);
  const grid = sheet ? textGrid(sheet.getDataRange().getValues() as CellValue[][]) : [];
  return { items: parseExportLog(grid), grid, missing: !sheet };
}

/**
 * What is wrong with the Export Log against the count the last export left, in words; undefined when it
 * lists them all (rows typed in add to it). It is what keeps a change from leaving twice.
 */
function exportLogProblem(log: { items: readonly ExportedItem[]; missing: boolean }): string | undefined {
  let pinned: unknown;
  try {
    pinned = (JSON.parse(props().getProperty(PROP_EXPORT_PIN) ?? 'null') as { items?: unknown } | null)?.items;
  } catch {
    return undefined; // a pin that cannot be read pins nothing
  }
  const problem = exportLogPinProblem(pinned, log.items.length, log.missing, 'the last export');
  return problem && `tab ${problem === 'is missing' ? 'is missing (deleted or renamed?)' : problem}`;
}

export function readExportLog(ss: Spreadsheet): { items: ExportedItem[]; grid: string[][] } {
  const log = readExportLogTab(ss);
  const lost = exportLogProblem(log);
  if (lost)
    throw new UserError(
      `The ${EXPORT_LOG_TAB} ${lost}. It is the record of what left, and a change it no longer lists would be exported again: undo the change (Edit > Undo, or File > Version history) and try again; nothing was changed. If an earlier version of the spreadsheet was restored on purpose, choose "${ACCEPT_LOG_CAPTION}" in the add-on's menu.`,
    );
  return { items: log.items, grid: log.grid };
}

/** Where a step left the Decision Log: its pin, and the hash a later row chains onto (the last one written). */
export interface LogEnd {
  pin: LogPin;
  chainHash: string;
}

/**
 * Appends entries to the Decision Log, chained onto its last row; creates it (protected, warning only)
 * when new; then pins it. Returns where the log now ends, for a later append in the same step.
 */
export function appendDecisions(ss: Spreadsheet, log: LogState, entries: readonly LogEntry[]): LogEnd {
  const { parsed } = log;
  const existed = !!ss.getSheetByName(LOG_TAB);
  const rows = logRows(entries, parsed.lastHash);
  const pin = pinAfter(log.grid, parsed, rows);
  const lastRow = rows[rows.length - 1];
  const end = { pin, chainHash: lastRow ? lastRow[lastRow.length - 1]! : parsed.lastHash };
  if (entries.length || (existed && parsed.needsHeader && parsed.dataRows > 0)) {
    const sheet = appendRows(ss, LOG_TAB, LOG_COLUMNS, rows, { needsHeader: existed && parsed.needsHeader });
    if (!existed && sheet) protectLog(sheet);
  }
  // every step pins the log it checked, rows the edit trigger added since included (an interruption
  // before this leaves the older pin: a floor the log still meets)
  if (pin.rows > 0) writePin(pin);
  return end;
}

/** Appends entries where this step's last append left the log (`end`); then pins it again. */
export function appendDecisionsAfter(ss: Spreadsheet, end: LogEnd, entries: readonly LogEntry[]): void {
  if (entries.length === 0) return;
  const existing = ss.getSheetByName(LOG_TAB);
  const rows = logRows(entries, end.chainHash);
  // a tab left empty by an interrupted first write gets its header with these rows
  const sheet = appendRows(ss, LOG_TAB, LOG_COLUMNS, rows, { needsHeader: !!existing && existing.getLastRow() === 0 });
  if (!existing && sheet) protectLog(sheet);
  writePin(pinAfter([], { dataRows: end.pin.rows }, rows));
}

/** A new Decision Log warns before an edit (warning only: the onEdit trigger and every step append to it). */
function protectLog(sheet: GoogleAppsScript.Spreadsheet.Sheet): void {
  sheet.protect().setDescription('The Decision Log is append-only: every row is chained to the one before, so an edit shows.').setWarningOnly(true);
}

function editor(e: GoogleAppsScript.Events.SheetsOnEdit): string {
  const fromEvent = e.user?.getEmail?.();
  if (fromEvent) return fromEvent;
  const active = Session.getActiveUser().getEmail();
  if (active) return active;
  return `unknown editor (key ${Session.getTemporaryActiveUserKey()})`;
}

/**
 * The simple onEdit trigger's work: a person set one Decision or Reviewer note cell on the Review tab.
 * It appends one row to the Decision Log with the time, the editor, the Issue ID, the old and the new
 * decision. Edits of several cells at once (a paste) carry no old value; they are left to the next
 * step's sync, which records them "at step". Runs in 30 s with limited authorization: a few reads, one write.
 */
export function recordEdit(e: GoogleAppsScript.Events.SheetsOnEdit, now: Date): boolean {
  const range = e.range;
  const sheet = range.getSheet();
  if (sheet.getName() !== REVIEW_TAB || range.getNumRows() !== 1 || range.getNumColumns() !== 1 || range.getRow() < 2) return false;
  const header = sheet
    .getRange(1, 1, 1, sheet.getLastColumn())
    .getValues()[0]!
    .map((c) => cellToText(c as CellValue).trim());
  const column = header[range.getColumn() - 1];
  if (column !== 'Decision' && column !== 'Reviewer note') return false;
  const row = sheet
    .getRange(range.getRow(), 1, 1, header.length)
    .getValues()[0]!
    .map((c) => cellToText(c as CellValue));
  const cell = (name: (typeof REVIEW_COLUMNS)[number]): string => {
    const i = header.indexOf(name);
    return i >= 0 ? (row[i] ?? '') : '';
  };
  const issueId = cell('Issue ID').trim();
  const decision = parseDecision(cell('Decision'));
  if (!issueId || !decision) return false;
  const previous = column === 'Decision' ? (parseDecision(e.oldValue ?? '') ?? 'Pending') : decision;
  // the same value set again (a dropdown re-pick): nothing was decided, nothing to log
  if (column === 'Decision' ? previous === decision : (e.oldValue ?? '') === (e.value ?? '')) return false;
  const lock = LockService.getDocumentLock();
  // a step holds the lock while it works; it will record this edit itself ("at step")
  if (!lock.tryLock(5_000)) return false;
  try {
    if (!standsOnLiveReview(ss(e), sheet, cell, column, e.oldValue ?? '')) return false;
    const logSheet = ss(e).getSheetByName(LOG_TAB);
    const last = logSheet ? logSheet.getLastRow() : 0;
    let lastHash = parseLog([]).lastHash;
    if (logSheet && last > 0) {
      const tail = logSheet
        .getRange(last, 1, 1, LOG_COLUMNS.length)
        .getValues()[0]!
        .map((c) => cellToText(c as CellValue));
      const parsed = parseLog(last === 1 ? [tail] : [[...LOG_COLUMNS], tail]);
      if (last === 1 && parsed.needsHeader) return false; // rows without a header: the next step repairs the log and records this edit
      // a last row without a hash was typed in by hand: the next step, which reads the whole log, chains
      // this edit onto the last hash written and records it
      if (last > 1 && !(tail[LOG_COLUMNS.length - 1] ?? '').trim()) return false;
      lastHash = parsed.lastHash;
      // already the log's last word on this issue (a step logged it before it stopped short of its
      // commit, leaving this tab in place): not logged twice
      if (last > 1 && alreadyLogged(logSheet, last, issueId, decision, restoreFromSheet(cell('Reviewer note')))) return false;
    }
    const batch = props().getProperty(PROP_BATCH);
    const batchId = batch ? ((JSON.parse(batch) as { batchId?: string }).batchId ?? '') : '';
    const qa = cell('QA');
    const entry: LogEntry = {
      loggedAt: isoTimestamp(now),
      batchId,
      issueId,
      recordId: cell('Record ID'),
      check: cell('Check'),
      field: cell('Field'),
      currentValue: cell('Current value'),
      proposedValue: cell('Proposed value'),
      decision,
      previousDecision: previous,
      reviewer: editor(e),
      reviewerNote: restoreFromSheet(cell('Reviewer note')),
      qa: qa === APPROVABLE ? 'Approvable' : qa,
      evidenceId: cell('Evidence ID'),
      recorded: RECORDED.onEdit,
    };
    const existed = !!logSheet;
    // an empty log tab (its first write was interrupted) gets its header with this row
    const written = appendRows(ss(e), LOG_TAB, LOG_COLUMNS, logRows([entry], lastHash), { needsHeader: existed && last === 0 });
    if (!existed && written) protectLog(written);
    return true;
  } finally {
    lock.releaseLock();
  }
}

/**
 * Whether the edit is to be logged. It is when its tab is still the Review in place. The lock wait is
 * up to 5 s, and a step may have swapped a new Review in meanwhile: then either the step carried the
 * edit (the live row shows it, and the step logged it: nothing to log here), or it did not (typed in the
 * swap's last instant), and the edit is written onto the live row if that row is as the person saw it
 * (the same facts, the value before the edit), to be logged here; a proposal the new Review no longer
 * holds is logged too; otherwise the step changed the row and the edit does not stand. A few narrow
 * reads: the live header, its Issue IDs, one row.
 */
function standsOnLiveReview(
  book: Spreadsheet,
  edited: Sheet,
  mine: (name: (typeof REVIEW_COLUMNS)[number]) => string,
  column: 'Decision' | 'Reviewer note',
  before: string,
): boolean {
  // (a step interrupted between deleting the old Review and naming the new one leaves only the new one)
  const live = book.getSheetByName(REVIEW_TAB) ?? book.getSheetByName(REVIEW_TAB + NEW_SUFFIX);
  // no Review in place, or none of its rows is this proposal: it is logged, so that an older decision is
  // never restored in its place should the proposal come back
  if (!live) return true;
  if (sameSheet(edited, live)) return true;
  const lastRow = live.getLastRow();
  const width = live.getLastColumn();
  if (lastRow < 2 || width < 1) return true;
  const text = (v: unknown): string => cellToText(v as CellValue);
  const liveHeader = live
    .getRange(1, 1, 1, width)
    .getValues()[0]!
    .map((c) => text(c).trim());
  const idAt = liveHeader.indexOf('Issue ID');
  const valueAt = liveHeader.indexOf(column);
  if (idAt < 0 || valueAt < 0) return false;
  const issueId = mine('Issue ID').trim();
  const k = live
    .getRange(2, idAt + 1, lastRow - 1, 1)
    .getValues()
    .findIndex(([id]) => text(id).trim() === issueId);
  if (k < 0) return true;
  const liveRow = live
    .getRange(k + 2, 1, 1, width)
    .getValues()[0]!
    .map(text);
  const theirs = (name: string): string => liveRow[liveHeader.indexOf(name)] ?? '';
  if (!DECISION_BEARING.every((c) => canonicalCell(theirs(c)) === canonicalCell(mine(c)))) return false;
  const same = (a: string, b: string): boolean =>
    column === 'Decision' ? (parseDecision(a) ?? 'Pending') === (parseDecision(b) ?? 'Pending') : restoreFromSheet(a) === restoreFromSheet(b);
  if (same(theirs(column), mine(column))) return false; // carried by the step before its commit, and logged by it
  if (!same(theirs(column), before)) return false;
  live.getRange(k + 2, valueAt + 1).setValue(neutraliseForSheet(restoreFromSheet(mine(column))));
  return true;
}

/**
 * Whether the log's latest entry for `issueId` already holds this decision and note. Two narrow reads:
 * the Issue ID column, then the issue's last row.
 */
function alreadyLogged(log: Sheet, last: number, issueId: string, decision: string, note: string): boolean {
  const idAt = LOG_COLUMNS.indexOf('Issue ID');
  const ids = log.getRange(2, idAt + 1, last - 1, 1).getValues();
  let k = ids.length - 1;
  while (k >= 0 && cellToText(ids[k]![0] as CellValue).trim() !== issueId) k--;
  if (k < 0) return false;
  const [row = []] = textGrid(log.getRange(k + 2, 1, 1, LOG_COLUMNS.length).getValues() as CellValue[][]);
  return parseDecision(row[LOG_COLUMNS.indexOf('Decision')] ?? '') === decision && (row[LOG_COLUMNS.indexOf('Reviewer note')] ?? '') === note;
}

/** Whether two Sheet objects are one tab (a deleted tab's object may throw: then it is not the live one). */
function sameSheet(a: Sheet, b: Sheet): boolean {
  try {
    return a.getSheetId() === b.getSheetId();
  } catch {
    return false;
  }
}

function ss(e: GoogleAppsScript.Events.SheetsOnEdit): Spreadsheet {
  return e.source;
}
