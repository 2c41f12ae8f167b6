/**
 * Apps Script entry points. Every export here becomes a top-level function of dist/Code.js (see
 * scripts/build.mjs): menu items, simple triggers, and the functions dialogs call with
 * google.script.run. Nothing at module level touches a service, because this file is evaluated on
 * every execution, including simple triggers that run without authorization.
 */
import { describeError, isUserError } from '../core/text/errors';
import { importRulesDialogHtml, rulesJsonDialogHtml, UPLOAD_DIALOG_FILE } from './html';
import { MENU_ITEMS, MENU_TITLE } from './menu';
import { chooseSourceTab as chooseSource, choosePreset as choosePresetStep, importRules, rulesJson } from './rulesAdmin';
import { uploadBegin as beginUpload, uploadChunk as chunkUpload, uploadFinish as finishUpload, type UploadTicket } from './upload';
import { acceptLog, recordEdit } from './logTabs';
import { close, exportApproved, pull, refresh, review, type StepResult } from './workbook';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** Builds the menu only: with AuthMode.NONE no other service may be touched. */
export function onOpen(_e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of MENU_ITEMS) {
    if (item.functionName === '-') menu.addSeparator();
    else menu.addItem(item.caption, item.functionName);
  }
  menu.addToUi();
}

export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as unknown as GoogleAppsScript.Events.SheetsOnOpen);
}

/** A stack without its message line: code locations help debugging; a message could quote data. */
function safeStack(error: unknown): string {
  if (error instanceof Error && error.stack) return `${error.name}\n${error.stack.split('\n').slice(1).join('\n')}`;
  return 'non-Error thrown';
}

function withLock<T>(work: () => T): T {
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(10_000)) throw new BusyError();
  try {
    return work();
  } finally {
    lock.releaseLock();
  }
}

class BusyError extends Error {
  constructor() {
    super(`${MENU_TITLE}: another step is still running in this spreadsheet. Try again in a minute.`);
  }
}

/** A menu step: runs under the document lock; success is a toast (and maybe a sidebar), failure one clear alert. */
function runStep(name: string, step: (ss: Spreadsheet, now: Date) => StepResult): void {
  try {
    const result = withLock(() => step(SpreadsheetApp.getActiveSpreadsheet(), new Date()));
    SpreadsheetApp.getActiveSpreadsheet().toast(result.message, MENU_TITLE, 10);
    if (result.sidebar) SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutput(result.sidebar.html).setTitle(result.sidebar.title));
  } catch (error) {
    if (error instanceof BusyError) {
      SpreadsheetApp.getUi().alert(error.message);
      return;
    }
    if (!isUserError(error)) console.error(`${name} failed: ${safeStack(error)}`);
    SpreadsheetApp.getUi().alert(`${MENU_TITLE}: ${name} stopped`, describeError(error), SpreadsheetApp.getUi().ButtonSet.OK);
  }
}

/** A call from a dialog: its failure handler gets one safe message. */
function serve<T>(name: string, work: () => T): T {
  try {
    return withLock(work);
  } catch (error) {
    if (error instanceof BusyError) throw new Error(error.message);
    if (!isUserError(error)) console.error(`${name} failed: ${safeStack(error)}`);
    throw new Error(describeError(error));
  }
}

function showDialog(html: string, title: string, height = 420): void {
  SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutput(html).setWidth(560).setHeight(height), title);
}

export function showUploadDialog(): void {
  // a file of its own (dist/UploadDialog.html): the page bundles the CSV parser and the boundary
  SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutputFromFile(UPLOAD_DIALOG_FILE).setWidth(560).setHeight(280), 'Upload a CRM export (CSV)');
}

export function chooseSourceTab(): void {
  runStep('Choose source tab', chooseSource);
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

export function exportApprovedAgain(): void {
  runStep('Export approved changes again', (ss, now) => exportApproved(ss, now, true));
}

/**
 * Simple trigger: a person set a Decision or Reviewer note cell; the Decision Log records it now, with
 * the editor Google reports (e.user), not later under whoever runs the next step. It never throws:
 * an edit it cannot record is recorded by the next step's sync, marked "at step".
 */
export function onEdit(e: GoogleAppsScript.Events.SheetsOnEdit): void {
  try {
    if (e?.range) recordEdit(e, new Date());
  } catch (error) {
    console.error(`onEdit failed: ${safeStack(error)}`);
  }
}

export function refreshSummary(): void {
  runStep('Refresh summary', refresh);
}

export function closeBatch(): void {
  runStep('Close batch', close);
}

/** Pins the Decision Log and the Export Log as they are after asking (a step refuses a log that lost rows; see logTabs.ts). */
export function acceptDecisionLog(): void {
  runStep('Accept the logs', (ss) => ({
    message: acceptLog(ss, (question) => {
      const ui = SpreadsheetApp.getUi();
      return ui.alert(MENU_TITLE, question, ui.ButtonSet.YES_NO) === ui.Button.YES;
    }),
  }));
}

export function choosePreset(): void {
  runStep('Choose preset', choosePresetStep);
}

export function exportRulesJson(): void {
  try {
    showDialog(rulesJsonDialogHtml(withLock(() => rulesJson(SpreadsheetApp.getActiveSpreadsheet()))), 'Rules as JSON', 520);
  } catch (error) {
    SpreadsheetApp.getUi().alert(`${MENU_TITLE}: Export rules stopped`, error instanceof BusyError ? error.message : describeError(error), SpreadsheetApp.getUi().ButtonSet.OK);
  }
}

export function showImportRulesDialog(): void {
  showDialog(importRulesDialogHtml(), 'Import rules from JSON', 520);
}

// ---- called by the dialogs through google.script.run ----

export function uploadBegin(fileName: unknown, headers: unknown, rows: unknown, idCounts?: unknown): UploadTicket {
  return serve('Upload CSV', () => beginUpload(SpreadsheetApp.getActiveSpreadsheet(), fileName, headers, rows, idCounts));
}

export function uploadChunk(id: unknown, first: unknown, parts: unknown): number {
  return serve('Upload CSV', () => chunkUpload(id, first, parts));
}

export function uploadFinish(id: unknown, parts: unknown): string {
  return serve('Upload CSV', () => finishUpload(SpreadsheetApp.getActiveSpreadsheet(), id, parts, new Date()).message);
}

export function importRulesJson(text: unknown): string {
  return serve('Import rules', () => importRules(SpreadsheetApp.getActiveSpreadsheet(), text).message);
}
