import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvChunks, parseCsv, SKIPPED_VALUE, toCsv } from '../src/core/intake/csv';

/**
 * The plain reference: one character at a time, a state machine straight from RFC 4180 with the same
 * strictness and messages as parseCsv. The fast parser must agree with it on every input.
 */
function plainParseCsv(text: string, rectangular = false): string[][] {
  if (text.includes('\u0000')) throw new Error('this is not a CSV file (it contains binary data). Export the records as CSV and try again.');
  const chars = [...(text.startsWith('\uFEFF') ? text.slice(1) : text)];
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let state: 'start' | 'unquoted' | 'quoted' | 'afterQuote' = 'start';
  let quoteLine = 0;
  let any = false; // something of the current row was read
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    any = true;
    if (state === 'quoted') {
      if (ch === '"') {
        if (chars[i + 1] === '"') {
          field += '"';
          i++;
        } else state = 'afterQuote';
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === ',') {
      row.push(field);
      field = '';
      state = 'start';
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      state = 'start';
      any = false;
      if (ch === '\r' && chars[i + 1] === '\n') i++;
      line++;
      continue;
    }
    if (state === 'afterQuote') throw new Error(`line ${line} has text after a closing quote; quotes inside a value must be doubled ("").`);
    if (ch === '"') {
      if (state === 'start') {
        state = 'quoted';
        quoteLine = line;
        continue;
      }
      throw new Error(`line ${line} has a quote inside an unquoted value; quote the whole value and double the quote.`);
    }
    state = 'unquoted';
    field += ch;
  }
  if (state === 'quoted') throw new Error(`a quoted value that starts on line ${quoteLine} is never closed.`);
  if (any) {
    row.push(field);
    rows.push(row);
  }
  if (rectangular) {
    // the line each row starts on: 1 plus the line breaks before it, counted outside quoted values
    const starts: number[] = [];
    let l = 1,
      inQuotes = false,
      rowStart = true;
    for (let i = 0; i < chars.length; i++) {
      if (rowStart) {
        starts.push(l);
        rowStart = false;
      }
      const ch = chars[i]!;
      if (ch === '"') inQuotes = !inQuotes;
      else if (ch === '\n' && inQuotes) l++;
      else if ((ch === '\r' || ch === '\n') && !inQuotes) {
        if (ch === '\r' && chars[i + 1] === '\n') i++;
        l++;
        rowStart = true;
      }
    }
    const real = rows.map((r, i) => ({ r, line: starts[i]! })).filter(({ r }) => !(r.length === 1 && r[0] === ''));
    const bad = real.find(({ r }) => r.length !== real[0]!.r.length);
    if (bad) throw new Error(`line ${bad.line} has ${bad.r.length} values but the header has ${real[0]!.r.length}. Check for a missing or extra comma.`);
  }
  return rows;
}

