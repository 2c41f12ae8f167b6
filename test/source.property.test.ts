/**
 * readSourceGrid now reads a row at a time (SourceReader, issue 12: the CLI pulls an export as it is
 * parsed). Its reference here is the whole-grid version it replaced, kept as it was: the same table or
 * the same first error, on random grids with blank rows, ragged rows, blank, repeated and wrapped headers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRows } from '../src/core/intake/csv';
import { maskFor, sensitiveKind } from '../src/core/intake/masking';
import { pullCsv, pullSnapshot } from '../src/core/intake/pull';
import type { Rules } from '../src/core/intake/rules';
import { readSourceGrid, SourceReader, type SourceTable } from '../src/core/intake/source';
import { refuseGridTitleBlock, refuseTextTitleBlock } from '../src/core/intake/reportTitle';
import { UserError } from '../src/core/text/errors';
import { teamRules } from './fixtures';

const LIMIT = 10_000_000;
const isBlankRow = (row: readonly string[]): boolean => row.every((c) => c.trim() === '');

/** readSourceGrid as it was before SourceReader (text grids: the conversion of Sheets values is unchanged). */
function plainReadSourceGrid(grid: readonly (readonly string[])[], options: { sourceName: string; checkRagged?: boolean }): SourceTable {
  const name = options.sourceName;
  const width0 = grid[0]?.length ?? 0;
  if ((grid.length - 1) * width0 > LIMIT) throw new UserError('too many cells');
  const text: string[][] = grid.map((r) => [...r]);
  while (text.length > 0 && isBlankRow(text[text.length - 1]!)) text.pop();
  if (text.length === 0) throw new UserError(`${name} is empty: it has no header row and no records.`);
  const rawHeaders = text[0]!;
  if (isBlankRow(rawHeaders)) throw new UserError(`${name} has no header row: its first line is blank. The first line must name the columns.`);
  let width = rawHeaders.length;
  while (width > 0 && rawHeaders[width - 1]!.trim() === '' && text.every((r) => (r[width - 1] ?? '').trim() === '')) width--;
  const headers = rawHeaders.slice(0, width).map((h, i) => {
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
    if (row.length > width && row.slice(width).some((c) => c.trim() !== '')) throw new UserError(`${name}: row ${r + 1} has values beyond the last named column.`);
    const fixed = row.length === width ? row : row.slice(0, width);
    while (fixed.length < width) fixed.push('');
    rows.push(fixed);
  }
  if (rows.length === 0) throw new UserError(`${name} has a header row but no records.`);
  return { headers, rows };
}

function outcome<T>(f: () => T): { value?: T; error?: string } {
  try {
    return { value: f() };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return { error: e.message };
  }
}

// cells that hit every rule: blanks of several kinds, repeats in other case, wrapped and BOM'd names
const cellText = fc.constantFrom('', ' ', '\t', 'a', 'A', 'b', 'id', 'ID', 'x\ny', ' x \r\n y', '\uFEFFa', '\uFEFF');
const row = fc.array(cellText, { minLength: 0, maxLength: 5 });
const grid = fc.array(row, { maxLength: 8 });

describe('SourceReader against the whole-grid readSourceGrid it replaced (property)', () => {
  it('gives the same table or the same first error, ragged rows checked or not', () => {
    fc.assert(
      fc.property(grid, fc.boolean(), (g, checkRagged) => {
        const options = { sourceName: 'e.csv', checkRagged };
        // (a report's title block is refused first, by the check readSourceGrid begins with: reportTitle.ts)
        expect(outcome(() => readSourceGrid(g, options))).toEqual(
          outcome(() => {
            refuseGridTitleBlock(g, options.sourceName);
            return plainReadSourceGrid(g, options);
          }),
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('row by row from the CSV parser (its scratch row reused) gives what readSourceGrid gives on the parsed grid', () => {
    const csvCell = fc.constantFrom('', ' ', 'a', 'A', 'b', '"x\ny"', '"q,""r"""');
    const csv = fc.array(fc.array(csvCell, { minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 7 }).map((rows) => rows.map((r) => r.join(',')).join('\n'));
    fc.assert(
      fc.property(csv, (text) => {
        const options = { sourceName: 'e.csv', checkRagged: true };
        const streamed = outcome(() => {
          let headers: string[] = [];
          const rows: string[][] = [];
          const reader = new SourceReader(options, {
            headers: (h) => {
              headers = h;
            },
            record: (r) => rows.push(r.slice(0, headers.length)),
          });
          // (the title check the CLI and the upload make on the text first)
          refuseTextTitleBlock(text, ',', options.sourceName);
          parseCsvRows(text, {}, (fields, width) => reader.row(fields, width));
          reader.finish();
          return { headers, rows };
        });
        expect(streamed).toEqual(outcome(() => readSourceGrid(parseCsv(text), options)));
      }),
      { numRuns: 3000 },
    );
  });

  it('the reference is not trivially agreeable: each of its errors is reached', () => {
    const errors = new Set<string>();
    fc.assert(
      fc.property(grid, fc.boolean(), (g, checkRagged) => {
        const e = outcome(() => plainReadSourceGrid(g, { sourceName: 'e.csv', checkRagged })).error;
        if (e) errors.add(e.replace(/\d+/g, 'N').replace(/"[^"]*"/g, 'H'));
      }),
      { numRuns: 5000, seed: 12 },
    );
    expect([...errors].sort()).toEqual(
      [
        'e.csv has a header row but no records.',
        'e.csv has no header row: its first line is blank. The first line must name the columns.',
        'e.csv is empty: it has no header row and no records.',
        'e.csv: column N has no header name. Every column needs a name.',
        'e.csv: line N has N values but the header has N. Check for a missing or extra comma.',
        'e.csv: row N has values beyond the last named column.',
        'e.csv: the header H appears twice (columns N and N). Rename or remove one.',
      ].sort(),
    );
  });
});

describe('pullCsv against parse, readSourceGrid, the Rules, then pullSnapshot (property)', () => {
  const rules = teamRules().rules;
  const now = new Date('2026-11-20T09:30:00Z');
  const headerPool = ['Record ID', 'Email', 'Notes', 'Company Name', 'Associated Company ID', 'First Name', '', ' email '];
  const valuePool = ['', ' ', '\u00a0', '501', '502', '5.01E+07', 'a@b.co', '4111 1111 1111 1111', 'Acme', '"x\ny"', ' 503 '];
  const csv = fc
    .record({
      headers: fc.uniqueArray(fc.constantFrom(...headerPool), { minLength: 1, maxLength: 5 }),
      rows: fc.array(fc.array(fc.constantFrom(...valuePool), { minLength: 5, maxLength: 5 }), { maxLength: 8 }),
      ragged: fc.boolean(),
      blankLine: fc.boolean(),
    })
    .map(({ headers, rows, ragged, blankLine }) => {
      const lines = [headers.join(','), ...rows.map((r, i) => r.slice(0, ragged && i === 2 ? headers.length + 1 : headers.length).join(','))];
      if (blankLine) lines.splice(2, 0, '');
      return lines.join('\r\n');
    });

  it('gives the same snapshot or the same first error, a Rules error included', () => {
    fc.assert(
      fc.property(csv, fc.boolean(), (text, rulesFail) => {
        const rulesFor = (): Rules => {
          if (rulesFail) throw new UserError('the Rules refused');
          return rules;
        };
        const streamed = outcome(() => pullCsv(text, { sourceName: 'e.csv' }, rulesFor, now));
        const whole = outcome(() => {
          refuseTextTitleBlock(text, ',', 'e.csv');
          const table = readSourceGrid(parseCsv(text, { source: 'e.csv', rectangular: true }), { sourceName: 'e.csv', checkRagged: true });
          return pullSnapshot(table, rulesFor(), now, 'e.csv');
        });
        expect(streamed).toEqual(whole);
      }),
      { numRuns: 4000 },
    );
  });

  it('the cases are not all one kind: snapshots and each pull error are reached', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(csv, (text) => {
        const r = outcome(() => pullCsv(text, { sourceName: 'e.csv' }, () => rules, now));
        seen.add(r.error ? r.error.replace(/\d+/g, 'N').slice(0, 40) : 'snapshot');
      }),
      { numRuns: 4000, seed: 3 },
    );
    for (const kind of [
      'snapshot',
      'e.csv: row N has no record id',
      'e.csv: N record id',
      'e.csv: the id column',
      'e.csv has no "Record ID" column',
      'e.csv: line N has N values',
    ]) {
      expect([...seen].some((s) => s.startsWith(kind.replace(/\d+/g, 'N')))).toBe(true);
    }
  });
});
