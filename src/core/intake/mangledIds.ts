import { headerWords } from './boundary';
import { UserError } from '../text/errors';

/**
 * Ids a spreadsheet or Excel turned into numbers. With "Convert text to numbers, dates, and formulas"
 * on (File > Import), or a CSV saved by Excel, a long numeric id such as 50123456 or a Salesforce id
 * such as 001E000000123456 is shown as 5.01E+07 or 1.00E+15: the digits are gone and cannot be
 * recovered, so the batch is refused rather than reviewed under wrong ids.
 *
 * Scientific notation with an explicit exponent sign, as Sheets and Excel display it. A Salesforce id
 * like 001E000000123456 has no sign, so it is never mistaken for one.
 */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?E[+-]\d{1,3}$/i;

export function looksMangled(value: string): boolean {
  return SCIENTIFIC.test(value.trim());
}

/** Whether a header names an id: the record id column, or one whose last word is "id" (OwnerId, Contact ID). */
function isIdHeader(header: string, idHeader: string): boolean {
  return header.toLowerCase() === idHeader.toLowerCase() || /(^| )id$/.test(headerWords(header));
}

/**
 * Watches the id columns that cross the boundary for values in scientific notation, a record at a time
 * (the pull reads each record once). `problem` is the first one found: one line naming the column and
 * the row (never the value), with the way out.
 */
export class MangledIdWatch {
  problem: UserError | undefined;
  private readonly columns: number[];

  constructor(
    private readonly headers: readonly string[],
    idHeader: string,
    private readonly sourceName: string,
    crosses: (index: number) => boolean = () => true,
  ) {
    // only columns that cross the boundary: a dropped column's ids are never used
    this.columns = headers.flatMap((h, i) => (crosses(i) && isIdHeader(h, idHeader) ? [i] : []));
  }

  /** Record `r` (0 for the first below the header). */
  see(row: readonly string[], r: number): void {
    if (this.problem) return;
    for (const c of this.columns) {
      if (looksMangled(row[c] ?? '')) {
        this.problem = new UserError(
          `${this.sourceName}: the id column "${this.headers[c]}" holds numbers in scientific notation (first on row ${r + 2}), so its ids were changed by a spreadsheet and cannot be matched. Export the file again from the CRM, or import it with File > Import and "Convert text to numbers, dates, and formulas" turned off; do not open and save it in Excel.`,
        );
        return;
      }
    }
  }
}
