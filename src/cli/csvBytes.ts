import { isFormulaTrigger, neutraliseForCsv } from '../core/text/safeText';

/** Bytes per chunk: large enough that a 20 MB review.csv is a few dozen writes. */
const CHUNK_BYTES = 1 << 20;
const NEEDS_QUOTES = /[",\r\n]/;
/** Values up to this many characters are tried on plainAscii first. */
const SHORT = 40;

/**
 * The UTF-8 bytes of toCsv's text (core/intake/csv.ts), every value neutralised against formulas, in
 * chunks of whole lines (issue 12). Each value is encoded by Node straight into one reused buffer: no
 * string per line or chunk, no list of pieces to join, no second copy to encode (a 20 MB review.csv
 * made 125 MB of such garbage). The quote test and the encoding are native, so a review's long evidence,
 * which is built by concatenation, is flattened once by V8 instead of read a character at a time.
 * Each chunk is a view of the same buffer, valid until the next one is asked for: write it first.
 * A short value (most of a review's: IDs, check, decision, field, severity) is first tried on plainAscii.
 * test/cli.csvBytes.test.ts checks the bytes against toCsv's text, encoded, on random rows.
 */
export function* csvByteChunks(rows: readonly (readonly string[])[], chunkBytes = CHUNK_BYTES): Generator<Uint8Array> {
  let buf = Buffer.allocUnsafe(chunkBytes);
  const at = { row: 0, bytes: 0 };
  while (at.row < rows.length) {
    const from = at.row;
    encodeLines(rows, at, buf);
    if (at.row === from) {
      buf = Buffer.allocUnsafe(lineBound(rows[from]!)); // a very long line: a buffer of its own size
      continue;
    }
    yield buf.subarray(0, at.bytes);
  }
}

/** The most a line can take: 3 bytes per UTF-16 unit (a doubled quote takes 2), the quotes, an apostrophe against formulas and a comma per value; then CRLF. */
function lineBound(row: readonly string[]): number {
  let most = 2;
  for (let c = 0; c < row.length; c++) most += 3 * row[c]!.length + 4;
  return most;
}

/**
 * Encodes whole lines from rows[next.row] on into buf, from its start, while they fit; leaves in `next`
 * the row after the last one written and the bytes written. Issue 12: the loop over every value is this
 * plain function's, not the generator's: V8 does not optimise a loop while it runs (on-stack
 * replacement) in a generator, which is resumed once per chunk, so a single 20 MB review.csv was encoded
 * by unoptimised code throughout.
 */
function encodeLines(rows: readonly (readonly string[])[], next: { row: number; bytes: number }, buf: Buffer): void {
  let at = 0;
  let r = next.row;
  for (; r < rows.length; r++) {
    const row = rows[r]!;
    if (at + lineBound(row) > buf.length) break;
    for (let c = 0; c < row.length; c++) {
      if (c > 0) buf[at++] = 0x2c; // ,
      const value = row[c]!;
      if (value.length <= SHORT) {
        const end = plainAscii(value, buf, at);
        if (end >= 0) {
          at = end;
          continue;
        }
      }
      const text = neutraliseForCsv(value);
      if (NEEDS_QUOTES.test(text)) {
        buf[at++] = 0x22; // "
        const n = buf.write(text, at);
        let quotes = 0;
        for (let k = text.indexOf('"'); k !== -1; k = text.indexOf('"', k + 1)) quotes++;
        at += quotes === 0 ? n : doubleQuotes(buf, at, n, quotes);
        buf[at++] = 0x22;
      } else if (text !== '') at += buf.write(text, at);
    }
    buf[at++] = 0x0d; // CR
    buf[at++] = 0x0a; // LF
  }
  next.row = r;
  next.bytes = at;
}

/**
 * Issue 12: a short value that is printable ASCII with no quote or comma, and no formula trigger or
 * apostrophe in front (so neutraliseForCsv leaves it as it is), is its own bytes, unquoted. They are
 * copied here in one pass, which also makes the checks: no neutraliseForCsv call, quote regex or native
 * write (whose call costs more than a short value's copy). Returns where the value ends, or -1, having
 * written bytes that the caller overwrites, for any other value.
 */
function plainAscii(text: string, buf: Buffer, at: number): number {
  if (text.length === 0) return at; // (charCodeAt(0) of "" would make V8 drop the optimised loop)
  // a formula trigger or an apostrophe in front is what neutraliseForCsv changes (control characters fail below)
  const first = text.charCodeAt(0);
  if (isFormulaTrigger(first) || first === 39) return -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch < 0x20 || ch > 0x7e || ch === 0x22 || ch === 0x2c) return -1;
    buf[at++] = ch;
  }
  return at;
}

/**
 * Doubles each of the `quotes` quotes among the n bytes at `from`, in place, and returns their new length
 * (issue 12: no replaced copy of each quoted value, often a whole evidence text). In UTF-8 a quote is one
 * byte, never part of another character, so the text's quotes are the bytes'. The room is there: a
 * line's bound counts 3 bytes per UTF-16 unit. Issue 12 again: one pass from the end, each byte moved
 * right by the quotes up to it, stopping at the first quote; a review's evidence holds eight quotes or
 * so, and two native searches and a copy for each cost more.
 */
function doubleQuotes(buf: Buffer, from: number, n: number, quotes: number): number {
  for (let k = from + n - 1, shift = quotes; shift > 0; k--) {
    const b = buf[k]!;
    buf[k + shift] = b;
    if (b === 0x22) buf[k + --shift] = 0x22;
  }
  return n + quotes;
}
