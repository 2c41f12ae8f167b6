import { describe, expect, it } from 'vitest';
import { readSourceGrid, SHEETS_CELL_LIMIT } from '../src/core/intake/source';

const read = (grid: unknown[][], checkRagged = false) => readSourceGrid(grid as string[][], { sourceName: 'Tab "export"', checkRagged });

describe('readSourceGrid', () => {
  it('turns Sheets values (numbers, booleans, Dates) into text and drops blank rows', () => {
    const table = read([
      ['Record ID', 'Active', 'Create Date', ''],
      [101, true, new Date(2026, 0, 2), ''],
      ['', '', '', ''],
      ['102', false, new Date(2026, 0, 3, 14, 5), ''],
      ['', '', '', ''],
    ]);
    expect(table.headers).toEqual(['Record ID', 'Active', 'Create Date']);
    expect(table.rows).toEqual([
      ['101', 'TRUE', '2026-01-02'],
      ['102', 'FALSE', '2026-01-03 14:05'],
    ]);
  });

  it('refuses an empty tab', () => {
    expect(() => read([])).toThrow('Tab "export" is empty: it has no header row and no records.');
    expect(() =>
      read([
        ['', ''],
        ['', ''],
      ]),
    ).toThrow('is empty');
  });

  it('refuses a header row with no records', () => {
    expect(() => read([['Record ID', 'Email']])).toThrow('Tab "export" has a header row but no records.');
  });

  it('refuses a blank header name, naming the column', () => {
    expect(() =>
      read([
        ['Record ID', '', 'Email'],
        ['1', 'x', 'a@b.c'],
      ]),
    ).toThrow('column 2 has no header name');
  });

  it('refuses a repeated header name, naming both columns', () => {
    expect(() =>
      read([
        ['Record ID', 'Email', 'email'],
        ['1', 'a', 'b'],
      ]),
    ).toThrow('the header "email" appears twice (columns 2 and 3)');
  });

  it('refuses ragged CSV rows, naming the line', () => {
    expect(() => read([['Record ID', 'Email'], ['1', 'a@b.c'], ['2']], true)).toThrow('line 3 has 1 values but the header has 2');
  });

  it('refuses values beyond the last named column', () => {
    expect(() =>
      read([
        ['Record ID', 'Email', ''],
        ['1', 'a@b.c', 'stray'],
      ]),
    ).toThrow('column 3 has no header name');
  });

  it('refuses more cells than a sheet can hold', () => {
    const width = 11;
    const rows = Math.ceil(SHEETS_CELL_LIMIT / width) + 1;
    const row = Array.from({ length: width }, (_, i) => `v${i}`);
    const big = [Array.from({ length: width }, (_, i) => `H${i}`), ...Array.from({ length: rows }, () => row)];
    expect(() => read(big)).toThrow('more than the 10,000,000 cells a Google Sheet can hold');
  });

  it('strips a byte order mark from the first header', () => {
    expect(read([['\uFEFFRecord ID'], ['1']]).headers).toEqual(['Record ID']);
  });

  it('a file without its header row: a first record that looks sensitive is never quoted as a header', () => {
    const card = '4111111111111111';
    // the same card twice is not "the header 4111… appears twice": each is known by its mask and column
    const twice = read([
      ['1001', card, 'Jane', card],
      ['1002', '4012888888881881', 'Bob', 'x'],
    ]);
    expect(twice.headers).toEqual(['1001', '[masked: card number] (column 2)', 'Jane', '[masked: card number] (column 4)']);
    const table = read([
      ['1001', card, 'Jane', 'AKIAIOSFODNN7EXAMPLE'],
      ['1002', '4012888888881881', 'Bob', 'x'],
    ]);
    expect(table.headers).toEqual(['1001', '[masked: card number] (column 2)', 'Jane', '[masked: API key or token] (column 4)']);
    expect(JSON.stringify(table.headers)).not.toContain(card);
  });

  it('a header wrapped onto two lines in a spreadsheet is a column name, not free text', () => {
    expect(
      read([
        ['Record ID', 'Annual\nRevenue', 'Contact\r\n owner'],
        ['1', '10'],
      ]).headers,
    ).toEqual(['Record ID', 'Annual Revenue', 'Contact owner']);
  });
});
