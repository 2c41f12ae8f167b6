/**
 * CSV bytes to text without TextDecoder (Apps Script has none): UTF-8 when the bytes are valid UTF-8,
 * else Windows-1252, the encoding Excel and older CRM exports use on Western Windows machines. A
 * fallback is always said in one line, so a mis-decoded name never passes silently, and no byte ever
 * becomes U+FFFD.
 */
export interface DecodedCsv {
  text: string;
  encoding: 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
  notice?: string;
}

/** Windows-1252 bytes 0x80-0x9F (the WHATWG table: the five unassigned bytes map to the C1 controls). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013,
  0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

const CHUNK = 8192;

/** Collects UTF-16 code units and turns them into one string, a chunk at a time (no huge argument lists). */
class TextBuilder {
  private readonly parts: string[] = [];
  private readonly buf = new Uint16Array(CHUNK);
  private n = 0;
  push(unit: number): void {
    if (this.n === CHUNK) this.flush();
    this.buf[this.n++] = unit;
  }
  flush(): void {
    if (this.n === 0) return;
    this.parts.push(String.fromCharCode.apply(null, this.buf.subarray(0, this.n) as unknown as number[]));
    this.n = 0;
  }
  /** Bytes start..end, all below 0x80, as text: straight from the bytes, a chunk at a time. */
  pushAscii(bytes: Uint8Array, start: number, end: number): void {
    this.flush();
    for (let s = start; s < end; s += CHUNK) {
      this.parts.push(String.fromCharCode.apply(null, bytes.subarray(s, Math.min(end, s + CHUNK)) as unknown as number[]));
    }
  }
  done(): string {
    this.flush();
    return this.parts.join('');
  }
}

/** Runs of ASCII at least this long skip the per-byte copy (issue 12); shorter ones are not worth a part. */
const ASCII_RUN = 64;

/** Strict UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF, no truncated sequence); undefined when invalid. */
function decodeUtf8(bytes: Uint8Array, start: number): string | undefined {
  const out = new TextBuilder();
  const n = bytes.length;
  let i = start;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      // ASCII fast path (issue 12): most of an export is ASCII, so a long run becomes text in one call
      // instead of a push per byte; the same code units either way (test/encoding.test.ts checks it)
      let j = i + 1;
      while (j < n && bytes[j]! < 0x80) j++;
      if (j - i >= ASCII_RUN) out.pushAscii(bytes, i, j);
      else for (let k = i; k < j; k++) out.push(bytes[k]!);
      i = j;
      continue;
    }
    let need: number;
    let cp: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      min = 0x10000;
    } else return undefined;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return undefined; // truncated, or not a continuation byte
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      out.push(0xd800 + (v >> 10));
      out.push(0xdc00 + (v & 0x3ff));
    } else {
      out.push(cp);
    }
    i += need + 1;
  }
  return out.done();
}

/** UTF-16 code units, two bytes each, from `start` (a lone surrogate is kept as it is, as a file holds it). */
function decodeUtf16(bytes: Uint8Array, start: number, littleEndian: boolean): string {
  const out = new TextBuilder();
  const end = start + ((bytes.length - start) & ~1);
  for (let i = start; i < end; i += 2) out.push(littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!);
  return out.done();
}

/**
 * UTF-16 (Excel's "Unicode Text", some exports): by its byte order mark, or, without one, by the zero
 * bytes of the ASCII its first two characters are written in (UTF-8 and Windows-1252 text has none).
 */
export function utf16Order(bytes: Uint8Array): { littleEndian: boolean; start: number } | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { littleEndian: true, start: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { littleEndian: false, start: 2 };
  if (bytes.length < 4) return undefined;
  if (bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) return { littleEndian: true, start: 0 };
  if (bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0) return { littleEndian: false, start: 0 };
  return undefined;
}

function decodeCp1252(bytes: Uint8Array, start: number): string {
  const out = new TextBuilder();
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i]!;
    out.push(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b);
  }
  return out.done();
}

/**
 * `utf8` decodes strict UTF-8 from `start`, or says undefined when the bytes are not UTF-8. The CLI
 * passes Node's native decoder (issue 12: several times faster at 25 MB); the add-on has only this one.
 */
export function decodeCsvBytes(bytes: Uint8Array, utf8Decoder: (bytes: Uint8Array, start: number) => string | undefined = decodeUtf8): DecodedCsv {
  const utf16 = utf16Order(bytes);
  if (utf16) {
    const encoding = utf16.littleEndian ? 'utf-16le' : 'utf-16be';
    const text = decodeUtf16(bytes, utf16.start, utf16.littleEndian);
    return { text, encoding, notice: `The file is UTF-16 (Excel's "Unicode Text"), and was read as such.` };
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const utf8 = utf8Decoder(bytes, bom ? 3 : 0);
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };
  const text = decodeCp1252(bytes, 0);
  // a Central European file (Windows-1250) read as Western: Ł, ł, ą, ś, ż come out as £, ³, ¹, œ, ¿
  // inside words; said aloud, as owners' and people's names would not match
  const central = CENTRAL_EUROPEAN_MISREAD.test(text)
    ? '. Letters such as ³, ¹ or £ inside words suggest a Central European (Windows-1250) file, whose names are then read wrongly (owners would not match the roster):'
    : ';';
  return {
    text,
    encoding: 'windows-1252',
    notice: `The file is not UTF-8, so it was read as Windows-1252 (Excel's Western encoding)${central} check accented names in the review, or export it again as "CSV UTF-8".`,
  };
}

/**
 * ³ ¹ Ÿ between two letters, or ³ ¹ £ beginning a word before a lower-case letter: Windows-1250's ł ą ź Ł
 * as Windows-1252 shows them ("Wroc³aw", "£ukasz"). Not œ or ¿ (French cœur, Spanish ¿cómo) nor a unit's
 * m³ at a word's end.
 */
const CENTRAL_EUROPEAN_MISREAD = /\p{L}[³¹Ÿ]\p{L}|(?:^|[^\p{L}\p{N}])[³¹£]\p{Ll}/mu;

/** Bytes of a string in UTF-8, as Google counts cache and property sizes (a lone surrogate counts 3, as it is sent). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
