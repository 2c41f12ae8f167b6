/**
 * SpreadsheetApp's spreadsheet, sheets and ranges, with Sheets' input semantics (see index.ts) and
 * its limits: 10 million cells across all tabs (checked when a tab is added or grows) and 50,000
 * characters per cell (checked on every write).
 */
import { cellToText, isDateValue, isTrimmedSpace } from '../../core/text/cells';
import { CELL_MAX_CHARS, SPREADSHEET_MAX_CELLS } from './limits';
import { type Cell, DataValidationCriteria, type FormulaWrite, gas, ProtectionType, type Rect, type RuntimeHost } from './types';

/**
 * How a leading apostrophe written with setValues into a plain-text ('@') cell is stored. Google does
 * not document it: 'marker' hides it as in typed input (the value reads back without it), 'literal'
 * keeps it as a character. Tests run under both.
 */
export type ApostropheMode = 'marker' | 'literal';

export interface SheetHost extends RuntimeHost {
  formulaWrites: FormulaWrite[];
  timeZone: string;
  toasts: string[];
  apostrophe: ApostropheMode;
  deletedSheets: 'readable' | 'throw';
  spreadsheet: LocalSpreadsheet;
}

export class LocalSpreadsheet implements Partial<GoogleAppsScript.Spreadsheet.Spreadsheet> {
  readonly sheetList: LocalSheet[] = [];
  private active: LocalSheet | undefined;
  private nextId = 1;

  constructor(
    private readonly rt: SheetHost,
    private readonly title: string,
  ) {}

  getName(): string {
    this.rt.count('Spreadsheet.getName');
    return this.title;
  }
  getId(): string {
    this.rt.count('Spreadsheet.getId');
    return 'local-spreadsheet';
  }

  getSheetByName(name: string): GoogleAppsScript.Spreadsheet.Sheet | null {
    this.rt.count('Spreadsheet.getSheetByName');
    return gas(this.sheetList.find((s) => s.name === name) ?? null);
  }

  getSheets(): GoogleAppsScript.Spreadsheet.Sheet[] {
    this.rt.count('Spreadsheet.getSheets');
    return gas([...this.sheetList]);
  }

  insertSheet(name?: unknown, index?: unknown): GoogleAppsScript.Spreadsheet.Sheet {
    this.rt.count('Spreadsheet.insertSheet');
    const sheetName = typeof name === 'string' ? name : `Sheet${this.sheetList.length + 1}`;
    if (this.sheetList.some((s) => s.name.toLowerCase() === sheetName.toLowerCase()))
      throw new Error(`A sheet with the name "${sheetName}" already exists. Please enter another name.`);
    const sheet = new LocalSheet(this.rt, sheetName, this.nextId++);
    this.checkCells(sheet.maxRows * sheet.maxCols);
    if (typeof index === 'number') this.sheetList.splice(Math.max(0, Math.min(index, this.sheetList.length)), 0, sheet);
    else this.sheetList.push(sheet);
    this.active = sheet;
    return gas(sheet);
  }

  deleteSheet(sheet: GoogleAppsScript.Spreadsheet.Sheet): void {
    this.rt.count('Spreadsheet.deleteSheet');
    const i = this.sheetList.indexOf(gas(sheet));
    if (i >= 0 && this.sheetList.filter((s) => !s.hidden).length <= 1 && !this.sheetList[i]!.hidden) {
      throw new Error("You can't remove all the visible sheets in a document.");
    }
    if (i >= 0) this.sheetList.splice(i, 1)[0]!.deleted = true;
    if (this.active === gas(sheet)) this.active = this.sheetList.find((s) => !s.hidden);
  }

  getSpreadsheetTimeZone(): string {
    this.rt.count('Spreadsheet.getSpreadsheetTimeZone');
    return this.rt.timeZone;
  }

  /** Test helper (not counted): renames check uniqueness like Sheets (case-insensitive). */
  nameTaken(name: string, except: LocalSheet): boolean {
    return this.sheetList.some((s) => s !== except && s.name.toLowerCase() === name.toLowerCase());
  }

  getActiveSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    this.rt.count('Spreadsheet.getActiveSheet');
    return gas(this.active ?? this.sheetList[0] ?? null);
  }

  setActiveSheet(sheet: GoogleAppsScript.Spreadsheet.Sheet): GoogleAppsScript.Spreadsheet.Sheet {
    this.rt.count('Spreadsheet.setActiveSheet');
    this.active = gas(sheet);
    return sheet;
  }

  /** Cells in every tab's grid (empty cells count), as Google counts them against the limit. */
  totalCells(): number {
    return this.sheetList.reduce((n, s) => n + s.maxRows * s.maxCols, 0);
  }

  /** Throws, as Sheets does, when `extra` more cells would pass the spreadsheet's limit. */
  checkCells(extra: number): void {
    if (this.totalCells() + extra > SPREADSHEET_MAX_CELLS) {
      throw new Error(`This action would increase the number of cells in the workbook above the limit of ${SPREADSHEET_MAX_CELLS} cells.`);
    }
  }

  toast(msg: string, title?: string): void {
    this.rt.count('Spreadsheet.toast');
    this.rt.toasts.push(title ? `${title}: ${msg}` : msg);
  }

  /** Test helper (not counted): a sheet by name, typed as the local class. */
  sheet(name: string): LocalSheet | undefined {
    return this.sheetList.find((s) => s.name === name);
  }

  /** Test helper (not counted): adds a tab holding `grid`, as File > Import would. */
  addSheetWithValues(name: string, grid: readonly (readonly Cell[])[]): LocalSheet {
    const sheet = new LocalSheet(this.rt, name, this.nextId++);
    const rows = Math.max(grid.length, 1000);
    const cols = Math.max(...grid.map((r) => r.length), 26);
    this.checkCells(rows * cols);
    sheet.maxRows = rows;
    sheet.maxCols = cols;
    grid.forEach((row, r) => row.forEach((v, c) => sheet.store(r + 1, c + 1, v, true)));
    this.sheetList.push(sheet);
    this.active = sheet;
    return sheet;
  }
}

interface StoredCell {
  value: Cell;
  formula?: string;
}

/**
 * Text Sheets stores as it is: it starts with a letter (or any character that cannot start a number,
 * a formula or the "'" prefix). Fast path (issue 12) that skips the input-semantics regexes for most cells.
 */
function isPlainText(text: string): boolean {
  const c = text.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c > 127 && !isTrimmedSpace(c));
}

export class LocalSheet implements Partial<GoogleAppsScript.Spreadsheet.Sheet> {
  maxRows = 1000;
  maxCols = 26;
  frozenRows = 0;
  /**
   * rows[r][c], 0-based: the stored values themselves, '' or a hole when empty. Formulas live apart in
   * formulaRows (sparse). No object per cell (issue 12): a 100,000-row workbook holds millions of cells,
   * and one object each made the local runtime's memory and garbage collection dominate Run review.
   */
  rows: (Cell | undefined)[][] = [];
  formulaRows: (string | undefined)[][] = [];
  numberFormats: (Rect & { format: string })[] = [];
  validations: (Rect & { rule: LocalDataValidation | null })[] = [];
  protections: LocalProtection[] = [];
  conditionalRules: LocalConditionalFormatRule[] = [];
  columnWidths = new Map<number, number>();
  filter: Rect | undefined;
  /** Embedded charts; like Sheets (conservatively), clear() leaves them, so code must remove its old chart. */
  charts: LocalEmbeddedChart[] = [];
  private nextChartId = 1;

  constructor(
    private readonly rt: SheetHost,
    public name: string,
    private readonly id: number,
  ) {}

  hidden = false;
  /** Deleted from the spreadsheet: with the runtime's deletedSheets 'throw', every call below fails. */
  deleted = false;
  private alive(): void {
    if (this.deleted && this.rt.deletedSheets === 'throw') throw new Error('Exception: The sheet you are trying to access has been deleted.');
  }

  getName(): string {
    this.rt.count('Sheet.getName');
    this.alive();
    return this.name;
  }

  setName(name: string): GoogleAppsScript.Spreadsheet.Sheet {
    this.rt.count('Sheet.setName');
    if (this.rt.spreadsheet.nameTaken(name, this)) throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    this.name = name;
    return gas(this);
  }

  hideSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    this.rt.count('Sheet.hideSheet');
    if (this.rt.spreadsheet.sheetList.filter((s) => !s.hidden && s !== this).length === 0) throw new Error("You can't hide all the sheets in a document.");
    this.hidden = true;
    return gas(this);
  }

  showSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    this.rt.count('Sheet.showSheet');
    this.hidden = false;
    return gas(this);
  }
  isSheetHidden(): boolean {
    this.rt.count('Sheet.isSheetHidden');
    return this.hidden;
  }
  getSheetId(): number {
    this.rt.count('Sheet.getSheetId');
    this.alive();
    return this.id;
  }
  getMaxRows(): number {
    this.rt.count('Sheet.getMaxRows');
    return this.maxRows;
  }
  getMaxColumns(): number {
    this.rt.count('Sheet.getMaxColumns');
    return this.maxCols;
  }

  getRange(a: unknown, b?: unknown, c?: unknown, d?: unknown): GoogleAppsScript.Spreadsheet.Range {
    this.rt.count('Sheet.getRange');
    this.alive();
    if (typeof a === 'string') throw new Error('LocalSheet.getRange: A1 notation is not supported by the local runtime');
    const rect = { r1: Number(a), c1: Number(b), r2: Number(a) + (c === undefined ? 1 : Number(c)) - 1, c2: Number(b) + (d === undefined ? 1 : Number(d)) - 1 };
    if (!Number.isInteger(rect.r1) || !Number.isInteger(rect.c1) || rect.r2 < rect.r1 || rect.c2 < rect.c1 || rect.r1 < 1 || rect.c1 < 1) {
      throw new Error('The number of rows and columns in the range must be at least 1.');
    }
    if (rect.r2 > this.maxRows || rect.c2 > this.maxCols) throw new Error('The coordinates of the range are outside the dimensions of the sheet.');
    return gas(new LocalRange(this.rt, this, rect));
  }

  getDataRange(): GoogleAppsScript.Spreadsheet.Range {
    this.rt.count('Sheet.getDataRange');
    this.alive();
    return gas(new LocalRange(this.rt, this, { r1: 1, c1: 1, r2: Math.max(this.lastRow(), 1), c2: Math.max(this.lastColumn(), 1) }));
  }

  getLastRow(): number {
    this.rt.count('Sheet.getLastRow');
    this.alive();
    return this.lastRow();
  }
  getLastColumn(): number {
    this.rt.count('Sheet.getLastColumn');
    this.alive();
    return this.lastColumn();
  }

  insertRowsAfter(after: number, howMany: number): GoogleAppsScript.Spreadsheet.Sheet {
    this.rt.count('Sheet.insertRowsAfter');
    this.rt.spreadsheet.checkCells(howMany * this.maxCols);
    this.rows.splice(after, 0, ...Array.from({ length: Math.min(howMany, Math.max(0, this.rows.length - after)) }, () => []));
    if (this.formulaRows.length > after) this.formulaRows.splice(after, 0, ...Array.from({ length: howMany }, () => []));
    this.maxRows += howMany;
    return gas(this);
  }

  insertRowsBefore(before: number, howMany: number): GoogleAppsScript.Spreadsheet.Sheet {
    this.rt.count('Sheet.insertRowsBefore');
    this.rt.spreadsheet.checkCells(howMany * this.maxCols);
    this.rows.splice(before - 1, 0, ...Array.from({ length: Math.min(howMany, Math.max(0, this.rows.length - before + 1)) }, () => []));
    this.maxRows += howMany;
    return gas(this);
  }

  insertColumnsAfter(after: number, howMany: number): GoogleAppsScript.Spreadsheet.Sheet {
    this.rt.count('Sheet.insertColumnsAfter');
    this.rt.spreadsheet.checkCells(howMany * this.maxRows);
    for (const row of this.rows) if (row.length > after) row.splice(after, 0, ...Array<undefined>(howMany).fill(undefined));
    for (const row of this.formulaRows) if (row && row.length > after) row.splice(after, 0, ...Array<undefined>(howMany).fill(undefined));
    this.maxCols += howMany;
    return gas(this);
  }

  deleteRows(position: number, howMany: number): void {
    this.rt.count('Sheet.deleteRows');
    if (position + howMany - 1 > this.maxRows) throw new Error('Those rows are out of bounds.');
    if (this.maxRows - howMany <= this.frozenRows || this.maxRows - howMany < 1) throw new Error('Sorry, it is not possible to delete all non-frozen rows.');
    this.rows.splice(position - 1, howMany);
    this.formulaRows.splice(position - 1, howMany);
    this.maxRows -= howMany;
  }

  deleteColumns(position: number, howMany: number): void {
    this.rt.count('Sheet.deleteColumns');
    if (position + howMany - 1 > this.maxCols) throw new Error('Those columns are out of bounds.');
    for (const row of this.rows) row.splice(position - 1, howMany);
    for (const row of this.formulaRows) row?.splice(position - 1, howMany);
    this.maxCols -= howMany;
  }

  clear(): GoogleAppsScript.Spreadsheet.Sheet {
    this.rt.count('Sheet.clear');
    this.rows = [];
    this.formulaRows = [];
    this.numberFormats = [];
    this.conditionalRules = [];
    return gas(this);
  }

  clearContents(): GoogleAppsScript.Spreadsheet.Sheet {
    this.rt.count('Sheet.clearContents');
    this.rows = [];
    this.formulaRows = [];
    return gas(this);
  }

  frozenColumns = 0;
  setFrozenRows(rows: number): void {
    this.rt.count('Sheet.setFrozenRows');
    this.frozenRows = rows;
  }
  setFrozenColumns(columns: number): void {
    this.rt.count('Sheet.setFrozenColumns');
    this.frozenColumns = columns;
  }
  getFrozenRows(): number {
    this.rt.count('Sheet.getFrozenRows');
    return this.frozenRows;
  }

  setColumnWidth(column: number, width: number): GoogleAppsScript.Spreadsheet.Sheet {
    this.rt.count('Sheet.setColumnWidth');
    this.columnWidths.set(column, width);
    return gas(this);
  }

  setColumnWidths(start: number, count: number, width: number): GoogleAppsScript.Spreadsheet.Sheet {
    this.rt.count('Sheet.setColumnWidths');
    for (let c = start; c < start + count; c++) this.columnWidths.set(c, width);
    return gas(this);
  }

  protect(): GoogleAppsScript.Spreadsheet.Protection {
    this.rt.count('Sheet.protect');
    const p = new LocalProtection(this.rt, ProtectionType.SHEET, { r1: 1, c1: 1, r2: this.maxRows, c2: this.maxCols }, this);
    this.protections.push(p);
    return gas(p);
  }

  getProtections(type: unknown): GoogleAppsScript.Spreadsheet.Protection[] {
    this.rt.count('Sheet.getProtections');
    return gas(this.protections.filter((p) => p.type === type));
  }

  getFilter(): GoogleAppsScript.Spreadsheet.Filter | null {
    this.rt.count('Sheet.getFilter');
    return gas(
      this.filter
        ? {
            remove: () => {
              this.rt.count('Filter.remove');
              this.filter = undefined;
            },
          }
        : null,
    );
  }

  setConditionalFormatRules(rules: GoogleAppsScript.Spreadsheet.ConditionalFormatRule[]): void {
    this.rt.count('Sheet.setConditionalFormatRules');
    this.conditionalRules = gas(rules);
  }

  getConditionalFormatRules(): GoogleAppsScript.Spreadsheet.ConditionalFormatRule[] {
    this.rt.count('Sheet.getConditionalFormatRules');
    return gas([...this.conditionalRules]);
  }

  newChart(): GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder {
    this.rt.count('Sheet.newChart');
    return gas(new LocalEmbeddedChartBuilder(this.rt, this));
  }

  insertChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    this.rt.count('Sheet.insertChart');
    const c = gas<LocalEmbeddedChart>(chart);
    if (c.ranges.length === 0) throw new Error('The chart has no data range.');
    if (c.anchor.row > this.maxRows || c.anchor.col > this.maxCols) throw new Error('The chart position is outside the dimensions of the sheet.');
    c.id = this.nextChartId++;
    this.charts.push(c);
  }

  updateChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    this.rt.count('Sheet.updateChart');
    const c = gas<LocalEmbeddedChart>(chart);
    const i = this.charts.findIndex((x) => x.id === c.id);
    if (i < 0) throw new Error('The chart is not in this sheet.');
    this.charts[i] = c;
  }

  getCharts(): GoogleAppsScript.Spreadsheet.EmbeddedChart[] {
    this.rt.count('Sheet.getCharts');
    return gas([...this.charts]);
  }

  removeChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    this.rt.count('Sheet.removeChart');
    this.charts = this.charts.filter((c) => c.id !== gas<LocalEmbeddedChart>(chart).id);
  }

  // ---- helpers for the runtime and tests (not service calls) ----

  private filled(r: number, c: number): boolean {
    const v = this.rows[r]?.[c];
    return (v !== undefined && v !== '') || this.formulaRows[r]?.[c] !== undefined;
  }

  lastRow(): number {
    for (let r = Math.max(this.rows.length, this.formulaRows.length) - 1; r >= 0; r--) {
      const width = Math.max(this.rows[r]?.length ?? 0, this.formulaRows[r]?.length ?? 0);
      for (let c = 0; c < width; c++) if (this.filled(r, c)) return r + 1;
    }
    return 0;
  }

  lastColumn(): number {
    let max = 0;
    for (let r = 0; r < Math.max(this.rows.length, this.formulaRows.length); r++) {
      const width = Math.max(this.rows[r]?.length ?? 0, this.formulaRows[r]?.length ?? 0);
      for (let c = width - 1; c >= max; c--) {
        if (this.filled(r, c)) {
          max = c + 1;
          break;
        }
      }
    }
    return max;
  }

  numberFormatAt(row: number, col: number): string {
    for (let i = this.numberFormats.length - 1; i >= 0; i--) {
      const f = this.numberFormats[i]!;
      if (row >= f.r1 && row <= f.r2 && col >= f.c1 && col <= f.c2) return f.format;
    }
    return 'General';
  }

  validationAt(row: number, col: number): LocalDataValidation | null {
    for (let i = this.validations.length - 1; i >= 0; i--) {
      const v = this.validations[i]!;
      if (row >= v.r1 && row <= v.r2 && col >= v.c1 && col <= v.c2) return v.rule;
    }
    return null;
  }

  /** Stores one written value with Sheets' input semantics. `raw` skips interpretation (test setup). */
  store(row: number, col: number, value: unknown, raw = false): void {
    const r = row - 1;
    const c = col - 1;
    while (this.rows.length <= r) this.rows.push([]);
    const line = this.rows[r]!;
    if (typeof value === 'string' && value.length > CELL_MAX_CHARS) {
      throw new Error(`Your input contains more than the maximum of ${CELL_MAX_CHARS} characters in a single cell.`);
    }
    let formula: string | undefined;
    let stored: Cell;
    if (value === null || value === undefined || value === '') stored = '';
    else if (typeof value === 'string' && (raw || isPlainText(value))) stored = value;
    else if (typeof value === 'number' || typeof value === 'boolean') stored = value;
    else if (isDateValue(value)) stored = new Date(value.getTime());
    else if (raw) stored = String(value);
    else {
      const text = String(value);
      if (text.startsWith("'")) stored = this.rt.apostrophe === 'literal' && this.numberFormatAt(row, col) === '@' ? text : text.slice(1);
      else if (/^=/.test(text) || (/^[+\-@]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text))) {
        stored = '';
        formula = text;
        this.rt.formulaWrites.push({ sheet: this.name, row, column: col, text });
      } else if (this.numberFormatAt(row, col) !== '@' && /^-?\d+(\.\d+)?$/.test(text.trim())) stored = Number(text);
      else stored = text;
    }
    line[c] = stored;
    if (formula !== undefined) {
      while (this.formulaRows.length <= r) this.formulaRows.push([]);
      this.formulaRows[r]![c] = formula;
    } else if (this.formulaRows[r]?.[c] !== undefined) this.formulaRows[r]![c] = undefined;
  }

  read(row: number, col: number): StoredCell | undefined {
    const value = this.rows[row - 1]?.[col - 1];
    const formula = this.formulaRows[row - 1]?.[col - 1];
    if (value === undefined && formula === undefined) return undefined;
    return formula === undefined ? { value: value ?? '' } : { value: value ?? '', formula };
  }

  /** Test helper (not counted): every formula the sheet holds. */
  allFormulas(): string[] {
    return this.formulaRows.flatMap((row) => (row ?? []).filter((f): f is string => f !== undefined));
  }

  /** Test helper (not counted): the whole used grid as values. */
  values(): Cell[][] {
    const rows = this.lastRow();
    const cols = this.lastColumn();
    return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => copyValue(this.read(r + 1, c + 1)?.value ?? '')));
  }
}

