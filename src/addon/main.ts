/**
 * Apps Script entry points. Every export here becomes a top-level function of dist/Code.js (see
 * scripts/build.mjs); nothing at module level touches a service, because this file is evaluated on
 * every execution, including simple triggers that run without authorization.
 */
import { describeError, isUserError } from '../core/errors';
import { MENU_ITEMS, MENU_TITLE } from './menu';
import { exportApproved, pull, refresh, review } from './workbook';

type Step = (ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date) => string;

/** Builds the menu only: with AuthMode.NONE no other service may be touched. */
export function onOpen(_e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of MENU_ITEMS) menu.addItem(item.caption, item.functionName);
  menu.addToUi();
}

export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as unknown as GoogleAppsScript.Events.SheetsOnOpen);
}

/** Runs a step under the document lock; reports success as a toast and failure as one clear alert. */
function runStep(name: string, step: Step): void {
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(10_000)) {
    SpreadsheetApp.getUi().alert(`${MENU_TITLE}: another step is still running in this spreadsheet. Try again in a minute.`);
    return;
  }
  try {
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    const message = step(ss, new Date());
    ss.toast(message, MENU_TITLE, 10);
  } catch (error) {
    if (!isUserError(error)) console.error(`${name} failed: ${safeStack(error)}`);
    SpreadsheetApp.getUi().alert(`${MENU_TITLE}: ${name} stopped`, describeError(error), SpreadsheetApp.getUi().ButtonSet.OK);
  } finally {
    lock.releaseLock();
  }
}

/** A stack without its message line: code locations help debugging; a message could quote data. */
function safeStack(error: unknown): string {
  if (error instanceof Error && error.stack) return `${error.name}\n${error.stack.split('\n').slice(1).join('\n')}`;
  return 'non-Error thrown';
}

export function pullApprovedFields(): void {
  runStep('Pull approved fields', pull);
}

export function runReview(): void {
  runStep('Run review', review);
}

export function exportApprovedChanges(): void {
  runStep('Export approved changes', exportApproved);
}

export function refreshSummary(): void {
  runStep('Refresh summary', refresh);
}
