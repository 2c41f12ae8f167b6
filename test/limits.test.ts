/** Finding 4: the local runtime enforces Google's limits (see src/local/runtime/limits.ts for the sources). */
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../src/local/bundle';
import { LocalRuntime, SimulatedClock, type LocalSheet } from '../src/local/runtime';
import { workbookWithExport } from '../src/local/workbench';
import { contact, exportCsv } from './fixtures';

type Services = { SpreadsheetApp: typeof SpreadsheetApp; PropertiesService: typeof PropertiesService; CacheService: typeof CacheService };

function setup(clock = new SimulatedClock()) {
  const rt = new LocalRuntime({ clock });
  const g = rt.globals() as unknown as Services;
  return { rt, g, clock, ss: g.SpreadsheetApp.getActiveSpreadsheet(), cache: g.CacheService.getUserCache(), props: g.PropertiesService.getDocumentProperties() };
}

describe('CacheService limits', () => {
  it('refuses a key over 250 characters and a value over 100 KB in bytes, not characters', () => {
    const { cache } = setup();
    expect(() => cache.put('k'.repeat(251), 'v')).toThrow('Argument too large: key (251 characters; at most 250)');
    expect(() => cache.put('k'.repeat(250), 'v')).not.toThrow();
    expect(() => cache.put('a', 'x'.repeat(100 * 1024))).not.toThrow();
    // 40,000 characters of "é" are 80,000 bytes: fine; 60,000 are 120,000 bytes: too large
    expect(() => cache.put('b', 'é'.repeat(40_000))).not.toThrow();
    expect(() => cache.put('c', 'é'.repeat(60_000))).toThrow('Argument too large: value (cache key c: 120000 bytes; at most 102400)');
  });

  it('refuses a whole putAll when one value is too large', () => {
    const { rt, cache } = setup();
    expect(() => cache.putAll({ a: 'ok', b: 'x'.repeat(100 * 1024 + 1) })).toThrow('Argument too large: value (cache key b');
    expect(rt.userCache.store.size).toBe(0);
  });

  it('keeps at most 1,000 items, dropping the oldest', () => {
    const { rt, cache } = setup();
    cache.putAll(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, 'v'])));
    expect(rt.userCache.store.size).toBe(1000);
    cache.put('new', 'v');
    expect(rt.userCache.store.size).toBe(1000);
    expect(cache.get('k0')).toBeNull();
    expect(cache.get('new')).toBe('v');
    expect(rt.userCache.evictions).toBe(1);
  });

  it('expires items after 10 minutes by default and at most 6 hours', () => {
    const { cache, clock } = setup();
    cache.put('short', 'v');
    cache.put('long', 'v', 21_600);
    clock.advance(600 * 1000 - 1);
    expect(cache.get('short')).toBe('v');
    clock.advance(1);
    expect(cache.get('short')).toBeNull();
    clock.advance(6 * 3600 * 1000);
    expect(cache.get('long')).toBeNull();
    expect(() => cache.put('x', 'v', 21_601)).toThrow('Invalid argument: expirationInSeconds (21601; 1 to 21600)');
    expect(() => cache.put('x', 'v', 0)).toThrow('Invalid argument: expirationInSeconds');
  });
});

describe('PropertiesService limits, in bytes', () => {
  it('refuses a value over 9 KB in bytes', () => {
    const { props } = setup();
    expect(() => props.setProperty('k', 'x'.repeat(9 * 1024))).not.toThrow();
    expect(() => props.setProperty('k', 'é'.repeat(5000))).toThrow('Argument too large: value (document property k: 10000 bytes; at most 9216)');
  });

  it('refuses to grow a store past 500 KB, keys included', () => {
    const { props } = setup();
    for (let i = 0; i < 55; i++) props.setProperty(`p${String(i).padStart(2, '0')}`, 'x'.repeat(9 * 1024));
    expect(() => props.setProperty('one-more', 'x'.repeat(9 * 1024))).toThrow(
      'You have exceeded the property storage quota (document properties: at most 512000 bytes per store).',
    );
    // replacing a value counts its new size, not both
    expect(() => props.setProperty('p00', 'y'.repeat(9 * 1024))).not.toThrow();
  });
});

describe('Sheets limits', () => {
  it('counts cells across all tabs: a new tab or more rows past 10 million cells fails', () => {
    const { ss, rt } = setup();
    const big = ss.insertSheet('big');
    big.insertRowsAfter(1000, 383_000); // 384,000 × 26 = 9,984,000 cells
    expect(rt.spreadsheet.totalCells()).toBe(9_984_000);
    expect(() => ss.insertSheet('more')).toThrow('This action would increase the number of cells in the workbook above the limit of 10000000 cells.');
    expect(() => big.insertColumnsAfter(26, 1)).toThrow('above the limit of 10000000 cells');
    big.deleteRows(2, 1000); // 9,958,000
    ss.insertSheet('fits').deleteRows(2, 999); // +26,000, then 26 cells: 9,958,026
    expect(() => big.insertRowsAfter(383_000, 1_614)).not.toThrow(); // 9,999,990
    expect(rt.spreadsheet.totalCells()).toBe(9_999_990);
    expect(() => big.insertRowsAfter(384_614, 1)).toThrow('above the limit of 10000000 cells');
  });

  it('refuses more than 50,000 characters in one cell, and writes nothing of that call', () => {
    const { ss, rt } = setup();
    const sheet = ss.insertSheet('T');
    expect(() => sheet.getRange(1, 1, 1, 2).setValues([['fine', 'x'.repeat(50_001)]])).toThrow('Your input contains more than the maximum of 50000 characters in a single cell.');
    expect((rt.spreadsheet.sheet('T') as LocalSheet).values()).toEqual([]);
    sheet.getRange(1, 1).setValues([['x'.repeat(50_000)]]);
    expect(sheet.getRange(1, 1).getValue()).toHaveLength(50_000);
  });
});