function copyValue(v: Cell): Cell {
  return isDateValue(v) ? new Date(v.getTime()) : v;
}

export class LocalRange implements Partial<GoogleAppsScript.Spreadsheet.Range> {
  constructor(
    private readonly rt: SheetHost,
    readonly sheet: LocalSheet,
    readonly rect: Rect,
  ) {}

  private get height(): number {
    return this.rect.r2 - this.rect.r1 + 1;
  }
  private get width(): number {
    return this.rect.c2 - this.rect.c1 + 1;
  }

  getRow(): number {
    this.rt.count('Range.getRow');
    return this.rect.r1;
  }
  getColumn(): number {
    this.rt.count('Range.getColumn');
    return this.rect.c1;
  }
  getNumRows(): number {
    this.rt.count('Range.getNumRows');
    return this.height;
  }
  getNumColumns(): number {
    this.rt.count('Range.getNumColumns');
    return this.width;
  }
  getSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    this.rt.count('Range.getSheet');
    return gas(this.sheet);
  }

  getValues(): any[][] {
    this.rt.count('Range.getValues');
    const out: Cell[][] = new Array(this.height);
    for (let r = 0; r < this.height; r++) {
      const src = this.sheet.rows[this.rect.r1 - 1 + r];
      const row: Cell[] = new Array(this.width);
      for (let c = 0; c < this.width; c++) {
        const v = src?.[this.rect.c1 - 1 + c];
        row[c] = v === undefined ? '' : typeof v === 'object' ? copyValue(v) : v;
      }
      out[r] = row;
    }
    return out;
  }

  /** Display values: text as the sheet shows it (the local runtime shows Dates as ISO date and time). */
  getDisplayValues(): string[][] {
    this.rt.count('Range.getDisplayValues');
    return this.getValuesUncounted().map((row) => row.map((v) => cellToText(v)));
  }

  private getValuesUncounted(): Cell[][] {
    const out: Cell[][] = [];
    for (let r = 0; r < this.height; r++) {
      const src = this.sheet.rows[this.rect.r1 - 1 + r];
      const row: Cell[] = [];
      for (let c = 0; c < this.width; c++) row.push(src?.[this.rect.c1 - 1 + c] ?? '');
      out.push(row);
    }
    return out;
  }

  getValue(): any {
    this.rt.count('Range.getValue');
    return copyValue(this.sheet.read(this.rect.r1, this.rect.c1)?.value ?? '');
  }

  getFormulas(): string[][] {
    this.rt.count('Range.getFormulas');
    return Array.from({ length: this.height }, (_, r) => Array.from({ length: this.width }, (_, c) => this.sheet.read(this.rect.r1 + r, this.rect.c1 + c)?.formula ?? ''));
  }

  setValues(values: any[][]): GoogleAppsScript.Spreadsheet.Range {
    this.rt.count('Range.setValues');
    if (values.length !== this.height)
      throw new Error(`The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${this.height}.`);
    values.forEach((row) => {
      if (row.length !== this.width)
        throw new Error(`The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${this.width}.`);
    });
    // checked before the first cell is written: Sheets refuses the whole call
    for (const row of values)
      for (const v of row)
        if (typeof v === 'string' && v.length > CELL_MAX_CHARS) throw new Error(`Your input contains more than the maximum of ${CELL_MAX_CHARS} characters in a single cell.`);
    for (let r = 0; r < values.length; r++) {
      const row = values[r]!;
      for (let c = 0; c < row.length; c++) this.sheet.store(this.rect.r1 + r, this.rect.c1 + c, row[c]);
    }
    return gas(this);
  }

  setValue(value: any): GoogleAppsScript.Spreadsheet.Range {
    this.rt.count('Range.setValue');
    for (let r = this.rect.r1; r <= this.rect.r2; r++) for (let c = this.rect.c1; c <= this.rect.c2; c++) this.sheet.store(r, c, value);
    return gas(this);
  }

  setNumberFormat(format: string): GoogleAppsScript.Spreadsheet.Range {
    this.rt.count('Range.setNumberFormat');
    this.sheet.numberFormats.push({ ...this.rect, format });
    return gas(this);
  }

  getNumberFormat(): string {
    this.rt.count('Range.getNumberFormat');
    return this.sheet.numberFormatAt(this.rect.r1, this.rect.c1);
  }

  setDataValidation(rule: GoogleAppsScript.Spreadsheet.DataValidation | null): GoogleAppsScript.Spreadsheet.Range {
    this.rt.count('Range.setDataValidation');
    this.sheet.validations.push({ ...this.rect, rule: gas(rule) });
    return gas(this);
  }

  clearDataValidations(): GoogleAppsScript.Spreadsheet.Range {
    this.rt.count('Range.clearDataValidations');
    this.sheet.validations.push({ ...this.rect, rule: null });
    return gas(this);
  }

  getDataValidation(): GoogleAppsScript.Spreadsheet.DataValidation | null {
    this.rt.count('Range.getDataValidation');
    return gas(this.sheet.validationAt(this.rect.r1, this.rect.c1));
  }

  getDataValidations(): GoogleAppsScript.Spreadsheet.DataValidation[][] {
    this.rt.count('Range.getDataValidations');
    return gas(Array.from({ length: this.height }, (_, r) => Array.from({ length: this.width }, (_, c) => this.sheet.validationAt(this.rect.r1 + r, this.rect.c1 + c))));
  }

  protect(): GoogleAppsScript.Spreadsheet.Protection {
    this.rt.count('Range.protect');
    const p = new LocalProtection(this.rt, ProtectionType.RANGE, this.rect, this.sheet);
    this.sheet.protections.push(p);
    return gas(p);
  }

  createFilter(): GoogleAppsScript.Spreadsheet.Filter {
    this.rt.count('Range.createFilter');
    if (this.sheet.filter) throw new Error("You can't create a filter in a sheet that already has a filter.");
    this.sheet.filter = { ...this.rect };
    return gas({});
  }

  setBackground(_color: string | null): GoogleAppsScript.Spreadsheet.Range {
    this.rt.count('Range.setBackground');
    return gas(this);
  }
  setFontWeight(_w: string | null): GoogleAppsScript.Spreadsheet.Range {
    this.rt.count('Range.setFontWeight');
    return gas(this);
  }
  setWrap(_w: boolean): GoogleAppsScript.Spreadsheet.Range {
    this.rt.count('Range.setWrap');
    return gas(this);
  }
  setVerticalAlignment(_a: string | null): GoogleAppsScript.Spreadsheet.Range {
    this.rt.count('Range.setVerticalAlignment');
    return gas(this);
  }

  /** Test helper: whether this range lies inside another. */
  within(other: Rect): boolean {
    return this.rect.r1 >= other.r1 && this.rect.r2 <= other.r2 && this.rect.c1 >= other.c1 && this.rect.c2 <= other.c2;
  }
}

