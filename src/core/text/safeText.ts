/**
 * Text from CRM data is never executed. A spreadsheet treats a cell that begins with
 * `=`, `+`, `-`, `@`, tab or carriage return as a formula (OWASP CSV injection, CWE-1236),
 * so such text is written with a leading apostrophe: Sheets stores it as plain text and hides
 * the apostrophe; a CSV reader sees a literal `'` in front, which keeps the value inert.
 */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;
/** A plain number such as "-5" or "+44" cannot carry a formula; it is left as it is in CSV. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function isFormulaLike(text: string): boolean {
  return FORMULA_TRIGGER.test(text);
}

/** For cells written to a sheet: every formula-like string is quoted (the quote is invisible there). */
export function neutraliseForSheet(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}

/** For CSV files: formula-like strings are quoted, plain numbers are kept so imports stay numeric. */
export function neutraliseForCsv(text: string): string {
  return isFormulaLike(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}
