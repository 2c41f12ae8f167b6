/**
 * The Sheets adapter: the only code that reads or writes cells. Each tab is read with one batched
 * getValues() and written with one batched setValues(); the number of service calls per tab is
 * fixed, whatever the row count.
 */
import { cellToText, type CellValue } from '../core/text/cells';
import { isFormulaLike, neutraliseForSheet, restoreFromSheet } from '../core/text/safeText';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** The text prefix we wrote reads back as a character if Sheets keeps it in a plain-text cell. */
function withoutPrefix(v: CellValue): CellValue {
  return typeof v === 'string' ? restoreFromSheet(v) : v;
}

export function readGrid(sheet: Sheet): CellValue[][] {
  return (sheet.getDataRange().getValues() as CellValue[][]).map((row) => row.map(withoutPrefix));
}

/**
 * A tab as text: readGrid, then cellToText of every cell. In place (issue 12): getValues hands back
 * fresh arrays, and a second copy of a 100,000-row tab (millions of cells) cost Run review time and memory.
 */
export function readTextTab(ss: Spreadsheet, name: string): string[][] | undefined {
  const sheet = ss.getSheetByName(name);
  return sheet ? sheetText(sheet) : undefined;
}

/** readTextTab of a sheet in hand (a tab and its new version during a swap). */
export function sheetText(sheet: Sheet): string[][] {
  const grid = sheet.getDataRange().getValues() as CellValue[][];
  for (const row of grid) for (let c = 0; c < row.length; c++) row[c] = cellToText(withoutPrefix(row[c]));
  return grid as string[][];
}

/**
 * A source tab as the person sees it: display values, so a date keeps the day the sheet shows (a Date
 * value would be read in the script's time zone, which can shift it by a day) and ids keep their form.
 */
export function readDisplayGrid(sheet: Sheet): string[][] {
  return sheet.getDataRange().getDisplayValues();
}

export function readTab(ss: Spreadsheet, name: string): CellValue[][] | undefined {
  const sheet = ss.getSheetByName(name);
  return sheet ? readGrid(sheet) : undefined;
}

const formulaLike = (v: string | number | boolean): boolean => typeof v === 'string' && isFormulaLike(v);

/**
 * Text from data becomes inert: formula-like strings get Sheets' invisible text prefix. A row without
 * one is passed on as it is, not copied (issue 12): setValues only reads it.
 */
export function neutraliseGrid(grid: readonly (readonly (string | number | boolean)[])[]): (string | number | boolean)[][] {
  return grid.map((row) => (row.some(formulaLike) ? row.map((v) => (typeof v === 'string' ? neutraliseForSheet(v) : v)) : (row as (string | number | boolean)[])));
}

export interface WriteOptions {
  /** Format every written cell as plain text so Sheets keeps ids, phones and dates as written. */
  plainText?: boolean;
  frozenRows?: number;
}

/**
 * Writes `grid` (first row = header) into `sheet`, replacing what it held, and sizes the sheet to the
 * grid so no stale rows remain and no idle cells count against the spreadsheet's 10-million-cell limit.
 * Steps write into a new hidden tab and swap it in (tabs.ts), so this never leaves a visible tab half-written.
 */
export function writeTab(sheet: Sheet, grid: readonly (readonly (string | number | boolean)[])[], options: WriteOptions = {}): Sheet {
  const rows = Math.max(grid.length, 1);
  const cols = Math.max(...grid.map((r) => r.length), 1);
  sheet.clear();
  resize(sheet, rows + 1, cols);
  if (grid.length > 0) {
    const range = sheet.getRange(1, 1, grid.length, cols);
    if (options.plainText) range.setNumberFormat('@');
    const rect = grid.map((r) => (r.length === cols ? r : [...r, ...Array<string>(cols - r.length).fill('')]));
    range.setValues(neutraliseGrid(rect));
  }
  if (options.frozenRows !== undefined) sheet.setFrozenRows(options.frozenRows);
  return sheet;
}

/** Grow or shrink the grid in at most two calls per dimension. */
function resize(sheet: Sheet, rows: number, cols: number): void {
  const maxRows = sheet.getMaxRows();
  if (maxRows < rows) sheet.insertRowsAfter(maxRows, rows - maxRows);
  else if (maxRows > rows) sheet.deleteRows(rows + 1, maxRows - rows);
  const maxCols = sheet.getMaxColumns();
  if (maxCols < cols) sheet.insertColumnsAfter(maxCols, cols - maxCols);
  else if (maxCols > cols) sheet.deleteColumns(cols + 1, maxCols - cols);
}

/**
 * Appends rows below the last row of an append-only tab. A new tab gets its header and the rows in one
 * write, so an interruption can never leave a header without rows or rows without a header.
 */
export function appendRows(
  ss: Spreadsheet,
  name: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: { needsHeader?: boolean } = {},
): Sheet | undefined {
  let sheet = ss.getSheetByName(name);
  const created = !sheet;
  if (!sheet) sheet = ss.insertSheet(name);
  const withHeader = created || options.needsHeader;
  const block = withHeader ? [[...header], ...rows] : rows;
  if (block.length === 0) return sheet;
  let start = created ? 1 : sheet.getLastRow() + 1;
  if (!created && options.needsHeader) {
    // the header write of an earlier step was lost: put it back above the rows already there
    if (start > 1) sheet.insertRowsBefore(1, 1);
    sheet
      .getRange(1, 1, 1, header.length)
      .setNumberFormat('@')
      .setValues([[...header]]);
    start = sheet.getLastRow() + 1;
    if (rows.length === 0) return sheet;
  }
  const body = !created && options.needsHeader ? rows : block;
  const maxRows = sheet.getMaxRows();
  const needed = start + body.length - 1;
  if (maxRows < needed) sheet.insertRowsAfter(maxRows, needed - maxRows);
  const width = header.length;
  const maxCols = sheet.getMaxColumns();
  if (maxCols < width) sheet.insertColumnsAfter(maxCols, width - maxCols);
  const range = sheet.getRange(start, 1, body.length, width);
  range.setNumberFormat('@');
  range.setValues(neutraliseGrid(body));
  if (created) sheet.setFrozenRows(1);
  return sheet;
}