export enum ChartType {
  LINE = 'LINE',
  AREA = 'AREA',
  BAR = 'BAR',
  COLUMN = 'COLUMN',
  PIE = 'PIE',
  SCATTER = 'SCATTER',
  TABLE = 'TABLE',
}

/** An embedded chart: its type, data ranges (as rectangles of its sheet), anchor cell and options. */
export class LocalEmbeddedChart {
  id = 0;
  constructor(
    private readonly rt: SheetHost,
    readonly sheet: LocalSheet,
    readonly type: ChartType,
    readonly ranges: Rect[],
    readonly anchor: { row: number; col: number },
    readonly options: Map<string, unknown>,
  ) {}
  getChartId(): number {
    this.rt.count('EmbeddedChart.getChartId');
    return this.id;
  }
  getRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    this.rt.count('EmbeddedChart.getRanges');
    return gas(this.ranges.map((r) => new LocalRange(this.rt, this.sheet, { ...r })));
  }
  getOptions(): { get(key: string): unknown } {
    this.rt.count('EmbeddedChart.getOptions');
    return { get: (key) => this.options.get(key) };
  }
  modify(): GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder {
    this.rt.count('EmbeddedChart.modify');
    return gas(new LocalEmbeddedChartBuilder(this.rt, this.sheet, this));
  }
}

