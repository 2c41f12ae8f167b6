import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseDayOrder, columnDateParser, columnDayEvidence, columnDayOrder, dateUtcDay, dayToIso, parseCrmDate, timeOfDay, utcDay } from '../src/core/text/dates';

const iso = (text: string, order?: 'dmy' | 'mdy') => {
  const r = parseCrmDate(text, order);
  return r.ok ? dayToIso(r.day) : r.reason;
};

describe('CRM date parsing', () => {
  it.each([
    ['2026-11-20', '2026-11-20'],
    ['2026-11-20 09:30', '2026-11-20'],
    ['2026-11-20T09:30:00Z', '2026-11-20'],
    ['2026-11-20T23:30:00.000-0500', '2026-11-21'],
    ['2026-11-20T01:00:00+02:00', '2026-11-19'],
    ['25/12/2026', '2026-12-25'],
    ['12/25/2026', '2026-12-25'],
    ['25.12.2026', '2026-12-25'],
    ['03/03/2026', '2026-03-03'],
    ['11/20/2026 2:05 PM', '2026-11-20'],
    // Salesforce report exports: a comma before the time
    ['10/20/2026, 4:05 PM', '2026-10-20'],
    ['20.10.2026, 16:05', '2026-10-20'],
    ['20/10/2026,16:05:09', '2026-10-20'],
    ['1763629200000', '2025-11-20'],
    // the month as a word (a US user's HubSpot date, a report's, an Excel re-save)
    ['Nov 27, 2026 10:00 AM', '2026-11-27'],
    ['Aug 15, 2026 10:00 AM', '2026-08-15'],
    ['November 27, 2026', '2026-11-27'],
    ['Sept 3, 2026', '2026-09-03'],
    ['Sep. 3 2026, 4:05 PM', '2026-09-03'],
    ['15 Aug 2026', '2026-08-15'],
    ['15-Aug-2026', '2026-08-15'],
    ['1st March 2026 16:05', '2026-03-01'],
    ['dec 31, 2026 at 11:59 pm', '2026-12-31'],
  ])('reads %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it('reads a day/month pair with the convention its column proves', () => {
    expect(iso('03/04/2026')).toBe('ambiguous');
    expect(iso('03/04/2026', 'dmy')).toBe('2026-04-03');
    expect(iso('03/04/2026', 'mdy')).toBe('2026-03-04');
    expect(columnDayOrder(['03/04/2026', '25/12/2026'])).toBe('dmy');
    expect(columnDayOrder(['03/04/2026', '12/25/2026'])).toBe('mdy');
    expect(columnDayOrder(['13/04/2026', '12/25/2026'])).toBe('unknown');
    expect(columnDayOrder(['2026-01-01'])).toBe('unknown');
    // no value proves it: dots say day first; a 12-hour clock says nothing (day-first locales write AM/PM too)
    expect(columnDayOrder(['03.04.2026'])).toBe('dmy');
    expect(columnDayOrder(['03/04/2026 2:05 PM', '05/06/2026'])).toBe('unknown');
    expect(columnDayEvidence(['03.04.2026', '13/04/2026'])).toEqual({ proven: 'dmy', hinted: 'dmy' });
    expect(columnDayEvidence(['03.04.2026', '04.13.2026'])).toEqual({ proven: 'mdy', hinted: 'dmy' });
    // the order: the column's own proof, then the export's proof, then the column's hint, then the export's
    const none = { proven: 'unknown', hinted: 'unknown' } as const;
    expect(chooseDayOrder({ proven: 'mdy', hinted: 'dmy' }, () => ({ proven: 'dmy', hinted: 'unknown' }))).toBe('mdy');
    expect(chooseDayOrder({ proven: 'unknown', hinted: 'dmy' }, () => ({ proven: 'mdy', hinted: 'unknown' }))).toBe('mdy');
    expect(chooseDayOrder({ proven: 'unknown', hinted: 'dmy' }, () => none)).toBe('dmy');
    expect(chooseDayOrder(none, () => ({ proven: 'unknown', hinted: 'dmy' }))).toBe('dmy');
    expect(chooseDayOrder(none)).toBe('unknown');
    // a column proven both ways has no one order, whatever the export says; an export proven both ways proves nothing
    expect(columnDayEvidence(['13/04/2026', '12/25/2026', '03.04.2026'])).toEqual({ proven: 'mixed', hinted: 'unknown' });
    expect(chooseDayOrder({ proven: 'mixed', hinted: 'unknown' }, () => ({ proven: 'dmy', hinted: 'dmy' }))).toBe('unknown');
    expect(chooseDayOrder({ proven: 'unknown', hinted: 'dmy' }, () => ({ proven: 'mixed', hinted: 'unknown' }))).toBe('dmy');
    expect(chooseDayOrder(none, () => ({ proven: 'mixed', hinted: 'unknown' }))).toBe('unknown');
    // a column that does not say reads as the fallback does
    expect(
      columnDateParser(
        () => ['03/04/2026'],
        () => ({ proven: 'mdy', hinted: 'unknown' }),
      )('03/04/2026'),
    ).toEqual({ ok: true, day: Date.UTC(2026, 2, 4) / 86_400_000 });
    expect(
      columnDateParser(
        () => ['03/04/2026', '25/12/2026'],
        () => ({ proven: 'mdy', hinted: 'unknown' }),
      )('03/04/2026'),
    ).toEqual({ ok: true, day: Date.UTC(2026, 3, 3) / 86_400_000 });
  });

  it.each(['yesterday', '2026-02-30', '31/31/2026', '2026-13-01', 'n/a', 'Feb 30, 2026', 'Marketing 12, 2026', 'Nov 27, 2026 13:00 PM', '27 Novembre 2026', 'Nov 2026'])(
    'refuses %s as unreadable',
    (text) => {
      expect(iso(text)).toBe('unreadable');
    },
  );

  it('reads the time of a date whose month is a word', () => {
    expect(timeOfDay('Nov 27, 2026 4:05 PM')).toBe('16:05:00');
    expect(timeOfDay('27 Nov 2026 16:05:09')).toBe('16:05:09');
    expect(timeOfDay('Nov 27, 2026')).toBe('');
    expect(timeOfDay('Nov 27, 2026 25:00')).toBeUndefined();
  });
});