function outcome(parse: (t: string) => string[][], text: string): { rows?: string[][]; error?: string } {
  try {
    return { rows: parse(text) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Short strings over the characters that matter to CSV, so quotes, CR, LF and commas collide often. */
const csvish = fc.array(fc.constantFrom('a', 'b', 'é', ' ', ',', '"', '""', '\n', '\r', '\r\n', '\u00a0', '😀'), { maxLength: 40 }).map((xs) => xs.join(''));
const maybeBom = fc.tuple(fc.boolean(), csvish).map(([bom, t]) => (bom ? `\uFEFF${t}` : t));

/** Well-formed CSV: random cells, each quoted when it must be (or by chance), random line ends. */
const cell = fc.array(fc.constantFrom('x', 'y', ' ', '\u00a0', ',', '"', '\n', '\r\n', '\r', 'é'), { maxLength: 8 }).map((xs) => xs.join(''));
const wellFormed = fc
  .record({
    grid: fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
    quoteAll: fc.boolean(),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    trailing: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(({ grid, quoteAll, eol, trailing, bom }) => {
    const body = grid.map((r) => r.map((v) => (quoteAll || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join(eol);
    return (bom ? '\uFEFF' : '') + body + (trailing ? eol : '');
  });

describe('parseCsv against a plain reference parser (property)', () => {
  it('agrees on arbitrary CSV-ish text, errors and line numbers included', () => {
    fc.assert(
      fc.property(maybeBom, (text) => {
        expect(outcome(parseCsv, text)).toEqual(outcome(plainParseCsv, text));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees on well-formed CSV with quotes, CRLF, embedded newlines and a BOM, and never errs on it', () => {
    fc.assert(
      fc.property(wellFormed, (text) => {
        const fast = outcome(parseCsv, text);
        expect(fast.error).toBeUndefined();
        expect(fast).toEqual(outcome(plainParseCsv, text));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees on ragged rows: the same error naming the line the row starts on', () => {
    const raggedish = fc
      .array(fc.array(cell, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 })
      .map((grid) => grid.map((r) => r.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\n'));
    fc.assert(
      fc.property(raggedish, (text) => {
        expect(outcome((t) => parseCsv(t, { rectangular: true }), text)).toEqual(outcome((t) => plainParseCsv(t, true), text));
      }),
      { numRuns: 2000 },
    );
  });

  it('the reference itself is not trivially agreeable: it refuses what the fast parser refuses', () => {
    expect(outcome(plainParseCsv, 'a\n"b').error).toBe('a quoted value that starts on line 2 is never closed.');
    expect(outcome(plainParseCsv, '"a"b').error).toContain('line 1 has text after a closing quote');
    expect(outcome(plainParseCsv, '"x\ny"\n"z"q').error).toContain('line 3 has text after a closing quote');
    expect(outcome(parseCsv, '"x\ny"\n"z"q').error).toContain('line 3 has text after a closing quote');
  });
});

describe('parseCsv skipColumn (issue 12: a previous review.csv is read without its Evidence)', () => {
  /** The plain parse, each value below the header in a skipped column replaced as skipColumn promises. */
  function plainSkipping(text: string, skip: (header: string, index: number) => boolean): string[][] {
    const rows = plainParseCsv(text);
    const skipped = (rows[0] ?? []).map((h, c) => skip(h, c));
    return rows.map((r, i) => (i === 0 ? r : r.map((v, c) => (skipped[c] && v.trim() !== '' ? SKIPPED_VALUE : v))));
  }

  it('reads the other columns, and the header, as the plain parser does; a skipped value is itself when blank, else the marker; errors are the same', () => {
    fc.assert(
      fc.property(fc.oneof(maybeBom, wellFormed), fc.func(fc.boolean()), (text, skip) => {
        expect(outcome((t) => parseCsv(t, { skipColumn: skip }), text)).toEqual(outcome((t) => plainSkipping(t, skip), text));
      }),
      { numRuns: 3000 },
    );
  });

  it('skips by header: a quoted, multi-line, quote-doubled value becomes the marker, an empty one stays empty', () => {
    const text = 'Issue ID,Evidence,Decision\r\nRG-1,"a ""b""\r\nc",Approve\r\nRG-2,,Pending\r\nRG-3,"",Reject\r\n';
    expect(parseCsv(text, { skipColumn: (h) => h === 'Evidence' })).toEqual([
      ['Issue ID', 'Evidence', 'Decision'],
      ['RG-1', SKIPPED_VALUE, 'Approve'],
      ['RG-2', '', 'Pending'],
      ['RG-3', '', 'Reject'],
    ]);
    // a stray quote in a skipped value is still refused, on its line
    expect(() => parseCsv('Issue ID,Evidence\nRG-1,ok\nRG-2,a"b\n', { skipColumn: (h) => h === 'Evidence' })).toThrow('line 3 has a quote inside an unquoted value');
  });
});

describe('csvChunks (issue 12: a large review.csv written a chunk at a time)', () => {
  it('concatenates to exactly the text toCsv gives, at any size, raw or neutralised', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'binary', maxLength: 8 }), { minLength: 1, maxLength: 4 }), { maxLength: 2600 }), fc.boolean(), (rows, raw) => {
        const chunks = [...csvChunks(rows, { raw })];
        expect(chunks.join('')).toBe(toCsv(rows, { raw }));
        expect(chunks.length).toBe(Math.ceil(rows.length / 50));
      }),
      { numRuns: 40 },
    );
  });
});

describe('parseCsv interning (issue 12: a column repeats its values)', () => {
  it('gives the plain parser’s values for a column whose values differ only where the intern hash does not look', () => {
    // length 20: the hash samples characters 0, 5, 10, 14 and 19; these differ in 1-3 only, so all share a
    // hash, and past the probe limit the column stops interning
    const codes = Array.from({ length: 1000 }, (_, k) => `A${String(k).padStart(3, '0')}${'B'.repeat(16)}`);
    const lines = ['code,n'];
    for (let r = 0; r < 3000; r++) lines.push(`${codes[(r * 7) % codes.length]},${r}`);
    const text = `${lines.join('\n')}\n`;
    const parsed = parseCsv(text);
    expect(parsed).toEqual(plainParseCsv(text));
    expect(new Set(parsed.slice(1).map((r) => r[0])).size).toBe(1000);
  });

  it('gives the plain parser’s values when columns repeat, overflow the intern table, or hold long and quoted values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('', 'a', 'b', 'ab', 'ba', 'Sales Qualified Lead', 'Lead', 'x'.repeat(48), 'x'.repeat(49), '"q,uoted"', '"a""b"'), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer(),
        (pool, rows, seed) => {
          let state = seed | 0;
          const next = (): number => {
            state = (Math.imul(state, 1103515245) + 12345) | 0;
            return (state >>> 8) % 1_000_000;
          };
          const lines = ['h1,h2,h3,h4'];
          for (let r = 0; r < rows; r++) lines.push([pool[next() % pool.length], `id${r}`, pool[next() % pool.length], `v${next() % 3000}`].join(','));
          const text = `${lines.join('\r\n')}\r\n`;
          expect(parseCsv(text)).toEqual(plainParseCsv(text));
        },
      ),
      { numRuns: 30 },
    );
  });
});