export class LocalEmbeddedChartBuilder {
  private type = ChartType.LINE;
  private ranges: Rect[] = [];
  private anchor = { row: 1, col: 1 };
  private options = new Map<string, unknown>();
  constructor(
    private readonly rt: SheetHost,
    private readonly sheet: LocalSheet,
    private readonly from?: LocalEmbeddedChart,
  ) {
    if (from) {
      this.type = from.type;
      this.ranges = from.ranges.map((r) => ({ ...r }));
      this.anchor = { ...from.anchor };
      this.options = new Map(from.options);
    }
  }
  asLineChart(): this {
    this.type = ChartType.LINE;
    return this;
  }
  setChartType(type: ChartType): this {
    this.type = type;
    return this;
  }
  addRange(range: unknown): this {
    const r = range as LocalRange;
    if (r.sheet !== this.sheet) throw new Error("A chart range must be on the chart's sheet.");
    if (!this.ranges.some((x) => x.r1 === r.rect.r1 && x.c1 === r.rect.c1 && x.r2 === r.rect.r2 && x.c2 === r.rect.c2)) this.ranges.push({ ...r.rect });
    return this;
  }
  clearRanges(): this {
    this.ranges = [];
    return this;
  }
  setPosition(row: number, col: number, _offsetX: number, _offsetY: number): this {
    this.anchor = { row, col };
    return this;
  }
  setOption(key: string, value: unknown): this {
    this.options.set(key, value);
    return this;
  }
  build(): LocalEmbeddedChart {
    const chart = new LocalEmbeddedChart(
      this.rt,
      this.sheet,
      this.type,
      this.ranges.map((r) => ({ ...r })),
      { ...this.anchor },
      new Map(this.options),
    );
    if (this.from) chart.id = this.from.id;
    return chart;
  }
}

