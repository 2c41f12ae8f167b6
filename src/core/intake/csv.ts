import { UserError } from '../text/errors';
import { neutraliseForCsv } from '../text/safeText';

/**
 * RFC 4180 CSV, strict. Hand-written rather than a library because the add-on bundle must stay small
 * and because bad input must be refused with a precise message, not repaired silently: an unterminated
 * quote or a stray quote inside a field is an error with its line number.
 */
export interface CsvParseOptions {
  /** Name used in error messages, e.g. the file name. */
  source?: string;
  /**
   * Every row must have as many values as the first (a blank line excepted): a ragged row is an error
   * naming the line it starts on, which differs from its row number once a value spans lines.
   */
  rectangular?: boolean;
  /** The character between values: a comma (default), or what sniffDelimiter found. */
  delimiter?: Delimiter;
  /**
   * Columns not wanted, by their header and index (the first row, always read whole, is asked about once
   * onRow has had it): below it their values are scanned but never made into strings: a blank one (empty or
   * white space) reads as itself, any other as SKIPPED_VALUE (issue 12: a previous review.csv's Evidence,
   * never read back, is most of its 20 MB at 100,000 records; an export's blocked columns never cross).
   */
  skipColumn?: (header: string, index: number) => boolean;
}

/** What a skipped column's non-blank value reads as (skipColumn): a NUL, which no parsed value can hold. */
export const SKIPPED_VALUE = '\u0000';

/** A skipped value text[from, to): itself when blank, so blank rows and lines read as they always have. */
function skippedValue(text: string, from: number, to: number): string {
  if (to === from) return '';
  const c = text.charCodeAt(from);
  if (c > 32 && c < 127) return SKIPPED_VALUE; // (a printable ASCII first character settles it without a slice)
  const value = text.slice(from, to);
  return value.trim() === '' ? value : SKIPPED_VALUE;
}

export type Delimiter = ',' | ';' | '\t';

/**
 * The character between a file's values, from its first line: the one of comma, semicolon (a
 * spreadsheet's CSV where the decimal mark is a comma: most of Europe) and tab (Excel's "Unicode Text")
 * that it holds most often outside quotes, a comma on a tie ("Notes, internal" in a semicolon file's
 * header is one header).
 */
export function sniffDelimiter(text: string): Delimiter {
  let commas = 0,
    semicolons = 0,
    tabs = 0,
    quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === LF || c === CR) break;
    else if (c === COMMA) commas++;
    else if (c === 59) semicolons++;
    else if (c === 9) tabs++;
  }
  if (commas >= semicolons && commas >= tabs) return ',';
  return tabs > semicolons ? '\t' : ';';
}

/** Excel's first line "sep=;" (a hint to Excel about the delimiter, not a header row). */
const SEP_LINE = /^sep=([,;\t])[ \t]*\r?\n/i;

/**
 * The text without Excel's "sep=" line, and the delimiter it names (else the one sniffDelimiter finds
 * in the header row): a European Excel writes that line before the header.
 */
export function delimiterOf(text: string): { text: string; delimiter: Delimiter } {
  const sep = SEP_LINE.exec(text);
  if (!sep) return { text, delimiter: sniffDelimiter(text) };
  const rest = text.slice(sep[0].length);
  return { text: rest, delimiter: sep[1] as Delimiter };
}

/** How a delimiter other than the comma is named in a notice. */
export function describeDelimiter(d: Delimiter): string {
  return d === ';' ? 'semicolons' : d === '\t' ? 'tabs' : 'commas';
}

const QUOTE = 34,
  COMMA = 44,
  LF = 10,
  CR = 13;

function newlinesBetween(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = text.indexOf('\n', from); k !== -1 && k < to; k = text.indexOf('\n', k + 1)) count++;
  return count;
}

/** Values longer than this are not interned: long values rarely repeat, and comparing them costs more. */
const INTERN_MAX_LENGTH = 48;
/** A column with more distinct short values than this (names, emails, timestamps) stops interning. */
const INTERN_MAX_VALUES = 2048;
/** Slots an intern lookup looks at before it gives up on a value (see InternTable.get). */
const MAX_PROBES = 32;

/**
 * One column's distinct short values, found by a hash of their length and a few of their characters
 * (issue 12). A CRM export repeats its stages, owners, countries and sources on every row: each repeat
 * reuses the first value's string instead of slicing a new one, so 100,000 rows make a few thousand
 * strings for such a column, not 100,000 that live until the pull and die in the old generation.
 */
