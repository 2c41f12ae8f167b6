/** Windows-1252 and UTF-8 CSV bytes (issue 8, finding 13): decoded without TextDecoder, never silently wrong. */
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, utf8Length } from '../src/core/text/encoding';

const bytes = (...b: number[]) => new Uint8Array(b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

describe('decodeCsvBytes', () => {
  it('reads "José Müller" saved as UTF-8', () => {
    // J o s é(C3 A9) space M ü(C3 BC) l l e r
    const r = decodeCsvBytes(bytes(...ascii('Jos'), 0xc3, 0xa9, 0x20, 0x4d, 0xc3, 0xbc, ...ascii('ller')));
    expect(r).toEqual({ text: 'José Müller', encoding: 'utf-8' });
  });

  it('reads "José Müller" saved as Windows-1252, and says so in one line', () => {
    const r = decodeCsvBytes(bytes(...ascii('Jos'), 0xe9, 0x20, 0x4d, 0xfc, ...ascii('ller')));
    expect(r.text).toBe('José Müller');
    expect(r.encoding).toBe('windows-1252');
    expect(r.notice).toBe(
      'The file is not UTF-8, so it was read as Windows-1252 (Excel\'s Western encoding); check accented names in the review, or export it again as "CSV UTF-8".',
    );
    expect(r.notice).not.toContain('\n');
  });

  it('says when a file looks Central European (Windows-1250: "Łukasz Wójcik", "Paweł" read as "£ukasz", "Pawe³")', () => {
    // Ł(A3) u k a s z space W ó(F3) j c i k , P a w e ł(B3)
    const r = decodeCsvBytes(bytes(0xa3, ...ascii('ukasz W'), 0xf3, ...ascii('jcik,Pawe'), 0xb3));
    expect(r.text).toBe('£ukasz Wójcik,Pawe³');
    expect(r.notice).toBe(
      'The file is not UTF-8, so it was read as Windows-1252 (Excel\'s Western encoding). Letters such as ³, ¹ or £ inside words suggest a Central European (Windows-1250) file, whose names are then read wrongly (owners would not match the roster): check accented names in the review, or export it again as "CSV UTF-8".',
    );
    // a price in pounds or a superscript after a digit is not such a sign
    const prices = decodeCsvBytes(bytes(...ascii('Jos'), 0xe9, ...ascii(','), 0xa3, ...ascii('12,10 m'), 0xb2));
    expect(prices.text).toBe('José,£12,10 m²');
    expect(prices.notice).not.toContain('Central European');
    // French and Spanish words, and a cubic metre, are Western: c(oe)ur, (inverted ?)c(o acute)mo, m(cubed)
    const western = decodeCsvBytes(bytes(...ascii('C'), 0x9c, ...ascii('ur,'), 0xbf, ...ascii('c'), 0xf3, ...ascii('mo?,5 m'), 0xb3));
    expect(western.text).toBe('Cœur,¿cómo?,5 m³');
    expect(western.notice).not.toContain('Central European');
    // Wroc(l-stroke)aw inside a word is Central European
    expect(decodeCsvBytes(bytes(...ascii('Jos'), 0xe9, ...ascii(',Wroc'), 0xb3, ...ascii('aw'))).notice).toContain('Central European');
  });

  it('maps the whole 0x80-0x9F range of Windows-1252 (euro, curly quotes, dashes, Œ, Ÿ) and never yields U+FFFD', () => {
    const r = decodeCsvBytes(bytes(0x80, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x85, 0x8c, 0x9f, 0x99, 0x81, 0x8d, 0x8f, 0x90, 0x9d));
    expect(r.text).toBe('\u20ac\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u0152\u0178\u2122\u0081\u008d\u008f\u0090\u009d');
    expect(r.text).not.toContain('\ufffd');
    const all = decodeCsvBytes(new Uint8Array(Array.from({ length: 256 }, (_, i) => i)));
    expect(all.encoding).toBe('windows-1252');
    expect(all.text).toHaveLength(256);
    expect(all.text).not.toContain('\ufffd');
    expect(all.text.slice(0xa0)).toBe(String.fromCharCode(...Array.from({ length: 96 }, (_, i) => 0xa0 + i)));
  });

  it('treats a truncated multi-byte sequence as not UTF-8 (with the notice), not as a replacement character', () => {
    const r = decodeCsvBytes(bytes(...ascii('Jos'), 0xc3)); // "é" cut after its first byte
    expect(r.encoding).toBe('windows-1252');
    expect(r.text).toBe('JosÃ');
    expect(r.notice).toBeDefined();
    expect(decodeCsvBytes(bytes(0xe2, 0x82)).encoding).toBe('windows-1252'); // "€" cut short
  });

  it('strips a UTF-8 byte order mark', () => {
    expect(decodeCsvBytes(bytes(0xef, 0xbb, 0xbf, ...ascii('Record ID')))).toEqual({ text: 'Record ID', encoding: 'utf-8' });
  });

  it('reads 4-byte UTF-8 (emoji) as a surrogate pair and refuses overlong forms and encoded surrogates', () => {
    expect(decodeCsvBytes(bytes(0xf0, 0x9f, 0x98, 0x80)).text).toBe('😀');
    expect(decodeCsvBytes(bytes(0xc0, 0xaf)).encoding).toBe('windows-1252'); // overlong "/"
    expect(decodeCsvBytes(bytes(0xed, 0xa0, 0x80)).encoding).toBe('windows-1252'); // U+D800
    expect(decodeCsvBytes(bytes(0xf4, 0x90, 0x80, 0x80)).encoding).toBe('windows-1252'); // past U+10FFFF
  });

  it('decodes a large file quickly and exactly', () => {
    const line = 'Zoë,Łukasz,€5,"a,b"\r\n';
    const enc = new TextEncoder().encode(line.repeat(100_000));
    const start = Date.now();
    const r = decodeCsvBytes(enc);
    expect(r.text).toBe(line.repeat(100_000));
    expect(Date.now() - start).toBeLessThan(5000);
  });
});

describe('utf8Length', () => {
  it('counts bytes as UTF-8 does', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'José Müller', '\ud800x']) expect(utf8Length(s), s).toBe(Buffer.byteLength(s, 'utf8'));
  });
});

describe('UTF-16 (Excel\'s "Unicode Text")', () => {
  const le = (s: string, bom = true) => new Uint8Array([...(bom ? [0xff, 0xfe] : []), ...[...s].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
  const be = (s: string) => new Uint8Array([0xfe, 0xff, ...[...s].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff])]);
  it('is read by its byte order mark, or without one by the zero bytes of its first characters, and says so', () => {
    for (const b of [le('Issue ID\tJosé €'), be('Issue ID\tJosé €'), le('Issue ID\tJosé €', false)]) {
      const d = decodeCsvBytes(b);
      expect(d.text).toBe('Issue ID\tJosé €');
      expect(d.notice).toBe(`The file is UTF-16 (Excel's "Unicode Text"), and was read as such.`);
    }
    expect(decodeCsvBytes(be('ab')).encoding).toBe('utf-16be');
  });
  it('leaves UTF-8 and Windows-1252 as they were', () => {
    expect(decodeCsvBytes(bytes(...ascii('Record ID'))).encoding).toBe('utf-8');
    expect(decodeCsvBytes(bytes(0x4a, 0x6f, 0x73, 0xe9)).encoding).toBe('windows-1252');
  });
});
