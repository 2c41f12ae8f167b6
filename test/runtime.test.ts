import { describe, expect, it } from 'vitest';
import { LocalRuntime, ProtectionType, type LocalSheet } from '../src/local/runtime';

type Services = { SpreadsheetApp: typeof SpreadsheetApp; LockService: typeof LockService; PropertiesService: typeof PropertiesService };

function setup() {
  const rt = new LocalRuntime();
  const g = rt.globals() as unknown as Services;
  const ss = g.SpreadsheetApp.getActiveSpreadsheet();
  const sheet = ss.insertSheet('T');
  return { rt, g, ss, sheet, local: rt.spreadsheet.sheet('T') as LocalSheet };
}

describe('local Sheets runtime keeps Sheets semantics', () => {
  it('throws on a setValues size mismatch, as Sheets does', () => {
    const { sheet } = setup();
    expect(() => sheet.getRange(1, 1, 2, 2).setValues([['a', 'b']])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(() => sheet.getRange(1, 1, 1, 2).setValues([['a']])).toThrow('The number of columns in the data does not match');
  });

  it('throws for a range outside the grid', () => {
    const { sheet } = setup();
    expect(() => sheet.getRange(1001, 1)).toThrow('outside the dimensions of the sheet');
    sheet.insertRowsAfter(1000, 5);
    expect(() => sheet.getRange(1005, 1)).not.toThrow();
  });

  it('turns a string beginning with "=" into a formula and records the write', () => {
    const { rt, sheet } = setup();
    sheet.getRange(1, 1, 1, 3).setValues([['=1+1', '+cmd', "'=1+1"]]);
    expect(sheet.getRange(1, 1, 1, 3).getFormulas()).toEqual([['=1+1', '+cmd', '']]);
    expect(sheet.getRange(1, 1, 1, 3).getValues()).toEqual([['', '', '=1+1']]);
    expect(rt.formulaWrites.map((w) => w.text)).toEqual(['=1+1', '+cmd']);
  });

  it('round-trips numbers, booleans and Dates, and coerces numeric text unless plain-text formatted', () => {
    const { sheet } = setup();
    const d = new Date(Date.UTC(2026, 10, 20, 9, 30));
    sheet.getRange(1, 1, 1, 4).setValues([[42, true, d, '007']]);
    const [[n, b, date, coerced]] = sheet.getRange(1, 1, 1, 4).getValues() as [[number, boolean, Date, number]];
    expect([n, b, coerced]).toEqual([42, true, 7]);
    expect(date.getTime()).toBe(d.getTime());
    expect(date).not.toBe(d);
    const text = sheet.getRange(2, 1);
    text.setNumberFormat('@');
    text.setValues([['007']]);
    expect(text.getValues()).toEqual([['007']]);
  });

  it('reads back list validations and protections', () => {
    const { g, sheet, local } = setup();
    const rule = g.SpreadsheetApp.newDataValidation().requireValueInList(['Approve', 'Reject'], true).setAllowInvalid(false).build();
    sheet.getRange(2, 3, 10, 1).setDataValidation(rule);
    const v = sheet.getRange(5, 3).getDataValidation()!;
    expect(v.getCriteriaValues()[0]).toEqual(['Approve', 'Reject']);
    expect(v.getAllowInvalid()).toBe(false);
    expect(sheet.getRange(5, 4).getDataValidation()).toBeNull();
    const p = sheet.protect().setWarningOnly(true);
    p.setUnprotectedRanges([sheet.getRange(2, 3, 10, 1)]);
    expect(sheet.getProtections(g.SpreadsheetApp.ProtectionType.SHEET)).toHaveLength(1);
    expect(local.protections[0]!.type).toBe(ProtectionType.SHEET);
    expect(local.protections[0]!.covers(5, 3)).toBe(false);
    expect(local.protections[0]!.covers(5, 2)).toBe(true);
  });

  it('counts every service call', () => {
    const { rt, sheet } = setup();
    rt.resetCalls();
    sheet.getRange(1, 1).setValues([['x']]);
    sheet.getDataRange().getValues();
    expect(Object.fromEntries(rt.calls)).toEqual({ 'Sheet.getRange': 1, 'Range.setValues': 1, 'Sheet.getDataRange': 1, 'Range.getValues': 1 });
    expect(rt.totalCalls()).toBe(4);
  });

  it('models the document lock and the 9 KB property limit', () => {
    const { rt, g } = setup();
    const lock = g.LockService.getDocumentLock();
    expect(lock.tryLock(1000)).toBe(true);
    expect(g.LockService.getDocumentLock().tryLock(1000)).toBe(false);
    lock.releaseLock();
    rt.lockHeldElsewhere = true;
    expect(() => g.LockService.getDocumentLock().waitLock(10)).toThrow('Lock timeout');
    expect(() => g.PropertiesService.getDocumentProperties().setProperty('k', 'x'.repeat(9 * 1024 + 1))).toThrow('Argument too large');
  });

  it('refuses to delete every row, as Sheets does', () => {
    const { sheet } = setup();
    expect(() => sheet.deleteRows(1, 1000)).toThrow('not possible to delete all non-frozen rows');
  });
});
