import { type CellValue, cellToText } from '../text/cells';
import { UserError } from '../text/errors';
import { maskFor, sensitiveKind } from './masking';

/** A CRM export as text: one header row and data rows of the same width. */
export interface SourceTable {
  headers: string[];
  rows: string[][];
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

const isBlankRow = (row: readonly string[]): boolean => row.every((c) => c.trim() === '');

/**
 * Turns a grid (from a sheet or a CSV) into a SourceTable, refusing anything that would make the
 * review wrong: no header, blank or repeated header names, ragged rows, no data. Messages name rows
 * and columns, never values.
 */
export function readSourceGrid(grid: readonly (readonly CellValue[])[], options: ReadSourceOptions): SourceTable {
  const name = options.sourceName;
  const width0 = grid[0]?.length ?? 0;
  const limit = options.cellLimit !== false;
  if (limit && (grid.length - 1) * width0 > SHEETS_CELL_LIMIT) throw tooManyCells(name, grid.length - 1, width0);
  const text: string[][] = grid.map(rowAsText);
  // trailing blank rows are how sheets and editors end files; they are not records
  while (text.length > 0 && isBlankRow(text[text.length - 1]!)) text.pop();
  if (text.length === 0) throw new UserError(`${name} is empty: it has no header row and no records.`);
  const rawHeaders = text[0]!;
  if (isBlankRow(rawHeaders)) throw new UserError(`${name} has no header row: its first line is blank. The first line must name the columns.`);
  // trailing blank header cells with no data under them are padding, not columns
  let width = rawHeaders.length;
  while (width > 0 && rawHeaders[width - 1]!.trim() === '' && text.every((r) => (r[width - 1] ?? '').trim() === '')) width--;
  // a file without its header row makes its first record the headers: one that looks like a card number,
  // a key or an id is known by its mask and column from here on (messages, the Summary, the Records tab)
  const headers = rawHeaders.slice(0, width).map((h, i) => {
    // a header wrapped onto two lines in a spreadsheet ("Contact\nowner") is the same name on one line
    const t = h
      .replace(/^\uFEFF/, '')
      .trim()
      .replace(/\s*[\r\n]+\s*/g, ' ');
    const kind = sensitiveKind(t);
    return kind ? `${maskFor(kind)} (column ${i + 1})` : t;
  });
  if (headers.length === 0) throw new UserError(`${name} has no header row.`);
  const blank = headers.indexOf('');
  if (blank >= 0) throw new UserError(`${name}: column ${blank + 1} has no header name. Every column needs a name.`);
  const seen = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = h.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) throw new UserError(`${name}: the header "${h}" appears twice (columns ${first + 1} and ${i + 1}). Rename or remove one.`);
    seen.set(key, i);
  });
  const rows: string[][] = [];
  for (let r = 1; r < text.length; r++) {
    const row = text[r]!;
    if (options.checkRagged && row.length !== rawHeaders.length && !(row.length === 1 && row[0] === '')) {
      throw new UserError(`${name}: line ${r + 1} has ${row.length} values but the header has ${rawHeaders.length}. Check for a missing or extra comma.`);
    }
    if (isBlankRow(row)) continue;
    if (row.length > width && row.slice(width).some((c) => c.trim() !== '')) {
      throw new UserError(`${name}: row ${r + 1} has values beyond the last named column.`);
    }
    const fixed = row.length === width ? row : row.slice(0, width);
    while (fixed.length < width) fixed.push('');
    rows.push(fixed);
  }
  if (rows.length === 0) throw new UserError(`${name} has a header row but no records.`);
  if (limit && rows.length * headers.length > SHEETS_CELL_LIMIT) throw tooManyCells(name, rows.length, headers.length);
  return { headers, rows };
}

function tooManyCells(name: string, rows: number, columns: number): UserError {
  return new UserError(`${name} has ${rows} rows × ${columns} columns, more than the 10,000,000 cells a Google Sheet can hold. Split the export into smaller batches.`);
}
