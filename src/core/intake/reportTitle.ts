/**
 * A report saved with its title block above the column names (Salesforce's formatted or printable
 * report, re-saved as CSV or imported into a sheet): the report's name and its filters, one value a row,
 * then the header. Read as it is, the title is taken for the header and the file refused as ragged, which
 * names the wrong cause. It is refused by what it is, naming the header's row. It is not cut away: the
 * rows of every later message would no longer be the rows the user sees.
 */

import { UserError } from '../text/errors';
import { type CellValue, cellToText } from '../text/cells';
import { type Delimiter, parseCsvRows } from './csv';

/** The most rows a title block has (a name, a few filter lines, blank rows). */
const MAX_ROWS = 10;
/** The fewest values of a header below a title block. */
const HEADER_VALUES = 3;

/** Refuses a grid whose first rows are a report's title block: rows of one value or none, then the header. */
export function refuseGridTitleBlock(grid: readonly (readonly CellValue[])[], sourceName: string): void {
  let titled = false;
  for (let r = 0; r <= MAX_ROWS && r < grid.length; r++) {
    let filled = 0;
    for (const v of grid[r]!) if (cellToText(v).trim() !== '') filled++;
    if (filled === 0) {
      if (r === 0) return; // a first row blank is refused as such by the reader
      continue;
    }
    if (filled === 1) {
      titled = true;
      continue;
    }
    // the first row of several values: the header, below a title or not
    if (titled && filled >= HEADER_VALUES) {
      const rows = r === 1 ? 'a row of one value' : `${r} rows of one value or none`;
      throw new UserError(
        `${sourceName}: the column names are on row ${r + 1}, below ${rows}: a report's title and filters, it seems. Delete the row${r === 1 ? '' : 's'} above the column names (or export the report with Details Only) and run again.`,
      );
    }
    return;
  }
}

/**
 * The same for CSV text, read from its first rows only (before the whole text is parsed, whose header
 * would be the title's one value). Text the parser refuses there is left to the parse to refuse.
 */
export function refuseTextTitleBlock(text: string, delimiter: Delimiter, sourceName: string): void {
  const head: string[][] = [];
  const enough = new Error('enough rows');
  try {
    // (the parser's row list is reused: each row copied)
    parseCsvRows(text, { delimiter }, (fields, width) => {
      head.push(fields.slice(0, width));
      if (head.length > MAX_ROWS) throw enough;
    });
  } catch (error) {
    if (error !== enough) return;
  }
  refuseGridTitleBlock(head, sourceName);
}
