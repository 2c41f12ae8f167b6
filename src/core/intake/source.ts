import { gridFooterStart } from './reportFooter';
import { refuseGridTitleBlock } from './reportTitle';
import { type CellValue, cellToText } from '../text/cells';
import { UserError } from '../text/errors';
import { maskFor, sensitiveKind } from './masking';

/** A CRM export as text: one header row and data rows of the same width. */
export interface SourceTable {
  headers: string[];
  rows: string[][];
  /** Lines of a Salesforce report's footer left out below the records (reportFooter.ts), when there was one. */
  footerLines?: number;
}

/** Google Sheets holds at most 10 million cells; a snapshot bigger than that cannot be written. */
export const SHEETS_CELL_LIMIT = 10_000_000;

export interface ReadSourceOptions {
  /** What to call the source in messages, e.g. 'Tab "contacts"' or 'contacts.csv'. */
  sourceName: string;
  /** A CSV can be ragged; a sheet's grid never is. */
  checkRagged?: boolean;
  /**
   * Refuse more cells than a Google Sheet holds (default). An upload checks its file with this off:
   * only its approved columns are ever written, and the server checks those.
   */
  cellLimit?: boolean;
}

/** Fast path (issue 12): a row that is text already (every CSV row) is used as it is, not copied. */
function rowAsText(row: readonly CellValue[]): string[] {
  for (let i = 0; i < row.length; i++) if (typeof row[i] !== 'string') return row.map(cellToText);
  return row as string[];
}

const blank = (cell: string | undefined): boolean => cell === undefined || cell.trim() === '';

/** Whether a row's first `width` values are all blank. */
function isBlankRow(row: readonly string[], width = row.length): boolean {
  for (let c = 0; c < width; c++) if (!blank(row[c])) return false;
  return true;
}

/**
 * Turns a grid (from a sheet or a CSV) into a SourceTable, refusing anything that would make the
 * review wrong: no header, blank or repeated header names, ragged rows, no data. Messages name rows
 * and columns, never values.
 */
export function readSourceGrid(grid: readonly (readonly CellValue[])[], options: ReadSourceOptions): SourceTable {
  let headers: string[] = [];
  const rows: string[][] = [];
  const reader = new SourceReader(options, {
    headers: (h) => {
      headers = h;
    },
    // a row that is text already and as wide as the headers is kept as it is, not copied (issue 12)
    record: (row) => rows.push(row.length === headers.length ? (row as string[]) : row.slice(0, headers.length)),
  });
  // a formatted report's title block above the header is refused by what it is (reportTitle.ts)
  refuseGridTitleBlock(grid, options.sourceName);
  // a report imported with its footer (File > Import): the footer's rows are not records
  const footer = gridFooterStart(grid);
  const end = footer ? footer.at : grid.length;
  for (let r = 0; r < end; r++) {
    const text = rowAsText(grid[r]!);
    reader.row(text, text.length);
  }
  reader.finish();
  return footer ? { headers, rows, footerLines: footer.lines } : { headers, rows };
}

/** Where a SourceReader sends what it reads: the header names once, then each record. */
export interface SourceSink {
  /** The header names, before any record; not called while the header row is refused. */
  headers(headers: string[]): void;
  /**
   * One record. Its first headers.length values are the record (blank-padded); values past them are not
   * part of it, and the list may be reused for the next record (a CSV parser's scratch row): copy out.
   */
  record(row: readonly string[]): void;
}

/**
 * readSourceGrid a row at a time (issue 12: a CSV export is pulled as it is parsed, its grid never made).
 * Each problem is noted where it is found and the first, in the order readSourceGrid has always checked
 * them (cell count, empty, header row, header names, rows, records), is thrown by finish(): the same
 * error for the same grid, however it is read.
 */
export class SourceReader {
  private count = 0;
  private firstWidth = 0;
  private firstBlank = false;
  private anyData = false;
  private rawWidth = 0;
  /** The header row's width less trailing blank header cells: the records' width unless data sits under those. */
  private width = 0;
  private headerNames: string[] = [];
  /** The first header problem found at the header row (blank or repeated name), as an error to throw. */
  private headerProblem: UserError | undefined;
  /** Whether a column past `width` (its header blank) holds data: a header problem found late. */
  private dataUnderBlankHeader = false;
  private rowProblem: UserError | undefined;
  /** A blank row of the wrong width: a problem only if a record follows it (trailing blank rows are not rows). */
  private pendingRagged: UserError | undefined;
  private records = 0;

  constructor(
    private readonly options: ReadSourceOptions,
    private readonly sink: SourceSink,
  ) {}

