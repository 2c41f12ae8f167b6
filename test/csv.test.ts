import { describe, expect, it } from 'vitest';
import { delimiterOf, parseCsv, sniffDelimiter, toCsv } from '../src/core/intake/csv';
import { isFormulaLike, neutraliseForCsv, neutraliseForSheet } from '../src/core/text/safeText';

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes, quoted newlines and CRLF line ends', () => {
    const text = 'id,name,notes\r\n1,"Smith, Jane","said ""hi""\nthen left"\r\n2,Bob,\r\n';
    expect(parseCsv(text)).toEqual([
      ['id', 'name', 'notes'],
      ['1', 'Smith, Jane', 'said "hi"\nthen left'],
      ['2', 'Bob', ''],
    ]);
  });

  it('drops a byte order mark', () => {
    expect(parseCsv('\uFEFFRecord ID,Email\n1,a@b.c')[0]).toEqual(['Record ID', 'Email']);
  });

  it('keeps a last line without a line end and empty trailing fields', () => {
    expect(parseCsv('a,b\n1,')).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
  });

  it('names the line of a quote that is never closed', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3', { source: 'x.csv' })).toThrow('x.csv: a quoted value that starts on line 2 is never closed.');
  });

  it('refuses a stray quote inside an unquoted value', () => {
    expect(() => parseCsv('a,b\n1,ab"c')).toThrow('line 2 has a quote inside an unquoted value');
  });

  it('refuses text after a closing quote', () => {
    expect(() => parseCsv('a,b\n1,"ab"c')).toThrow('line 2 has text after a closing quote');
  });

  it('names the line a ragged row starts on, also after a value that spans lines', () => {
    expect(() => parseCsv('id,notes\n1,"two\nlines"\n2\n', { source: 'x.csv', rectangular: true })).toThrow(
      'x.csv: line 4 has 1 values but the header has 2. Check for a missing or extra comma.',
    );
    expect(() => parseCsv('id,notes\n1,a,b\n', { rectangular: true })).toThrow('line 2 has 3 values but the header has 2');
    // a blank line is not a row of one value, and without the option a ragged grid is returned as it is
    expect(parseCsv('id,notes\n1,a\n\n2,b\n', { rectangular: true })).toEqual([['id', 'notes'], ['1', 'a'], [''], ['2', 'b']]);
    expect(parseCsv('id,notes\n2\n')).toEqual([['id', 'notes'], ['2']]);
  });

  it('refuses binary data as not CSV', () => {
    expect(() => parseCsv('PK\u0003\u0004\u0000\u0000', { source: 'book.xlsx' })).toThrow('book.xlsx: this is not a CSV file');
  });
});

describe('formula neutralisation', () => {
  it.each(['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])('treats %j as formula-like', (v) => {
    expect(isFormulaLike(v)).toBe(true);
    expect(neutraliseForSheet(v)).toBe(`'${v}`);
    expect(neutraliseForCsv(v)).toBe(`'${v}`);
  });

  it('leaves ordinary text alone', () => {
    for (const v of ['Acme', 'a=b', 'x@y.com', '', ' =not first']) {
      expect(isFormulaLike(v)).toBe(false);
      expect(neutraliseForSheet(v)).toBe(v);
    }
  });

  it('keeps plain numbers numeric in CSV but quotes them for a sheet', () => {
    expect(neutraliseForCsv('-5')).toBe('-5');
    expect(neutraliseForCsv('+44')).toBe('+44');
    expect(neutraliseForSheet('-5')).toBe("'-5");
  });

  it('writes every CSV field neutralised and quoted where RFC 4180 needs it', () => {
    const csv = toCsv([
      ['a', 'b'],
      ['=cmd|"/c calc"!A0', 'x,y'],
      ['line\nbreak', '-1'],
    ]);
    expect(csv).toBe('a,b\r\n"\'=cmd|""/c calc""!A0","x,y"\r\n"line\nbreak",-1\r\n');
    expect(parseCsv(csv)[1]![0]).toBe('\'=cmd|"/c calc"!A0');
  });

  it('writes fixture CSV raw only when asked', () => {
    expect(toCsv([['=1']], { raw: true })).toBe('=1\r\n');
  });
});

describe('files saved with another delimiter', () => {
  it('sniffs it from the first line: commas first, else the more frequent of semicolons and tabs', () => {
    expect(sniffDelimiter('Issue ID,Decision\r\nRG-1;x,Approve')).toBe(',');
    expect(sniffDelimiter('Issue ID;Decision;Note\r\nRG-1;Approve;a,b')).toBe(';');
    expect(sniffDelimiter('Issue ID\tDecision\r\n')).toBe('\t');
    expect(sniffDelimiter('Record ID\n1')).toBe(',');
    expect(sniffDelimiter('')).toBe(',');
    // a comma in one header of a semicolon file, or inside quotes, does not decide
    expect(sniffDelimiter('Record ID;Notes, internal;City\r\n1;a;b')).toBe(';');
    expect(sniffDelimiter('"City, State"\tRecord ID\tOwner\n')).toBe('\t');
    expect(sniffDelimiter('"a;b;c",d\n')).toBe(',');
  });

  it('takes Excel\'s "sep=" line as the delimiter\'s name, not as a header', () => {
    expect(delimiterOf('sep=;\r\nRecord ID;Name\r\n1;a')).toEqual({ text: 'Record ID;Name\r\n1;a', delimiter: ';' });
    expect(delimiterOf('SEP=,\nRecord ID,Name\n')).toEqual({ text: 'Record ID,Name\n', delimiter: ',' });
    expect(delimiterOf('Record ID;Name\n1;a')).toEqual({ text: 'Record ID;Name\n1;a', delimiter: ';' });
    // a header that only begins so is a header
    expect(delimiterOf('sep=;x,Name\n')).toEqual({ text: 'sep=;x,Name\n', delimiter: ',' });
  });

  it('reads values between semicolons or tabs as it reads them between commas, quotes and all', () => {
    expect(parseCsv('a;"b;c";"d""e"\r\n1;2,5;"x\ny"', { delimiter: ';' })).toEqual([
      ['a', 'b;c', 'd"e'],
      ['1', '2,5', 'x\ny'],
    ]);
    expect(parseCsv('a\tb\n1\t', { delimiter: '\t' })).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
    expect(() => parseCsv('a;"b"c', { delimiter: ';', source: 'x.csv' })).toThrow('x.csv: line 1 has text after a closing quote');
  });
});
