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
