/**
 * An in-memory Apps Script: the part of SpreadsheetApp, Ui, LockService, PropertiesService,
 * CacheService, Session, ScriptApp and HtmlService the add-on uses, typed against
 * @types/google-apps-script, one file per service. It is how tests, `npm start` and the benchmarks
 * run the real bundle; it is never shipped in dist/Code.js.
 *
 * It keeps Sheets' semantics where they matter to the add-on:
 * - setValues throws on a size mismatch, and a range outside the grid throws;
 * - a string beginning with "=" (or "+", "-", "@" followed by non-numeric text) written to a cell
 *   becomes a formula, recorded in `formulaWrites` so a test can catch injection; a leading "'"
 *   stores the rest as plain text (in a plain-text cell, `apostrophe: 'literal'` keeps it instead);
 * - numeric text written to a cell that is not plain-text formatted becomes a number (leading zeros lost);
 * - numbers, booleans and Dates round-trip; list validations and protections can be read back;
 * - every service call is counted in `calls`, so a test can assert a fixed number of calls per run.
 *
 * And Google's limits (limits.ts, each with its source): cache keys, values, item cap, expiry and
 * eviction; property values and stores in bytes; 10 million cells per spreadsheet; 50,000 characters
 * per cell; 6 minutes per execution and 30 seconds per simple trigger, on an injectable clock.
 */
import { LocalCache } from './cache';
import { htmlFile, LocalHtmlOutput } from './html';
import { join } from 'node:path';
import { type Clock, EXECUTION_MS, SIMPLE_TRIGGER_MS, SIMPLE_TRIGGERS, SimulatedClock, systemClock } from './limits';
import { LocalLock } from './lock';
import { LocalProperties } from './properties';
import { localSession } from './session';
import { type ApostropheMode, ChartType, LocalConditionalFormatRuleBuilder, LocalDataValidationBuilder, LocalRange, LocalSpreadsheet } from './spreadsheet';
import { AuthMode, type Button, DataValidationCriteria, type FormulaWrite, gas, type MenuRecord, ProtectionType } from './types';
import { formatDateInZone } from './utilities';
import { LocalUi } from './ui';

export * from './cache';
export * from './html';
export * from './limits';
export * from './lock';
export * from './properties';
export * from './spreadsheet';
export * from './types';
export * from './ui';
export { localSession } from './session';
export { formatDateInZone } from './utilities';

/** @deprecated names kept for existing imports: the limits now live in limits.ts. */
export { PROPERTY_VALUE_BYTES as PROPERTY_VALUE_LIMIT, CACHE_VALUE_BYTES as CACHE_VALUE_LIMIT } from './limits';

export interface RuntimeOptions {
  name?: string;
  /** Defaults to CRG_APOSTROPHE from the environment, else 'marker'. */
  apostrophe?: ApostropheMode;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** Where HtmlService.createHtmlOutputFromFile finds NAME.html: the pushed folder, dist/. */
  htmlDir?: string;
  /**
   * What a Sheet object of a deleted tab does (Google does not document it): 'readable' (default) goes
   * on reading the tab as it was; 'throw' fails every call, as a removed object might. Tests run both.
   */
  deletedSheets?: 'readable' | 'throw';
}

/** The execution under way: which function, since when, and its limit. */
export interface Execution {
  name: string;
  startedAt: number;
  limitMs: number;
}

function defaultApostrophe(): ApostropheMode {
  const v = typeof process !== 'undefined' ? process.env.CRG_APOSTROPHE : undefined;
  if (v === undefined || v === '' || v === 'marker') return 'marker';
  if (v === 'literal') return 'literal';
  throw new Error(`CRG_APOSTROPHE must be "marker" or "literal", not "${v}"`);
}