describe('the execution clock', () => {
  it('fails a step that runs past 6 minutes', () => {
    const clock = new SimulatedClock();
    const rt = workbookWithExport(exportCsv([contact(), contact()]));
    const slow = new LocalRuntime({ clock });
    slow.spreadsheet.addSheetWithValues('contacts-export', rt.spreadsheet.sheet('contacts-export')!.values());
    const addon = loadBundle(slow);
    clock.msPerCall = 10_000; // every service call takes 10 s of simulated time
    // Apps Script ends the execution: not even the step's own error handler runs
    expect(() => addon.call('pullApprovedFields')).toThrow('Exceeded maximum execution time');
    expect(slow.alerts).toEqual([]);
    expect(slow.lockHeld).toBe(false);
    clock.msPerCall = 0;
    addon.call('pullApprovedFields');
    expect(slow.toasts.at(-1)).toContain('Pulled 2 records');
  });

  it('gives a simple trigger 30 seconds', () => {
    const clock = new SimulatedClock();
    const rt = new LocalRuntime({ clock });
    const addon = loadBundle(rt);
    clock.msPerCall = 5_000;
    expect(() => addon.call('onOpen')).toThrow('Exceeded maximum execution time (simple trigger onOpen: 30 seconds)');
    clock.msPerCall = 1_000;
    expect(() => addon.call('onOpen')).not.toThrow();
    expect(rt.menus.at(-1)!.items.length).toBeGreaterThan(5);
  });

  it('lets direct calls outside an execution run untimed, and times each dialog call on its own', () => {
    const clock = new SimulatedClock();
    const rt = new LocalRuntime({ clock });
    rt.execute('uploadChunk', () => clock.advance(5 * 60 * 1000));
    expect(() =>
      rt.execute('uploadChunk', () => {
        clock.advance(5 * 60 * 1000);
        rt.count('x');
      }),
    ).not.toThrow();
    expect(() =>
      rt.execute('uploadChunk', () => {
        clock.advance(6 * 60 * 1000 + 1);
        rt.count('x');
      }),
    ).toThrow('Exceeded maximum execution time');
  });
});

describe('a leading apostrophe in a plain-text cell', () => {
  it.each(['marker', 'literal'] as const)("is stored per the runtime's mode (%s); other cells always hide it", (apostrophe) => {
    const rt = new LocalRuntime({ apostrophe });
    const sheet = (rt.globals() as unknown as Services).SpreadsheetApp.getActiveSpreadsheet().insertSheet('T');
    sheet.getRange(1, 1).setNumberFormat('@');
    sheet.getRange(1, 1, 1, 2).setValues([["'=1+1", "'=1+1"]]);
    expect(sheet.getRange(1, 1, 1, 2).getValues()).toEqual([[apostrophe === 'literal' ? "'=1+1" : '=1+1', '=1+1']]);
    expect(rt.formulaWrites).toEqual([]);
  });

  it('rejects an unknown mode from the environment', () => {
    const before = process.env.CRG_APOSTROPHE;
    process.env.CRG_APOSTROPHE = 'maybe';
    try {
      expect(() => new LocalRuntime()).toThrow('CRG_APOSTROPHE must be "marker" or "literal", not "maybe"');
    } finally {
      process.env.CRG_APOSTROPHE = before;
      if (before === undefined) delete process.env.CRG_APOSTROPHE;
    }
  });
});

describe('the add-on within the 10-million-cell limit', () => {
  function crowded(fillerRows: number) {
    const rt = workbookWithExport(exportCsv([contact(), contact(), contact()]));
    const filler = rt.spreadsheet.addSheetWithValues('last-year', [['a']]);
    filler.maxRows = fillerRows; // an old export tab, mostly empty cells: they count all the same
    return { rt, addon: loadBundle(rt) };
  }

  it('stops a pull that would overflow with one line, before writing anything', () => {
    const { rt, addon } = crowded(383_000); // 9,958,000 cells + the export tab's 26,000
    const before = rt.spreadsheet.sheetList.map((s) => s.name);
    addon.call('pullApprovedFields');
    expect(rt.alerts).toHaveLength(1);
    expect(rt.alerts[0]).toMatch(
      /^CRM Review Gate: Pull approved fields stopped: This step would need [\d,]+ cells, more than the 10,000,000 a Google spreadsheet holds across all its tabs \(9,984,000 now; new tabs are written beside the old ones before they replace them\)\. Delete tabs you no longer need \(old exports\), or split the export\. Nothing was changed\.$/,
    );
    expect(rt.spreadsheet.sheetList.map((s) => s.name)).toEqual(before);
  });

  it('pulls when the spreadsheet has room', () => {
    const { rt, addon } = crowded(380_000);
    addon.call('pullApprovedFields');
    expect(rt.alerts).toEqual([]);
    expect(rt.spreadsheet.totalCells()).toBeLessThanOrEqual(10_000_000);
  });
});

describe('peakCells', () => {
  it('counts a new tab as Sheets grows it: 1,000 × 26 first, then rows, then columns', async () => {
    const { peakCells } = await import('../src/addon/capacity');
    expect(peakCells(0, [{ rows: 500, cols: 10 }])).toBe(26_000);
    expect(peakCells(0, [{ rows: 100_001, cols: 20 }])).toBe(2_600_026);
    expect(
      peakCells(9_000_000, [
        { rows: 2, cols: 5 },
        { rows: 40_000, cols: 30 },
      ]),
    ).toBe(9_000_000 + 10 + 1_200_000);
  });
});
