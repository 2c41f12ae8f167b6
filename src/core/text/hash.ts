/**
 * cyrb53: a fast, well-mixed 53-bit string hash (public domain, bryc). Used for Issue IDs, which
 * must be stable across runs and machines; 53 bits keep collisions negligible for millions of ids.
 */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export function shortHash(text: string): string {
  return base36(hash53(text));
}

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGIT_CODES = Array.from(DIGITS, (d) => d.charCodeAt(0));
/** 36^5: a 53-bit hash is 6 digits above it and 5 below it, each part an int32. */
const LOW = 60466176;
/** The character codes of the last id made: the prefix, then 11 digits (reused: no list per id). */
let codes: number[] = new Array<number>(11).fill(0);

/**
 * A 53-bit hash as 11 upper-case base-36 digits, after `prefix`:
 * `prefix + n.toString(36).toUpperCase().padStart(11, '0')` without V8's slow double-to-radix conversion
 * (issue 12). Issue 12 again: the digits come from two int32 halves (integer division, not 11 double
 * ones), and the id is one String.fromCharCode of the prefix's and the digits' codes: made flat at once,
 * no string per digit, no "RG-" + digits to concatenate and flatten. The halves fit: n < 2^53, so
 * n / 36^5 < 2^28. test/speed-addon.test.ts checks it against toString(36) on random numbers.
 */
export function base36(n: number, prefix = ''): string {
  const p = prefix.length;
  if (codes.length !== p + 11) codes = new Array<number>(p + 11).fill(0);
  for (let i = 0; i < p; i++) codes[i] = prefix.charCodeAt(i);
  let low = (n % LOW) | 0;
  let high = ((n - low) / LOW) | 0;
  for (let i = p + 10; i > p + 5; i--) {
    const d = low % 36;
    codes[i] = DIGIT_CODES[d]!;
    low = ((low - d) / 36) | 0;
  }
  for (let i = p + 5; i >= p; i--) {
    const d = high % 36;
    codes[i] = DIGIT_CODES[d]!;
    high = ((high - d) / 36) | 0;
  }
  return String.fromCharCode.apply(null, codes);
}

/**
 * hash53 fed piece by piece (issue 12): `hash53(a + b + …)` without building the joined string, so a
 * whole snapshot (tens of MB as one string) can be hashed in place. Same value as hash53 of the join.
 */
export class Hash53Stream {
  private h1: number;
  private h2: number;
  constructor(seed = 0) {
    this.h1 = 0xdeadbeef ^ seed;
    this.h2 = 0x41c6ce57 ^ seed;
  }
  add(text: string): this {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }
  value(): number {
    let h1 = Math.imul(this.h1 ^ (this.h1 >>> 16), 2246822507);
    h1 ^= Math.imul(this.h2 ^ (this.h2 >>> 13), 3266489909);
    let h2 = Math.imul(this.h2 ^ (this.h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  }
  /** The hash as base36 digits after `prefix` (an id such as "RG-…", made flat at once: see base36). */
  short(prefix = ''): string {
    return base36(this.value(), prefix);
  }
  /** Another stream where this one is now (issue 12: two hashes of one beginning hash it once). */
  copy(): Hash53Stream {
    const c = new Hash53Stream();
    c.h1 = this.h1;
    c.h2 = this.h2;
    return c;
  }
}