export class LocalRuntime {
  readonly calls = new Map<string, number>();
  readonly clock: Clock;
  readonly apostrophe: ApostropheMode;
  readonly deletedSheets: 'readable' | 'throw';
  readonly spreadsheet: LocalSpreadsheet;
  readonly documentProperties = new LocalProperties(this, 'document');
  readonly userProperties = new LocalProperties(this, 'user');
  readonly userCache: LocalCache;
  readonly menus: MenuRecord[] = [];
  readonly alerts: string[] = [];
  readonly prompts: string[] = [];
  readonly toasts: string[] = [];
  readonly dialogs: { kind: 'sidebar' | 'modal'; title: string; html: string }[] = [];
  readonly logs: string[] = [];
  readonly formulaWrites: FormulaWrite[] = [];
  activeUserEmail = 'founder@example.com';
  /** Simulates another execution holding the document lock. */
  lockHeldElsewhere = false;
  lockHeld = false;
  /** The answer the next ui.prompt / ui.alert-with-buttons returns. */
  promptResponses: { button: Button; text?: string }[] = [];
  execution: Execution | undefined;
  readonly htmlDir: string;

  constructor(nameOrOptions: string | RuntimeOptions = {}) {
    const options = typeof nameOrOptions === 'string' ? { name: nameOrOptions } : nameOrOptions;
    this.clock = options.clock ?? systemClock;
    this.apostrophe = options.apostrophe ?? defaultApostrophe();
    this.deletedSheets = options.deletedSheets ?? 'readable';
    this.userCache = new LocalCache(this, this.clock);
    this.htmlDir = options.htmlDir ?? join(process.cwd(), 'dist');
    this.spreadsheet = new LocalSpreadsheet(this, options.name ?? 'CRM Review Gate workbook');
  }

  /**
   * Failure injection: when set, the service call with this number (1-based, counted from when it was
   * set) throws, as a quota error, a timeout or a lost connection would. Tests use it to prove that
   * an interruption at any call loses nothing.
   */
  failAtCall: number | undefined;
  private callsSinceFailSet = 0;
  /** The spreadsheet's time zone (File > Settings), as getSpreadsheetTimeZone() returns it. */
  timeZone = 'Etc/UTC';

  /** An execution ended: Apps Script releases the locks it held, even if it failed before releasing them. */
  endExecution(): void {
    this.lockHeld = false;
  }

  failAt(call: number | undefined): void {
    this.failAtCall = call;
    this.callsSinceFailSet = 0;
  }

  /**
   * The event object of a simple onEdit trigger for one cell set by a person (documented fields:
   * range, value, oldValue, source, user, authMode). `user` is filled only when `editorEmail` is given,
   * as Google fills it only where its security rules allow.
   */
  editEvent(sheetName: string, row: number, column: number, value: string, editorEmail?: string): Record<string, unknown> {
    const sheet = this.spreadsheet.sheet(sheetName);
    if (!sheet) throw new Error(`no tab ${sheetName}`);
    const old = sheet.values()[row - 1]?.[column - 1];
    sheet.store(row, column, value);
    return {
      authMode: AuthMode.LIMITED,
      range: gas(new LocalRange(this, sheet, { r1: row, c1: column, r2: row, c2: column })),
      source: this.spreadsheet,
      value,
      ...(old === undefined || old === '' ? {} : { oldValue: String(old) }),
      user: { getEmail: () => editorEmail ?? '' },
    };
  }

  /**
   * What a person does while an execution runs (a decision typed while a step holds the lock): `work`
   * runs at the service call with this number (1-based, counted from when it was set), before that call
   * takes effect. Its own service calls count as usual.
   */
  duringCall(call: number | undefined, work?: () => void): void {
    this.duringAt = call;
    this.duringWork = work;
    this.callsSinceDuringSet = 0;
  }
  private duringAt: number | undefined;
  private duringWork: (() => void) | undefined;
  private callsSinceDuringSet = 0;

  /** Counts a service call; fails it where a test injected a failure, or past the execution's time limit. */
  count(name: string): void {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    if (this.duringAt !== undefined && ++this.callsSinceDuringSet === this.duringAt) {
      const work = this.duringWork;
      this.duringAt = this.duringWork = undefined;
      work?.();
    }
    if (this.failAtCall !== undefined && ++this.callsSinceFailSet === this.failAtCall) {
      this.failAtCall = undefined;
      throw new Error(`Injected failure at ${name} (service call ${this.callsSinceFailSet})`);
    }
    const ex = this.execution;
    if (!ex) return;
    if (this.clock instanceof SimulatedClock && this.clock.msPerCall) this.clock.advance(this.clock.msPerCall);
    if (this.clock.now() - ex.startedAt > ex.limitMs) {
      throw new Error(ex.limitMs === SIMPLE_TRIGGER_MS ? `Exceeded maximum execution time (simple trigger ${ex.name}: 30 seconds)` : 'Exceeded maximum execution time');
    }
  }

