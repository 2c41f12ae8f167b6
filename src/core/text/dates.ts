/**
 * Dates in the forms CRMs export: ISO dates and timestamps (with or without time zone), "YYYY-MM-DD HH:mm",
 * US (MM/DD/YYYY) and European (DD/MM/YYYY, DD.MM.YYYY) day forms, the month as an English word ("Nov 27,
 * 2026 10:00 AM", "27 Nov 2026"), and epoch milliseconds. A slash date
 * whose day and month could be swapped is read with the convention the rest of its column proves
 * (a value with a first part above 12 proves day-first); if the column proves nothing, it is ambiguous.
 * Results are whole UTC days since 1970-01-01.
 */
import { isTrimmedSpace } from './cells';

export type DayOrder = 'dmy' | 'mdy' | 'unknown';

export type ParsedDate = { ok: true; day: number } | { ok: false; reason: 'unreadable' | 'ambiguous' };

const DAY_MS = 86_400_000;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
// (a comma before the time: Salesforce's report exports write "10/20/2026, 4:05 PM" and "20.10.2026, 16:05")
const SLASH = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:(?:,\s*|[ T])(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;

// the month as a word, in English as HubSpot and Salesforce write it for a US user or a report ("Nov 27,
// 2026 10:00 AM", "November 27, 2026", "27 Nov 2026 10:00", "27-Nov-2026"): unambiguous, whatever the order
const TIME = '(?:(?:,\\s*|\\s+(?:at\\s+)?)(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*([AP]M)?)?$';
const MONTH_FIRST = new RegExp(`^([A-Za-z]{3,9})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${TIME}`, 'i');
const DAY_FIRST = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+|-)([A-Za-z]{3,9})\\.?,?(?:\\s+|-)(\\d{4})${TIME}`, 'i');
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A month written as a word (Nov, Nov., November, Sept), 1 to 12, else 0. */
function monthNamed(word: string): number {
  const w = word.toLowerCase();
  const at = MONTHS.indexOf(w.slice(0, 3)) + 1;
  if (at === 0) return 0;
  // the abbreviation, "Sept", or the whole name: not any word that starts like one ("Marketing")
  return w.length === 3 || w === 'sept' || w === MONTH_NAMES[at - 1] ? at : 0;
}

/** A date with its month as a word, as [year, month, day, then the time's groups], else undefined. */
function namedMonthDate(v: string): [number, number, number, ...(string | undefined)[]] | undefined {
  const first = MONTH_FIRST.exec(v);
  if (first) {
    const month = monthNamed(first[1]!);
    return month ? [Number(first[3]), month, Number(first[2]), ...first.slice(4)] : undefined;
  }
  const day = DAY_FIRST.exec(v);
  if (day) {
    const month = monthNamed(day[2]!);
    return month ? [Number(day[3]), month, Number(day[1]), ...day.slice(4)] : undefined;
  }
  return undefined;
}

export function utcDay(y: number, m: number, d: number): number | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  // Date.UTC reads the years 0 to 99 as 1900 to 1999: those keep its path, to read as they always have
  if (y < 100 || !Number.isInteger(y)) return dateUtcDay(y, m, d);
  // Fast path (issue 12: every date of every record): days from the civil date (H. Hinnant's
  // algorithm), no Date object; test/dates.test.ts checks it against dateUtcDay on random dates
  if (d > 28 && d > (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31)) return undefined;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** utcDay with Date: the plain version, and the path for the years Date.UTC reads as 19xx. */
export function dateUtcDay(y: number, m: number, d: number): number | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return undefined; // 31 February
  return Math.floor(t / DAY_MS);
}

/**
 * Cheap pre-filter for SLASH (issue 12): its day or month part ends at the 2nd or 3rd visible character
 * with a separator, which an ISO date ("2025-06-20") never has.
 */
function mayBeSlashDate(v: string): boolean {
  let i = 0;
  while (i < v.length && isTrimmedSpace(v.charCodeAt(i))) i++;
  const a = v.charCodeAt(i + 1);
  const b = v.charCodeAt(i + 2);
  return a === 47 || a === 46 || a === 45 || b === 47 || b === 46 || b === 45;
}

/**
 * A column's date parser that works out the column's day order only when a slash date reads both ways
 * (issue 12: most columns hold ISO dates, and the order takes a pass over every record). Same results as
 * parsing with `columnDayOrder` of the whole column, unless the column does not say: then the order
 * comes from `fallback` (the export's other date columns), proof before hints (see chooseDayOrder).
 */
export function columnDateParser(columnValues: () => Iterable<string>, fallback?: () => DayEvidence): (text: string) => ParsedDate {
  return dateParserWithOrder(lazyDayOrder(columnValues, fallback));
}

/** A parser reading slash dates that read both ways in the day order `order()` gives, asked only when one is met. */
export function dateParserWithOrder(order: () => DayOrder): (text: string) => ParsedDate {
  return (text) => {
    const p = parseCrmDate(text);
    return p.ok || p.reason !== 'ambiguous' ? p : parseCrmDate(text, order());
  };
}

/** A column's day order (see chooseDayOrder), worked out on the first call only. */
export function lazyDayOrder(columnValues: () => Iterable<string>, fallback?: () => DayEvidence): () => DayOrder {
  let order: DayOrder | undefined;
  return () => (order ??= chooseDayOrder(columnDayEvidence(columnValues()), fallback));
}

/**
 * What a column's slash dates say about their day order: `proven` by values that read one way only
 * (25/12: day first; 12/25: month first; both: 'mixed', which is proof that the column has no one order;
 * neither: 'unknown'); `hinted` by how they are written: dots between the parts ("20.10.2026") are day
 * first wherever they are used. A 12-hour clock is no hint: Australian, Indian and other day-first
 * locales write AM/PM too.
 */
export interface DayEvidence {
  proven: DayOrder | 'mixed';
  hinted: DayOrder;
}

export function columnDayEvidence(values: Iterable<string>): DayEvidence {
  let dmy = false;
  let mdy = false;
  let dots = false;
  for (const v of values) {
    if (!mayBeSlashDate(v)) continue;
    const m = SLASH.exec(v.trim());
    if (!m) continue;
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) dmy = true;
    else if (b > 12 && a <= 12) mdy = true;
    if (dmy && mdy) return { proven: 'mixed', hinted: 'unknown' };
    if (v.includes('.')) dots = true;
  }
  return { proven: dmy ? 'dmy' : mdy ? 'mdy' : 'unknown', hinted: dots ? 'dmy' : 'unknown' };
}

/**
 * The order a column's dates follow: its own proof, else the export's (`other`), else its own hint, else
 * the export's. A column whose own values read both ways ('mixed') has no order: its two-way dates stay
 * ambiguous whatever the rest of the export says; a mixed export proves nothing for a column.
 */
export function chooseDayOrder(own: DayEvidence, other?: () => DayEvidence): DayOrder {
  if (own.proven === 'mixed') return 'unknown';
  if (own.proven !== 'unknown') return own.proven;
  const o = other?.();
  if (o && (o.proven === 'dmy' || o.proven === 'mdy')) return o.proven;
  if (own.hinted !== 'unknown') return own.hinted;
  return o?.hinted ?? 'unknown';
}

/** Which convention a column's slash dates follow, from its own values alone (proof, else hint). */
export function columnDayOrder(values: Iterable<string>): DayOrder {
  return chooseDayOrder(columnDayEvidence(values));
}

const digit = (c: number): boolean => c >= 48 && c <= 57;

/** "YYYY-MM-DD", optionally followed by " HH:mm[:ss]" (no zone): the common case, parsed without a regex. */
function fastIso(v: string): number | undefined {
  const n = v.length;
  if ((n !== 10 && n !== 16 && n !== 19) || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return undefined;
  if (n > 10 && v.charCodeAt(10) !== 32) return undefined;
  // unrolled: no array per call (issue 12)
  if (
    !digit(v.charCodeAt(0)) ||
    !digit(v.charCodeAt(1)) ||
    !digit(v.charCodeAt(2)) ||
    !digit(v.charCodeAt(3)) ||
    !digit(v.charCodeAt(5)) ||
    !digit(v.charCodeAt(6)) ||
    !digit(v.charCodeAt(8)) ||
    !digit(v.charCodeAt(9))
  )
    return undefined;
  // the digits read in place: no slice per part, no closure per call (issue 12)
  return utcDay(digitAt(v, 0) * 1000 + digitAt(v, 1) * 100 + digitAt(v, 2) * 10 + digitAt(v, 3), digitAt(v, 5) * 10 + digitAt(v, 6), digitAt(v, 8) * 10 + digitAt(v, 9));
}

/** The ASCII digit at k of v as a number (the caller has checked it is one). */
function digitAt(v: string, k: number): number {
  return v.charCodeAt(k) - 48;
}

export function parseCrmDate(text: string, order: DayOrder = 'unknown'): ParsedDate {
  const v = text.trim();
  const fast = fastIso(v);
  if (fast !== undefined) return { ok: true, day: fast };
  const iso = ISO.exec(v);
  if (iso) {
    let day = utcDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (day === undefined) return { ok: false, reason: 'unreadable' };
    if (iso[4] !== undefined && iso[7] && iso[7].toUpperCase() !== 'Z') {
      // a time with an offset: move to the UTC day
      const minutes = Number(iso[4]) * 60 + Number(iso[5]) - offsetMinutes(iso[7]);
      day += Math.floor(minutes / 1440);
    }
    return { ok: true, day };
  }
  const slash = SLASH.exec(v);
  if (slash) {
    const a = Number(slash[1]);
    const b = Number(slash[2]);
    const y = Number(slash[3]);
    let dmy: boolean;
    if (a > 12 && b <= 12) dmy = true;
    else if (b > 12 && a <= 12) dmy = false;
    else if (a === b)
      dmy = true; // 03/03: same either way
    else if (order === 'unknown') return { ok: false, reason: 'ambiguous' };
    else dmy = order === 'dmy';
    const day = dmy ? utcDay(y, b, a) : utcDay(y, a, b);
    return day === undefined ? { ok: false, reason: 'unreadable' } : { ok: true, day };
  }
  if (/^\d{12,13}$/.test(v)) return { ok: true, day: Math.floor(Number(v) / DAY_MS) }; // epoch milliseconds
  const named = namedMonthDate(v);
  if (named) {
    const day = utcDay(named[0], named[1], named[2]);
    return day === undefined || timeOfDay(v) === undefined ? { ok: false, reason: 'unreadable' } : { ok: true, day };
  }
  return { ok: false, reason: 'unreadable' };
}

/** An ISO zone ("Z", "+05:30", "-0800") as minutes east of UTC. */
function offsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(/[^\d]/g, '');
  return (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

/** The UTC hour (0 to 24, fractions kept) of an ISO date-time with a zone ("…T02:30:00.000Z"), else undefined. */
export function utcHour(text: string): number | undefined {
  const iso = ISO.exec(text.trim());
  if (!iso || iso[4] === undefined || !iso[7]) return undefined;
  return ((((Number(iso[4]) * 60 + Number(iso[5]) - offsetMinutes(iso[7])) / 60) % 24) + 24) % 24;
}

/**
 * The time of day a date-time carries, as HH:MM:SS ("10/20/2026, 4:05 PM": "16:05:00"); '' for a date
 * alone; undefined for a time that cannot be (25:00, 13:00 PM) or one with an offset.
 */
export function timeOfDay(text: string): string | undefined {
  const v = text.trim();
  const iso = ISO.exec(v);
  const m = iso ? [iso[4], iso[5], iso[6], iso[7] ? 'offset' : undefined] : (SLASH.exec(v)?.slice(4) ?? (namedMonthDate(v)?.slice(3) as (string | undefined)[] | undefined));
  if (!m || m[0] === undefined) return '';
  let h = Number(m[0]);
  const half = m[3]?.toUpperCase();
  if (half === 'AM' || half === 'PM') {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (half === 'PM' ? 12 : 0);
  } else if (half) return undefined;
  if (h > 23 || Number(m[1]) > 59 || Number(m[2] ?? 0) > 59) return undefined;
  return `${h < 10 ? '0' : ''}${h}:${m[1]}:${m[2] ?? '00'}`;
}

export function dayToIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
