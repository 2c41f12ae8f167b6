/**
 * The Sheets adapter: the only code that reads or writes cells. Each tab is read with one batched
 * getValues() and written with one batched setValues(); the number of service calls per tab is
 * fixed, whatever the row count.
 */
import type { CellValue } from '../core/text/cells';
import { neutraliseForSheet } from '../core/text/safeText';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export function readGrid(sheet: Sheet): CellValue[][] {
  return sheet.getDataRange().getValues() as CellValue[][];
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

/** Text from data becomes inert: formula-like strings get Sheets' invisible text prefix. */
export function neutraliseGrid(grid: readonly (readonly (string | number | boolean)[])[]): (string | number | boolean)[][] {
  return grid.map((row) => row.map((v) => (typeof v === 'string' ? neutraliseForSheet(v) : v)));
}

export interface WriteOptions {
  /** Format every written cell as plain text so Sheets keeps ids, phones and dates as written. */
  plainText?: boolean;
}

/**
 * Replaces a tab's contents with `grid` (first row = header). Sizes the sheet to the grid so a
 * shrinking batch leaves no stale rows and no idle cells count against the spreadsheet's limit.
 */
export function writeTab(ss: Spreadsheet, name: string, grid: readonly (readonly (string | number | boolean)[])[], options: WriteOptions = {}): Sheet {
  const sheet = ss.getSheetByName(name) ?? ss.insertSheet(name);
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

/** Appends rows below the last row of a log tab, creating it with its header when new. */
export function appendRows(ss: Spreadsheet, name: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
  if (rows.length === 0) return;
  let sheet = ss.getSheetByName(name);
  let start: number;
  if (!sheet) {
    sheet = ss.insertSheet(name);
    sheet.getRange(1, 1, 1, header.length).setValues([[...header]]);
    sheet.setFrozenRows(1);
    start = 2;
  } else {
    start = sheet.getLastRow() + 1;
  }
  const maxRows = sheet.getMaxRows();
  const needed = start + rows.length - 1;
  if (maxRows < needed) sheet.insertRowsAfter(maxRows, needed - maxRows);
  const range = sheet.getRange(start, 1, rows.length, header.length);
  range.setNumberFormat('@');
  range.setValues(neutraliseGrid(rows));
}