  /** Runs `work` as one Apps Script execution of `name`: 30 s for a simple trigger, else 6 minutes. */
  execute<T>(name: string, work: () => T): T {
    const outer = this.execution;
    this.execution = { name, startedAt: this.clock.now(), limitMs: SIMPLE_TRIGGERS.has(name) ? SIMPLE_TRIGGER_MS : EXECUTION_MS };
    try {
      return work();
    } finally {
      this.execution = outer;
      // an execution that ends releases its locks, even one that failed before releasing them
      if (!outer) this.endExecution();
    }
  }

  totalCalls(): number {
    let n = 0;
    for (const v of this.calls.values()) n += v;
    return n;
  }

  resetCalls(): void {
    this.calls.clear();
  }

  /** The Apps Script globals, to install on globalThis or a vm context. */
  globals(): Record<string, unknown> {
    const ui = new LocalUi(this);
    const capture =
      (level: string) =>
      (...args: unknown[]): void => {
        this.logs.push(`${level}: ${args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}\n${a.stack ?? ''}` : String(a))).join(' ')}`);
      };
    return {
      SpreadsheetApp: {
        getActiveSpreadsheet: () => (this.count('SpreadsheetApp.getActiveSpreadsheet'), this.spreadsheet),
        getActive: () => (this.count('SpreadsheetApp.getActive'), this.spreadsheet),
        getUi: () => (this.count('SpreadsheetApp.getUi'), ui),
        newDataValidation: () => (this.count('SpreadsheetApp.newDataValidation'), new LocalDataValidationBuilder()),
        newConditionalFormatRule: () => (this.count('SpreadsheetApp.newConditionalFormatRule'), new LocalConditionalFormatRuleBuilder()),
        flush: () => this.count('SpreadsheetApp.flush'),
        ProtectionType,
        DataValidationCriteria,
      },
      Charts: { ChartType },
      LockService: {
        getDocumentLock: () => (this.count('LockService.getDocumentLock'), new LocalLock(this)),
        getScriptLock: () => (this.count('LockService.getScriptLock'), new LocalLock(this)),
      },
      PropertiesService: {
        getDocumentProperties: () => (this.count('PropertiesService.getDocumentProperties'), this.documentProperties),
        getUserProperties: () => (this.count('PropertiesService.getUserProperties'), this.userProperties),
      },
      Session: localSession(this),
      Utilities: {
        formatDate: (date: Date, timeZone: string, pattern: string) => (this.count('Utilities.formatDate'), formatDateInZone(date, timeZone, pattern)),
      },
      ScriptApp: { AuthMode },
      CacheService: {
        getUserCache: () => (this.count('CacheService.getUserCache'), this.userCache),
      },
      HtmlService: {
        createHtmlOutput: (html = '') => (this.count('HtmlService.createHtmlOutput'), new LocalHtmlOutput(String(html))),
        createHtmlOutputFromFile: (name: string) => (this.count('HtmlService.createHtmlOutputFromFile'), htmlFile(this.htmlDir, name)),
      },
      console: { log: capture('log'), info: capture('info'), warn: capture('warn'), error: capture('error') },
      Logger: { log: capture('Logger') },
    };
  }

  /** Puts the services on globalThis (for tests that import src/addon directly). Returns an undo. */
  install(target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): () => void {
    const g = this.globals();
    const before = new Map(Object.keys(g).map((k) => [k, target[k]]));
    for (const [k, v] of Object.entries(g)) if (k !== 'console') target[k] = v;
    return () => {
      for (const [k, v] of before) if (k !== 'console') target[k] = v;
    };
  }
}
