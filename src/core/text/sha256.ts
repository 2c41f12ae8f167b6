/**
 * SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, as lower-case hex. Pure code, because the core runs
 * in Apps Script (no TextEncoder, no crypto) as well as in Node; the Decision Log's hash chain uses it,
 * on every row of the log at every step.
 */

/**
 * The constants, computed as FIPS 180-4 defines them rather than listed (issue 12: 600 bytes fewer in
 * dist/Code.js): the first 32 bits of the fractional parts of the cube roots of the first 64 primes (K)
 * and of the square roots of the first 8 (the initial hash). Each lies at least 0.005 from a rounding
 * boundary, far beyond a double's error; the tests check the digests against node:crypto.
 */
const PRIMES: number[] = [];
for (let n = 2; PRIMES.length < 64; n++) if (PRIMES.every((p) => n % p)) PRIMES.push(n);
const frac32 = (x: number): number => ((x - Math.floor(x)) * 2 ** 32) | 0;
const K = new Int32Array(PRIMES.map((p) => frac32(Math.cbrt(p))));
const H0 = PRIMES.slice(0, 8).map((p) => frac32(Math.sqrt(p)));
const W = new Int32Array(64);

/**
 * UTF-8 bytes of `text` with SHA-256 padding, written straight into one typed array (issue 12: the
 * Decision Log hashes every row at every step; a growing array of numbers per row was most of it).
 * Room for three bytes per UTF-16 code unit, the most UTF-8 takes, and the padding.
 */
function paddedUtf8(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3 + 72);
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) {
      out[o++] = c;
      continue;
    }
    if (c < 0x800) out[o++] = 0xc0 | (c >> 6);
    else {
      if (c < 0x10000) out[o++] = 0xe0 | (c >> 12);
      else {
        out[o++] = 0xf0 | (c >> 18);
        out[o++] = 0x80 | ((c >> 12) & 63);
      }
      out[o++] = 0x80 | ((c >> 6) & 63);
    }
    out[o++] = 0x80 | (c & 63);
  }
  out[o] = 0x80;
  const end = (((o + 8) >> 6) + 1) * 64;
  const bits = o * 8; // big-endian in the last 8 bytes; a log row's UTF-8 is far below 2^32 bits
  out.set([bits >>> 24, bits >>> 16, bits >>> 8, bits], end - 4);
  return out.subarray(0, end);
}

export function sha256Hex(text: string): string {
  const bytes = paddedUtf8(text);
  const h = H0.slice();
  const w = W;
  for (let off = 0; off < bytes.length; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + 4 * i;
      w[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h[0]!;
    let b = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let e = h[4]!;
    let f = h[5]!;
    let g = h[6]!;
    let hh = h[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0;
    h[5] = (h[5]! + f) | 0;
    h[6] = (h[6]! + g) | 0;
    h[7] = (h[7]! + hh) | 0;
  }
  let hex = '';
  for (let i = 0; i < 8; i++) hex += (h[i]! >>> 0).toString(16).padStart(8, '0');
  return hex;
}
