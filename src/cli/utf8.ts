import { isAscii, isUtf8 } from 'node:buffer';
import { decodeCsvBytes, utf16Order } from '../core/text/encoding';

/**
 * Strict UTF-8 with Node's native decoder (issue 12): the same text as the core's pure decoder
 * (src/core/text/encoding.ts), which the add-on needs, or undefined where that one says the bytes are
 * not UTF-8 (WHATWG's fatal mode refuses the same overlong forms, surrogates, code points past
 * U+10FFFF and truncated sequences). test/speed-fastpaths.test.ts checks the two agree on random bytes.
 */
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function nativeUtf8(bytes: Uint8Array, start: number): string | undefined {
  try {
    return decoder.decode(start === 0 ? bytes : bytes.subarray(start));
  } catch {
    return undefined;
  }
}

/**
 * A file's text for a CSV parse that keeps only some of its values (issue 12), and how to turn a value
 * cut from that text into the value. Strict UTF-8 (the files this tool writes) is read as its bytes, one
 * character per byte (Latin-1: a copy, no decoding), and only the values kept are decoded: a CSV's
 * quotes, separators and line breaks are ASCII bytes, never part of a multi-byte character, so the parse
 * finds the same values at the same lines. A 20 MB review.csv holding one "−" would otherwise be a
 * 40 MB two-byte string, most of it Evidence that is never read back. Other encodings are decoded whole
 * (decodeCsvBytes), and their values are the text's own.
 * test/speed-fastpaths.test.ts checks the values against a parse of the decoded text on random files.
 */
export interface LazyText {
  text: string;
  /** A value cut from `text` (between separators and quotes), as the file's own text. */
  value: (cut: string) => string;
  /** The file's bytes again, exactly (to keep a file that cannot be read in full), made only when asked. */
  original: () => Uint8Array;
}

export function decodeCsvBytesLazily(bytes: Uint8Array): LazyText & { notice?: string } {
  // decodeCsvBytes drops one byte order mark and parseCsv another (a U+FEFF opening the text)
  let start = 0;
  while (start < 6 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) start += 3;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start);
  if (utf16Order(bytes) || !isUtf8(buf)) {
    const { text, notice } = decodeCsvBytes(bytes, nativeUtf8);
    return { text, value: same, original: () => bytes, ...(notice ? { notice } : {}) };
  }
  // the bytes are not held: the text is them, one per character (a 20 MB buffer less while the review runs)
  const text = buf.toString('latin1');
  const head = Uint8Array.from(bytes.subarray(0, start)); // a copy: a Buffer's slice would hold all its bytes
  return { text, value: isAscii(buf) ? same : fromUtf8Bytes, original: () => new Uint8Array(Buffer.concat([head, Buffer.from(text, 'latin1')])) };
}

const NON_ASCII = /[\u0080-\u00ff]/;
const same = (cut: string): string => cut;
const fromUtf8Bytes = (cut: string): string => (hasHighByte(cut) ? Buffer.from(cut, 'latin1').toString('utf8') : cut);

/** Whether a value holds a byte of a multi-byte character: short values (IDs, decisions) read in a loop, cheaper than a regex call (issue 12). */
function hasHighByte(cut: string): boolean {
  if (cut.length > 32) return NON_ASCII.test(cut);
  for (let i = 0; i < cut.length; i++) if (cut.charCodeAt(i) > 0x7f) return true;
  return false;
}
