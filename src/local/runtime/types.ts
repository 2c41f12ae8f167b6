/** Shapes shared by the local runtime's services. */
export type Cell = string | number | boolean | Date;
export type Rect = { r1: number; c1: number; r2: number; c2: number };

/** Casts a local class to the Apps Script type it stands in for. */
export const gas = <T>(x: unknown): T => x as T;

export enum AuthMode {
  NONE = 'NONE',
  CUSTOM_FUNCTION = 'CUSTOM_FUNCTION',
  LIMITED = 'LIMITED',
  FULL = 'FULL',
}
export enum ProtectionType {
  RANGE = 'RANGE',
  SHEET = 'SHEET',
}
export enum DataValidationCriteria {
  VALUE_IN_LIST = 'VALUE_IN_LIST',
}
export enum Button {
  OK = 'OK',
  CANCEL = 'CANCEL',
  YES = 'YES',
  NO = 'NO',
  CLOSE = 'CLOSE',
}
export enum ButtonSet {
  OK = 'OK',
  OK_CANCEL = 'OK_CANCEL',
  YES_NO = 'YES_NO',
  YES_NO_CANCEL = 'YES_NO_CANCEL',
}

export interface MenuRecord {
  kind: 'addon' | 'custom';
  title: string;
  items: { caption: string; functionName: string }[];
}
export interface FormulaWrite {
  sheet: string;
  row: number;
  column: number;
  text: string;
}

/** What a service needs from the runtime: call counting (and with it the execution clock). */
export interface RuntimeHost {
  count(name: string): void;
}

/** UTF-8 length of a string, as Google counts cache and property sizes (the core's count, also used by the upload). */
export { utf8Length as utf8Bytes } from '../../core/text/encoding';