  /** The next row: its first `width` values (a sheet's row, or a CSV parser's scratch row). */
  row(fields: readonly string[], width: number): void {
    const r = this.count++;
    if (r === 0) {
      this.firstWidth = width;
      this.header(fields, width);
      return;
    }
    const name = this.options.sourceName;
    const isBlank = isBlankRow(fields, width);
    if (this.options.checkRagged && width !== this.rawWidth && !(width === 1 && fields[0] === '') && !this.rowProblem) {
      const ragged = new UserError(`${name}: line ${r + 1} has ${width} values but the header has ${this.rawWidth}. Check for a missing or extra comma.`);
      if (!isBlank) this.rowProblem = this.pendingRagged ?? ragged;
      else this.pendingRagged ??= ragged;
    }
    if (isBlank) return;
    this.anyData = true;
    if (this.pendingRagged && !this.rowProblem) this.rowProblem = this.pendingRagged;
    // data under a trailing blank header cell makes it a column with no name (readSourceGrid's width)
    for (let c = this.width; c < Math.min(width, this.rawWidth); c++) if (!blank(fields[c])) this.dataUnderBlankHeader = true;
    if (width > this.rawWidth && !this.rowProblem) {
      for (let c = this.rawWidth; c < width; c++) {
        if (!blank(fields[c])) {
          this.rowProblem = new UserError(`${name}: row ${r + 1} has values beyond the last named column.`);
          break;
        }
      }
    }
    if (this.firstBlank || this.headerProblem || this.rowProblem) return;
    this.records++;
    if (width >= this.width) this.sink.record(fields);
    else {
      // a short row (a sheet's, or a CSV's without rectangular) padded with blanks: rare, so a new list
      const padded = fields.slice(0, width);
      while (padded.length < this.width) padded.push('');
      this.sink.record(padded);
    }
  }

  private header(fields: readonly string[], width: number): void {
    this.rawWidth = width;
    if (isBlankRow(fields, width)) {
      this.firstBlank = true;
      return;
    }
    this.anyData = true;
    // trailing blank header cells with no data under them are padding, not columns
    let named = width;
    while (named > 0 && blank(fields[named - 1])) named--;
    this.width = named;
    // a file without its header row makes its first record the headers: one that looks like a card number,
    // a key or an id is known by its mask and column from here on (messages, the Summary, the Records tab)
    const headers: string[] = [];
    for (let i = 0; i < named; i++) {
      // a header wrapped onto two lines in a spreadsheet ("Contact\nowner") is the same name on one line
      const t = fields[i]!.replace(/^\uFEFF/, '')
        .trim()
        .replace(/\s*[\r\n]+\s*/g, ' ');
      const kind = sensitiveKind(t);
      headers.push(kind ? `${maskFor(kind)} (column ${i + 1})` : t);
    }
    this.headerNames = headers;
    const name = this.options.sourceName;
    const blankAt = headers.indexOf('');
    if (blankAt >= 0) {
      this.headerProblem = new UserError(`${name}: column ${blankAt + 1} has no header name. Every column needs a name.`);
      return;
    }
    const seen = new Map<string, number>();
    for (let i = 0; i < headers.length; i++) {
      const key = headers[i]!.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        this.headerProblem = new UserError(`${name}: the header "${headers[i]}" appears twice (columns ${first + 1} and ${i + 1}). Rename or remove one.`);
        return;
      }
      seen.set(key, i);
    }
    this.sink.headers(headers);
  }

  /** Throws the first problem found, in readSourceGrid's order; returns when the source can be pulled. */
  finish(): void {
    const name = this.options.sourceName;
    const limit = this.options.cellLimit !== false;
    if (limit && (this.count - 1) * this.firstWidth > SHEETS_CELL_LIMIT) throw tooManyCells(name, this.count - 1, this.firstWidth);
    // trailing blank rows are how sheets and editors end files; they are not records
    if (!this.anyData) throw new UserError(`${name} is empty: it has no header row and no records.`);
    if (this.firstBlank) throw new UserError(`${name} has no header row: its first line is blank. The first line must name the columns.`);
    if (this.dataUnderBlankHeader) {
      const blankAt = this.headerNames.indexOf('');
      throw new UserError(`${name}: column ${(blankAt >= 0 ? blankAt : this.width) + 1} has no header name. Every column needs a name.`);
    }
    if (this.headerProblem) throw this.headerProblem;
    if (this.rowProblem) throw this.rowProblem;
    if (this.records === 0) throw new UserError(`${name} has a header row but no records.`);
    if (limit && this.records * this.width > SHEETS_CELL_LIMIT) throw tooManyCells(name, this.records, this.width);
  }
}

function tooManyCells(name: string, rows: number, columns: number): UserError {
  return new UserError(`${name} has ${rows} rows × ${columns} columns, more than the 10,000,000 cells a Google Sheet can hold. Split the export into smaller batches.`);
}