describe('columnDateParser (issue 12: the day order worked out only when needed)', () => {
  it('parses every value as parsing with the whole column’s day order does', () => {
    const dateLike = fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1990, max: 2030 })).map(([a, b, y]) => `${a}/${b}/${y}`),
      fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([m, d]) => `2025-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
      fc.constantFrom('', 'soon', '2025-13-01', '31.12.2025', ' 03/04/2025 '),
    );
    fc.assert(
      fc.property(fc.array(dateLike, { maxLength: 40 }), (column) => {
        const parse = columnDateParser(() => column);
        const order = columnDayOrder(column);
        for (const v of column) expect(parse(v)).toEqual(parseCrmDate(v, order));
      }),
      { numRuns: 500 },
    );
  });

  it('reads the column only for an ambiguous date', () => {
    let reads = 0;
    const column = ['2025-01-02', '13/02/2025', '03/04/2025'];
    const parse = columnDateParser(() => {
      reads++;
      return column;
    });
    expect(parse('2025-01-02')).toEqual(parseCrmDate('2025-01-02'));
    expect(parse('13/02/2025')).toEqual(parseCrmDate('13/02/2025'));
    expect(reads).toBe(0);
    expect(parse('03/04/2025')).toEqual(parseCrmDate('03/04/2025', 'dmy'));
    parse('05/06/2025');
    expect(reads).toBe(1);
  });
});

describe('utcDay without Date (issue 12)', () => {
  it('is the Date.UTC version on random days, months and years, invalid ones and leap days included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 33 }), (y, m, d) => {
        expect(utcDay(y, m, d)).toBe(dateUtcDay(y, m, d));
      }),
      { numRuns: 20000 },
    );
    for (const [y, m, d] of [
      [2000, 2, 29],
      [1600, 2, 29],
      [1700, 2, 29],
      [1800, 2, 29],
      [2100, 2, 29],
      [2400, 2, 29],
      [1900, 2, 29],
      [2024, 2, 29],
      [2023, 2, 29],
      [1970, 1, 1],
      [1969, 12, 31],
      [99, 1, 1],
      [100, 3, 1],
      [2026, 4, 31],
      [2026, 12, 31],
    ] as const)
      expect(utcDay(y, m, d)).toBe(dateUtcDay(y, m, d));
    expect(parseCrmDate('2025-06-20 09:22')).toEqual({ ok: true, day: dateUtcDay(2025, 6, 20) });
  });
});
