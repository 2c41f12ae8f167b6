/**
 * Cell values as Sheets hands them to Apps Script, and their text form.
 * The core works on text only: every value is turned into a string once, at the edge.
 */
export type CellValue = string | number | boolean | Date | null | undefined;

/** Realm-safe Date test: Dates created by the Sheets service (or another vm context) fail `instanceof`. */
export function isDateValue(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** ISO date (and time, when it is not midnight) in the Date's local fields, as Sheets shows it. */
export function formatDateValue(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const h = date.getHours();
  const m = date.getMinutes();
  const s = date.getSeconds();
  if (h === 0 && m === 0 && s === 0) return day;
  return `${day} ${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ''}`;
}

export function cellToText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (isDateValue(value)) return formatDateValue(value);
  return String(value);
}

/** Case and surrounding white space do not change what a person means by a value. */
export function normaliseText(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

const ACCENTS = /[\u0300-\u036f]/g;
/** The text without its accents ("Chloé" → "Chloe"): the letters NFD splits from their marks. */
export function withoutAccents(value: string): string {
  // (ASCII text, the common case, is returned as it is)
  return /[^\x00-\x7f]/.test(value) ? value.normalize('NFD').replace(ACCENTS, '') : value;
}

/** The characters String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator). */
export function isTrimmedSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Empty or only white space. Fast path (issue 12): stops at the first visible character instead of
 * trimming, so a 500-character evidence text costs one comparison (test/fastPaths.test.ts checks it
 * against `trim() === ''`).
 */
export function isBlank(value: string | undefined | null): boolean {
  if (value === undefined || value === null) return true;
  for (let i = 0; i < value.length; i++) if (!isTrimmedSpace(value.charCodeAt(i))) return false;
  return true;
}

/**
 * Caches a text function for columns with few distinct values (stages, statuses, owners, countries),
 * so a 100,000-row review normalises each distinct value once. Stops caching past `limit` entries.
 */
export function memoText<T>(fn: (value: string) => T, limit = 50_000): (value: string) => T {
  const cache = new Map<string, T>();
  return (value) => {
    let hit = cache.get(value);
    if (hit === undefined && !cache.has(value)) {
      hit = fn(value);
      if (cache.size < limit) cache.set(value, hit);
    }
    return hit as T;
  };
}

/**
 * value.trim(), without the call when both ends are printable ASCII, which is never a space (issue 12:
 * the pull trims every kept cell). test/pull.test.ts checks it against trim on random text.
 */
export function trimmed(value: string): string {
  const n = value.length;
  if (n === 0) return value;
  const a = value.charCodeAt(0);
  const b = value.charCodeAt(n - 1);
  return a > 32 && a < 127 && b > 32 && b < 127 ? value : value.trim();
}

// (where flat() leaves what it read, so the optimiser cannot drop the read as unused)
let _flatSink = 0;

/**
 * The same text, made one flat string now (issue 12). A text built by concatenation, as every
 * finding's evidence is, is a tree of its pieces in V8 until it is first read; a tree that lives on is
 * copied node by node by every young-generation collection. Reading one character makes V8 join the
 * pieces into one string, so they die young. Measured: 200,000 kept 16-piece texts spent 1.5 s in the
 * collector as trees and 0.15 s flattened. Returns its argument; engines without ropes lose nothing.
 */
export function flat(text: string): string {
  _flatSink ^= text.charCodeAt(0);
  return text;
}
