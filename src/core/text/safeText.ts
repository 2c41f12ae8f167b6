/**
 * Text from CRM data is never executed. A spreadsheet treats a cell that begins with
 * `=`, `+`, `-`, `@`, tab or carriage return as a formula (OWASP CSV injection, CWE-1236),
 * so such text is written with a leading apostrophe: Sheets stores it as plain text and hides
 * the apostrophe; a CSV reader sees a literal `'` in front, which keeps the value inert.
 */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;
/** A plain number such as "-5" or "+44" cannot carry a formula; it is left as it is in CSV. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** Whether a text beginning with this character code may be a formula: = + - @ tab CR (FORMULA_TRIGGER's first characters). */
export function isFormulaTrigger(c: number): boolean {
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

export function isFormulaLike(text: string): boolean {
  // first-character test before the regex: it runs on every cell written (issue 12)
  return isFormulaTrigger(text.charCodeAt(0)) && FORMULA_TRIGGER.test(text);
}

/** For cells written to a sheet: every formula-like string is quoted (the quote is invisible there). */
export function neutraliseForSheet(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}

/** Already-quoted formula-like text: one or more apostrophes, then a trigger. */
const QUOTED_TRIGGER = /^'+[=+\-@\t\r]/;

/**
 * For CSV files: formula-like strings are quoted, plain numbers are kept so imports stay numeric.
 * Text that already begins with apostrophes before a trigger gets one more, so reading it back with
 * `restoreFromCsv` gives exactly the value written: the round trip is exact for every string.
 */
export function neutraliseForCsv(text: string): string {
  if (isFormulaLike(text)) return PLAIN_NUMBER.test(text) ? text : `'${text}`;
  return startsQuoted(text) ? `'${text}` : text;
}

/** QUOTED_TRIGGER's test, its first character checked before the regex runs (issue 12: every cell read or written). */
function startsQuoted(text: string): boolean {
  return text.charCodeAt(0) === 39 && QUOTED_TRIGGER.test(text);
}

/** The inverse of `neutraliseForCsv`, for the files this tool wrote (review.csv, the logs). */
export function restoreFromCsv(text: string): string {
  return startsQuoted(text) ? text.slice(1) : text;
}

/**
 * A cell's text with any leading apostrophes removed, for comparing what was written with what a tab
 * gives back. Whether Sheets returns the hidden text prefix "'" is not documented; comparing canonical
 * forms makes the gate's checks (Decision Log hashes, hand-edit detection) hold either way.
 */
export function canonicalCell(text: string): string {
  return text.charCodeAt(0) === 39 ? text.replace(/^'+/, '') : text;
}

/**
 * Reads back text this tool wrote to a sheet: one hidden-prefix apostrophe before a formula trigger is
 * dropped (if Sheets hands it back), so a reviewer's note such as "+1, agreed" stays the same run after run.
 */
export function restoreFromSheet(text: string): string {
  return text.charCodeAt(0) === 39 && FORMULA_TRIGGER.test(text.slice(1)) ? text.slice(1) : text;
}
