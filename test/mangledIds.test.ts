/** Finding 5: ids that File > Import or Excel turned into scientific notation stop the run, in the add-on and the CLI. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run';
import { looksMangled, MangledIdWatch } from '../src/core/intake/mangledIds';
import { pullSnapshot } from '../src/core/intake/pull';
import { readSourceGrid } from '../src/core/intake/source';
import { loadBundle } from '../src/local/bundle';
import { workbookWithExport } from '../src/local/workbench';
import { contact, exportCsv, grid, HUBSPOT_HEADERS, teamRules, teamRulesFile } from './fixtures';
import { memoryIo } from './memoryIo';

const ADVICE =
  'Export the file again from the CRM, or import it with File > Import and "Convert text to numbers, dates, and formulas" turned off; do not open and save it in Excel.';

/** The watch over every row, as the pull runs it, throwing the first problem it found. */
function refuseMangledIds(headers: string[], rows: string[][], idHeader: string, source: string, crosses?: (i: number) => boolean): void {
  const watch = new MangledIdWatch(headers, idHeader, source, crosses);
  rows.forEach((row, r) => watch.see(row, r));
  if (watch.problem) throw watch.problem;
}

describe('scientific-notation ids', () => {
  it.each(['5.01E+07', '1.00E+15', '1E+15', '1.23457e+17', '-2.5E-03', ' 5,01E+07 '])('recognises %j as mangled', (v) => {
    expect(looksMangled(v)).toBe(true);
  });

  it.each(['001E000000123456', '00Q5e00000AbCdE', '51200025', '0012', 'E+15', '1.00E', 'ab1.0E+5', '2026-01-10', ''])('keeps %j as an id', (v) => {
    expect(looksMangled(v)).toBe(false);
  });

  it('names the column and the first row, never the value, with the way out', () => {
    const rows = [
      ['1', 'a'],
      ['5.01E+07', 'b'],
      ['1.00E+15', 'c'],
    ];
    expect(() => refuseMangledIds(['Record ID', 'Email'], rows, 'Record ID', 'export.csv')).toThrow(
      `export.csv: the id column "Record ID" holds numbers in scientific notation (first on row 3), so its ids were changed by a spreadsheet and cannot be matched. ${ADVICE}`,
    );
    try {
      refuseMangledIds(['Record ID'], [['5.01E+07']], 'Record ID', 'x');
    } catch (e) {
      expect(String(e)).not.toContain('5.01E+07');
    }
  });

  it('checks other id columns that cross the boundary (OwnerId, Associated Company ID), not dropped ones', () => {
    const headers = ['Id', 'OwnerId', 'Associated Company ID', 'Phone'];
    const rows = [['001A', '005B', '1.2E+10', '4.4E+11']];
    expect(() => refuseMangledIds(headers, rows, 'Id', 's')).toThrow('the id column "Associated Company ID"');
    expect(() => refuseMangledIds(headers, rows, 'Id', 's', (i) => i !== 2)).not.toThrow(); // Phone is not an id column
  });

  it('stops the pull in the core, before anything is kept', () => {
    const table = readSourceGrid(grid([contact(), contact({ 'Record ID': '5.01E+07' })]), { sourceName: 'Tab "export"' });
    expect(() => pullSnapshot(table, teamRules().rules, new Date(), 'Tab "export"')).toThrow(
      'Tab "export": the id column "Record ID" holds numbers in scientific notation (first on row 3)',
    );
  });

  it("stops the add-on's pull with one alert and changes nothing", () => {
    const rt = workbookWithExport(exportCsv([contact(), contact({ 'Record ID': '1.00E+15' })]), { rules: teamRulesFile });
    const before = rt.spreadsheet.sheetList.map((s) => s.name);
    loadBundle(rt).call('pullApprovedFields');
    expect(rt.alerts).toEqual([
      `CRM Review Gate: Pull approved fields stopped: Tab "contacts-export": the id column "Record ID" holds numbers in scientific notation (first on row 3), so its ids were changed by a spreadsheet and cannot be matched. ${ADVICE}`,
    ]);
    expect(rt.spreadsheet.sheetList.map((s) => s.name)).toEqual(before);
  });

  it('stops the CLI with exit 2 and one line on stderr (an Excel-saved CSV)', () => {
    const { io, files, err } = memoryIo({ 'excel.csv': exportCsv([contact({ 'Record ID': '5.01E+07' })], HUBSPOT_HEADERS) });
    expect(runCli(['review', 'excel.csv'], io)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain('excel.csv: the id column "Record ID" holds numbers in scientific notation (first on row 2)');
    expect(Object.keys(files)).toEqual(['excel.csv']);
  });
});
