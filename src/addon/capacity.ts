/**
 * Room in the spreadsheet before a step writes. Google counts 10 million cells across all tabs
 * (https://support.google.com/drive/answer/37603), empty cells included, so a source tab plus the
 * Records it feeds can overflow although each fits alone, and Sheets would then fail mid-write. Tabs
 * are replaced whole (tabs.ts): each new tab is written beside the old one before the swap, so for a
 * moment both count. A step checks first and stops with one line, before anything is written.
 */
import { UserError } from '../core/text/errors';

export const SPREADSHEET_CELL_LIMIT = 10_000_000;
/** A new tab's grid in Sheets. */
const NEW_TAB = { rows: 1000, cols: 26 };

/** A tab about to be written beside the others, sized rows × cols as writeTab sizes it. */
export interface PlannedTab {
  rows: number;
  cols: number;
}

/** The most cells the spreadsheet holds while `tabs` are added next to `now` cells (rows grow before columns). */
export function peakCells(now: number, tabs: readonly PlannedTab[]): number {
  let running = now;
  let peak = now;
  for (const tab of tabs) {
    running += NEW_TAB.rows * NEW_TAB.cols; // insertSheet
    peak = Math.max(peak, running);
    running += (tab.rows - NEW_TAB.rows) * NEW_TAB.cols; // rows first, with the new tab's 26 columns
    peak = Math.max(peak, running);
    running += tab.rows * (tab.cols - NEW_TAB.cols); // then columns
    peak = Math.max(peak, running);
  }
  return peak;
}

export function ensureRoom(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, tabs: readonly PlannedTab[]): void {
  let now = 0;
  for (const sheet of ss.getSheets()) now += sheet.getMaxRows() * sheet.getMaxColumns();
  const peak = peakCells(now, tabs);
  if (peak > SPREADSHEET_CELL_LIMIT) {
    throw new UserError(
      `This step would need ${peak.toLocaleString('en-US')} cells, more than the ${SPREADSHEET_CELL_LIMIT.toLocaleString('en-US')} a Google spreadsheet holds across all its tabs (${now.toLocaleString('en-US')} now; new tabs are written beside the old ones before they replace them). Delete tabs you no longer need (old exports), or split the export. Nothing was changed.`,
    );
  }
}