export class LocalProtection implements Partial<GoogleAppsScript.Spreadsheet.Protection> {
  description = '';
  warningOnly = false;
  unprotected: Rect[] = [];

  constructor(
    private readonly rt: SheetHost,
    readonly type: ProtectionType,
    readonly rect: Rect,
    private readonly sheet: LocalSheet,
  ) {}

  setDescription(description: string): GoogleAppsScript.Spreadsheet.Protection {
    this.rt.count('Protection.setDescription');
    this.description = description;
    return gas(this);
  }
  getDescription(): string {
    this.rt.count('Protection.getDescription');
    return this.description;
  }
  setWarningOnly(warningOnly: boolean): GoogleAppsScript.Spreadsheet.Protection {
    this.rt.count('Protection.setWarningOnly');
    this.warningOnly = warningOnly;
    return gas(this);
  }
  isWarningOnly(): boolean {
    this.rt.count('Protection.isWarningOnly');
    return this.warningOnly;
  }
  getProtectionType(): GoogleAppsScript.Spreadsheet.ProtectionType {
    this.rt.count('Protection.getProtectionType');
    return gas(this.type);
  }

  setUnprotectedRanges(ranges: GoogleAppsScript.Spreadsheet.Range[]): GoogleAppsScript.Spreadsheet.Protection {
    this.rt.count('Protection.setUnprotectedRanges');
    if (this.type !== ProtectionType.SHEET) throw new Error('Unprotected ranges apply only to a sheet protection.');
    this.unprotected = ranges.map((r) => ({ ...gas<LocalRange>(r).rect }));
    return gas(this);
  }

