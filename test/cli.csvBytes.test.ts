import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvByteChunks } from '../src/cli/csvBytes';
import { toCsv } from '../src/core/intake/csv';

/** The chunks' bytes, copied as they come (each chunk is a view of a buffer the next one reuses). */
function collect(chunks: Iterable<Uint8Array>): { bytes: Uint8Array; count: number } {
  const parts: Uint8Array[] = [];
  for (const chunk of chunks) parts.push(new Uint8Array(chunk)); // a copy (a Buffer's slice would be a view)
  const bytes = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, count: parts.length };
}

describe('csvByteChunks (issue 12: review.csv encoded straight to bytes)', () => {
  const utf8 = new TextEncoder();
  // every kind of UTF-16 unit: ASCII with the characters that need quotes, 2- and 3-byte characters,
  // surrogate pairs, lone and reversed surrogates, and formula triggers at the start
  const unit = fc.oneof(
    fc.constantFrom('"', ',', '\r', '\n', '=', '+', '-', '@', '\t', "'", 'a', '1', ' '),
    fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0x80, max: 0x7ff }).map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0x800, max: 0xffff }).map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  );
  // values built by concatenation, as the review's evidence is (V8 keeps them as rope strings)
  // short ones (plainAscii's, up to 40 units) and long ones
  const value = fc.oneof(fc.array(unit, { maxLength: 12 }), fc.array(fc.oneof(unit, fc.constant('a')), { minLength: 30, maxLength: 60 })).map((u) => u.reduce((s, x) => s + x, ''));

  it('is exactly the UTF-8 of toCsv’s text, whatever the rows and the chunk size', () => {
    fc.assert(
      fc.property(fc.array(fc.array(value, { maxLength: 5 }), { maxLength: 300 }), fc.integer({ min: 1, max: 400 }), (rows, chunkBytes) => {
        expect(collect(csvByteChunks(rows, chunkBytes)).bytes).toEqual(utf8.encode(toCsv(rows)));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps lines whole in a chunk, and gives a line longer than a chunk a buffer of its own', () => {
    const rows = [
      ['a', 'b'],
      ['x'.repeat(100), 'say "hi", then go'],
      ['é', '😀'],
    ];
    const chunks: string[] = [];
    for (const chunk of csvByteChunks(rows, 32)) chunks.push(new TextDecoder().decode(chunk));
    // the long line's own buffer then takes the next lines too
    expect(chunks).toEqual(['a,b\r\n', `${'x'.repeat(100)},"say ""hi"", then go"\r\né,😀\r\n`]);
    expect(collect(csvByteChunks([])).count).toBe(0);
    expect(collect(csvByteChunks(Array.from({ length: 5000 }, () => ['abc']))).count).toBe(1);
  });

  it('neutralises formulas and encodes a lone surrogate as U+FFFD, as toCsv and TextEncoder do', () => {
    const text = new TextDecoder().decode(collect(csvByteChunks([['=HYPERLINK("http://x")', '-5', "'=x", '\ud800']])).bytes);
    expect(text).toBe(`"'=HYPERLINK(""http://x"")",-5,''=x,\ufffd\r\n`);
  });
});
