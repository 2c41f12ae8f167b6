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

/**
 * A 53-bit hash as 11 upper-case base-36 digits: `n.toString(36).toUpperCase().padStart(11, '0')`
 * without V8's slow double-to-radix conversion (issue 12: it was most of the cost of an Issue ID).
 * `(n - d) / 36` is exact: n - d is a multiple of 36 below 2^53.
 */
export function base36(n: number): string {
  let out = '';
  for (let i = 0; i < 11; i++) {
    const d = n % 36;
    out = DIGITS[d] + out;
    n = (n - d) / 36;
  }
  return out;
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
  short(): string {
    return base36(this.value());
  }
}
