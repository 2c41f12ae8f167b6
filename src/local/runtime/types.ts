/** Shapes shared by the local runtime's services. */
export type Cell = string | number | boolean | Date;
export type Rect = { r1: number; c1: number; r2: number; c2: number };

/** Casts a local class to the Apps Script type it stands in for. */
export const gas = <T>(x: unknown): T => x as T;

export enum AuthMode { NONE = 'NONE', CUSTOM_FUNCTION = 'CUSTOM_FUNCTION', LIMITED = 'LIMITED', FULL = 'FULL' }
export enum ProtectionType { RANGE = 'RANGE', SHEET = 'SHEET' }
export enum DataValidationCriteria { VALUE_IN_LIST = 'VALUE_IN_LIST' }
export enum Button { OK = 'OK', CANCEL = 'CANCEL', YES = 'YES', NO = 'NO', CLOSE = 'CLOSE' }
export enum ButtonSet { OK = 'OK', OK_CANCEL = 'OK_CANCEL', YES_NO = 'YES_NO', YES_NO_CANCEL = 'YES_NO_CANCEL' }

export interface MenuRecord { kind: 'addon' | 'custom'; title: string; items: { caption: string; functionName: string }[] }
export interface FormulaWrite { sheet: string; row: number; column: number; text: string }

/** What a service needs from the runtime: call counting (and with it the execution clock). */
export interface RuntimeHost {
  count(name: string): void;
}

/** UTF-8 length of a string, as Google counts bytes (no Buffer: this file is also typed for the core-free runtime). */
export function utf8Bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) { n += 4; i++; }
    else n += 3;
  }
  return n;
}