class InternTable {
  private keys: (string | undefined)[] = new Array(INTERN_MAX_VALUES * 2);
  private hashes = new Int32Array(INTERN_MAX_VALUES * 2);
  private size = 0;
  full = false;
  /**
   * text[from, to) as a string, the same string every time the same characters come again. The hash
   * samples a few characters, so values that differ only elsewhere share it: a lookup that passes
   * MAX_PROBES slots marks the table full, and the column stops interning, as one with too many values.
   */
  get(text: string, from: number, to: number, hash: number): string {
    const mask = this.keys.length - 1;
    const length = to - from;
    let slot = hash & mask;
    for (let probes = 0; ; slot = (slot + 1) & mask) {
      const key = this.keys[slot];
      if (key === undefined) break;
      if (this.hashes[slot] === hash && key.length === length && text.startsWith(key, from)) return key;
      if (++probes === MAX_PROBES) {
        this.full = true;
        return text.slice(from, to);
      }
    }
    const value = text.slice(from, to);
    if (this.size === INTERN_MAX_VALUES) this.full = true;
    else {
      this.keys[slot] = value;
      this.hashes[slot] = hash;
      this.size++;
    }
    return value;
  }
}

/**
 * Fast path (issue 12): every value is one `slice` of the input, and a column's repeated short values
 * share one string (InternTable). An unquoted value ends at the next comma or line break, found with
 * `indexOf` (each delimiter's next position kept until passed), so its characters are not read one at a
 * time; a quoted value jumps from quote to quote the same way, and only a doubled quote joins two slices.
 * test/csv.property.test.ts checks it against a plain character-by-character parser on random input.
 */
export function parseCsv(text: string, options: CsvParseOptions = {}): string[][] {
  const rows: string[][] = [];
  // each row copied out at its exact length: an array grown by push keeps up to twice the slots it needs,
  // which at 100,000 rows is tens of megabytes (issue 12)
  parseCsvRows(text, options, (fields, width) => rows.push(fields.slice(0, width)));
  return rows;
}

/**
 * parseCsv a row at a time, with the same values, checks and messages (issue 12): `onRow` gets the
 * row's values as the first `width` entries of a scratch list that the next row overwrites, so a reader
 * that keeps only some columns (the pull) never makes the whole grid.
 */
export function parseCsvRows(text: string, options: CsvParseOptions, onRow: (fields: readonly string[], width: number) => void): void {
  const where = options.source ? `${options.source}: ` : '';
  const sep = options.delimiter ?? ',';
  const SEP = sep.charCodeAt(0);
  if (text.indexOf('\u0000') !== -1) {
    throw new UserError(`${where}this is not a CSV file (it contains binary data). Export the records as CSV and try again.`);
  }
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte order mark from Excel exports
  if (i >= n) return;
  const scratch: string[] = [];
  // per column: its intern table; null once it has too many distinct values to be worth it (or past column 1024)
  const interns: (InternTable | null | undefined)[] = [];
  let width = 0;
  let nextDelimiter = -1,
    nextLf = -1,
    nextCr = -1,
    nextQuote = -1;
  let line = 1;
  let rowLine = 1;
  let expected = -1;
  // per column below the header: whether skipColumn skips it (undefined while the header is read)
  let skipped: boolean[] | undefined;
  const endRow = (): void => {
    if (options.rectangular && !(width === 1 && scratch[0] === '')) {
      // a blank line is not a row of one value
      if (expected < 0) expected = width;
      else if (width !== expected) {
        throw new UserError(`${where}line ${rowLine} has ${width} values but the header has ${expected}. Check for a missing or extra comma.`);
      }
    }
    onRow(scratch, width);
    // (asked after the header's onRow, so a reader can decide from what the header row told it)
    if (options.skipColumn && skipped === undefined) skipped = scratch.slice(0, width).map((h, c) => options.skipColumn!(h, c));
  };
  for (;;) {
    // at the start of a field
    let value: string;
    const skip = skipped !== undefined && skipped[width] === true;
    if (text.charCodeAt(i) === QUOTE) {
      const startLine = line;
      const start = i + 1;
      let from = start;
      value = '';
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) throw new UserError(`${where}a quoted value that starts on line ${startLine} is never closed.`);
        // the next line break, kept until passed (issue 12: a review's evidence has a dozen quotes and no
        // line break, and each stretch between its quotes searched on to the end of its line)
        if (nextLf < from) nextLf = find(text, '\n', from, n);
        if (nextLf < q) line += newlinesBetween(text, from, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          // doubled quote: keep one, go on
          value = skip ? SKIPPED_VALUE : value + text.slice(from, q + 1); // (a quote is not blank)
          from = q + 2;
          continue;
        }
        if (skip) value = value === '' ? skippedValue(text, from, q) : SKIPPED_VALUE;
        else value += text.slice(from, q);
        i = q + 1;
        break;
      }
      const next = text.charCodeAt(i);
      if (i < n && next !== SEP && next !== LF && next !== CR) {
        throw new UserError(`${where}line ${line} has text after a closing quote; quotes inside a value must be doubled ("").`);
      }
    } else {
      // the value ends at the next comma or line break, each found by the engine's string search and
      // kept until passed: no character of an unquoted value is read here one at a time
      if (nextDelimiter < i) nextDelimiter = find(text, sep, i, n);
      if (nextLf < i) nextLf = find(text, '\n', i, n);
      if (nextCr < i) nextCr = find(text, '\r', i, n);
      let j = nextDelimiter < nextLf ? nextDelimiter : nextLf;
      if (nextCr < j) j = nextCr;
      if (nextQuote < i) nextQuote = find(text, '"', i, n);
      if (nextQuote < j) throw new UserError(`${where}line ${line} has a quote inside an unquoted value; quote the whole value and double the quote.`);
      let table = interns[width];
      if (table === undefined) table = interns[width] = width < 1024 ? new InternTable() : null;
      const length = j - i;
      if (skip) value = skippedValue(text, i, j);
      else if (table === null || length > INTERN_MAX_LENGTH) value = text.slice(i, j);
      else {
        // a hash of the length and a few characters: enough to spread a column's repeated values
        let hash = Math.imul(length, 0x9e3779b1);
        if (length > 0) {
          hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
          hash = Math.imul(hash ^ text.charCodeAt(j - 1), 0x01000193);
          hash = Math.imul(hash ^ text.charCodeAt(i + (length >> 1)), 0x01000193);
          hash = Math.imul(hash ^ text.charCodeAt(i + (length >> 2)), 0x01000193);
          hash = Math.imul(hash ^ text.charCodeAt(j - 1 - (length >> 2)), 0x01000193);
          hash ^= hash >>> 15;
        }
        value = table.get(text, i, j, hash);
        if (table.full) interns[width] = null;
      }
      i = j;
    }
    scratch[width++] = value;
    if (i >= n) {
      endRow();
      return;
    }
    if (text.charCodeAt(i) === SEP) {
      i++;
      continue;
    }
    // a line end: CRLF, LF or a lone CR
    i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    line++;
    endRow();
    rowLine = line;
    width = 0;
    if (i >= n) return;
  }
}

