import { UserError } from '../text/errors';
import { neutraliseForCsv } from '../text/safeText';

/**
 * RFC 4180 CSV, strict. Hand-written (about 60 lines) rather than a library because the add-on bundle
 * must stay small and because bad input must be refused with a precise message, not repaired silently:
 * an unterminated quote or a stray quote inside a field is an error with its line number.
 */
export interface CsvParseOptions {
  /** Name used in error messages, e.g. the file name. */
  source?: string;
}

export function parseCsv(text: string, options: CsvParseOptions = {}): string[][] {
  const where = options.source ? `${options.source}: ` : '';
  if (text.includes('\u0000')) {
    throw new UserError(`${where}this is not a CSV file (it contains binary data). Export the records as CSV and try again.`);
  }
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // byte order mark from Excel exports
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let i = 0;
  const n = input.length;
  let fieldStarted = false;

  while (i < n) {
    const ch = input[i];
    if (ch === '"' && !fieldStarted) {
      // quoted field
      const startLine = line;
      i++;
      for (;;) {
        if (i >= n) throw new UserError(`${where}a quoted value that starts on line ${startLine} is never closed.`);
        const c = input[i];
        if (c === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      fieldStarted = true;
      const next = input[i];
      if (i < n && next !== ',' && next !== '\n' && next !== '\r') {
        throw new UserError(`${where}line ${line} has text after a closing quote; quotes inside a value must be doubled ("").`);
      }
      continue;
    }
    if (ch === ',') {
      row.push(field);
      field = '';
      fieldStarted = false;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    if (ch === '"') {
      throw new UserError(`${where}line ${line} has a quote inside an unquoted value; quote the whole value and double the quote.`);
    }
    // unquoted run: take everything up to the next delimiter in one slice
    let j = i + 1;
    while (j < n) {
      const c = input.charCodeAt(j);
      if (c === 44 /* , */ || c === 10 /* \n */ || c === 13 /* \r */ || c === 34 /* " */) break;
      j++;
    }
    field += input.slice(i, j);
    fieldStarted = true;
    i = j;
  }
  if (fieldStarted || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function quoteCsvField(value: string, neutralise: boolean): string {
  const safe = neutralise ? neutraliseForCsv(value) : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * CSV text with CRLF line ends (RFC 4180), every field neutralised against formula injection.
 * `raw: true` is only for writing test fixtures that imitate a CRM's own export.
 */
export function toCsv(rows: readonly (readonly string[])[], options: { raw?: boolean } = {}): string {
  const neutralise = !options.raw;
  return rows.map((r) => r.map((v) => quoteCsvField(v, neutralise)).join(',')).join('\r\n') + (rows.length ? '\r\n' : '');
}