  remove(): void {
    this.rt.count('Protection.remove');
    this.sheet.protections = this.sheet.protections.filter((p) => p !== this);
  }

  /** Test helper: does this protection cover (and not exempt) the cell? */
  covers(row: number, col: number): boolean {
    const inside = (r: Rect): boolean => row >= r.r1 && row <= r.r2 && col >= r.c1 && col <= r.c2;
    if (this.type === ProtectionType.SHEET) return !this.unprotected.some(inside);
    return inside(this.rect);
  }
}

export class LocalDataValidation {
  constructor(
    readonly criteria: DataValidationCriteria,
    readonly values: string[],
    readonly showDropdown: boolean,
    readonly allowInvalid: boolean,
    readonly helpText: string,
  ) {}
  getCriteriaType(): DataValidationCriteria {
    return this.criteria;
  }
  getCriteriaValues(): unknown[] {
    return [[...this.values], this.showDropdown];
  }
  getAllowInvalid(): boolean {
    return this.allowInvalid;
  }
  getHelpText(): string {
    return this.helpText;
  }
}

export class LocalDataValidationBuilder {
  private values: string[] = [];
  private dropdown = true;
  private allowInvalid = true;
  private help = '';
  requireValueInList(values: string[], showDropdown = true): this {
    this.values = [...values];
    this.dropdown = showDropdown;
    return this;
  }
  setAllowInvalid(allow: boolean): this {
    this.allowInvalid = allow;
    return this;
  }
  setHelpText(text: string): this {
    this.help = text;
    return this;
  }
  build(): LocalDataValidation {
    if (this.values.length === 0) throw new Error('Data validation needs criteria.');
    return new LocalDataValidation(DataValidationCriteria.VALUE_IN_LIST, this.values, this.dropdown, this.allowInvalid, this.help);
  }
}

export class LocalConditionalFormatRule {
  constructor(
    readonly formula: string,
    readonly background: string | undefined,
    readonly ranges: Rect[],
  ) {}
}

export class LocalConditionalFormatRuleBuilder {
  private formula = '';
  private background: string | undefined;
  private ranges: Rect[] = [];
  whenFormulaSatisfied(formula: string): this {
    this.formula = formula;
    return this;
  }
  setBackground(color: string): this {
    this.background = color;
    return this;
  }
  setRanges(ranges: unknown[]): this {
    this.ranges = ranges.map((r) => ({ ...(r as LocalRange).rect }));
    return this;
  }
  build(): LocalConditionalFormatRule {
    return new LocalConditionalFormatRule(this.formula, this.background, this.ranges);
  }
}