/** Where `c` next occurs in text from `from`, or `n` (the end) when it does not. */
function find(text: string, c: string, from: number, n: number): number {
  const k = text.indexOf(c, from);
  return k === -1 ? n : k;
}

/** Whether RFC 4180 needs the value quoted: it holds a quote, comma, CR or LF. */
function needsQuotes(value: string): boolean {
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (c === QUOTE || c === COMMA || c === LF || c === CR) return true;
  }
  return false;
}

function quoteCsvField(value: string, neutralise: boolean): string {
  const safe = neutralise ? neutraliseForCsv(value) : value;
  return needsQuotes(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * CSV text with CRLF line ends (RFC 4180), every field neutralised against formula injection.
 * `raw: true` is only for writing test fixtures that imitate a CRM's own export.
 * Fast path (issue 12): fields and separators are joined once per chunk of rows (csvLines), and the
 * chunks once, so the result is built flat. Appending piece by piece made a tree of millions of small
 * string nodes (32 bytes each) that outweighed the text itself at 100,000 rows.
 */
export function toCsv(rows: readonly (readonly string[])[], options: { raw?: boolean } = {}): string {
  // a chunk's list of fields stays short; one list for 100,000 rows is slower to grow and join
  return rows.length <= CHUNK_ROWS ? csvLines(rows, 0, rows.length, !options.raw) : Array.from(csvChunks(rows, options)).join('');
}

/**
 * Rows [from, to) as CSV lines, each ended by CRLF: every field and separator goes into one list that is
 * joined once (issue 12: no string per line, which for a review's long evidence was one more copy of it all).
 */
function csvLines(rows: readonly (readonly string[])[], from: number, to: number, neutralise: boolean): string {
  if (to <= from) return '';
  const parts: string[] = [];
  for (let r = from; r < to; r++) {
    const row = rows[r]!;
    for (let c = 0; c < row.length; c++) {
      if (c > 0) parts.push(',');
      parts.push(quoteCsvField(row[c]!, neutralise));
    }
    parts.push('\r\n');
  }
  return parts.join('');
}

/**
 * Lines per chunk of csvChunks: a review's 50 lines are about 30,000 characters, small enough for V8's
 * young generation, where a chunk dies cheaply once written; an object over 128 KB goes straight to the
 * old generation and waits for a full collection (measured: 1,000-row chunks left peak memory 20 MB higher).
 */
const CHUNK_ROWS = 50;

/**
 * The text of toCsv in chunks, made as they are asked for (issue 12): a writer that takes chunks holds
 * one at a time, not a 20 MB review.csv twice over (its lines, then their join) on top of the rows.
 * Their concatenation is exactly toCsv's text.
 */
export function* csvChunks(rows: readonly (readonly string[])[], options: { raw?: boolean } = {}): Generator<string> {
  for (let from = 0; from < rows.length; from += CHUNK_ROWS) yield csvLines(rows, from, Math.min(rows.length, from + CHUNK_ROWS), !options.raw);
}
