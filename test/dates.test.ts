import { describe, expect, it } from 'vitest';
import { columnDayOrder, dayToIso, parseCrmDate } from '../src/core/text/dates';

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
    ['1763629200000', '2025-11-20'],
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
  });

  it.each(['yesterday', '2026-02-30', '31/31/2026', '2026-13-01', 'n/a'])('refuses %s as unreadable', (text) => {
    expect(iso(text)).toBe('unreadable');
  });
});
