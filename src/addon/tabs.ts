/**
 * All-or-nothing tab replacement. A step never rewrites a tab in place (an interruption would leave it
 * empty or half-written). It writes each new tab beside the old one as a hidden "<name> ~new" tab; when
 * every new tab is complete it records the commit in document properties, then swaps: deletes the old
 * tab, renames and shows the new one. The commit record is removed last.
 *
 * Interrupted before the commit record: the old tabs are untouched; the next step deletes the leftover
 * "~new" tabs. Interrupted after it: the next step finishes the swap. Either way a person sees each tab
 * in its old version or its new one, never empty or partial.
 */
import { ensureRoom } from './capacity';
import { props } from './properties';
import { writeTab, type WriteOptions } from './sheets';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const NEW_SUFFIX = ' ~new';
const PROP_COMMIT = 'crg.commit';

export interface TabWrite {
  name: string;
  grid: readonly (readonly (string | number | boolean)[])[];
  options?: WriteOptions;
  /** Formatting, validation, protection: applied to the new tab before the swap. */
  decorate?: (sheet: Sheet) => void;
  /**
   * Called once every new tab is written, just before the commit is recorded: what a person typed into
   * the old tab while the step ran (the Review's decisions) goes into the new one. What it does is done
   * before the point of no return: if it or anything up to the commit fails, the old tabs stay.
   */
  beforeCommit?: (old: Sheet, fresh: Sheet) => void;
}

/**
 * What a tab that stayed in view after an interrupted step (its new version waiting to be swapped in)
 * may hold that the new version lacks: a person's edits made meanwhile, carried over before the swap.
 */
export type Carry = (old: Sheet, fresh: Sheet) => void;
const carries = new Map<string, Carry>();

/** Registers the carry-over for a tab (the Review: decisions made after an interrupted step). */
export function carryOnRecovery(name: string, carry: Carry): void {
  carries.set(name, carry);
}

/** Finishes or discards what an interrupted step left. Returns what it did, for the step's message. */
export function recoverTabs(ss: Spreadsheet): string | undefined {
  const pending = props().getProperty(PROP_COMMIT);
  if (pending) {
    const names = JSON.parse(pending) as string[];
    swap(ss, names, ss.getActiveSheet()?.getName(), true);
    props().deleteProperty(PROP_COMMIT);
    return `finished an interrupted step (${names.join(', ')})`;
  }
  const leftovers = ss.getSheets().filter((s) => s.getName().endsWith(NEW_SUFFIX));
  for (const s of leftovers) ss.deleteSheet(s);
  return leftovers.length ? 'removed the unfinished tabs of an interrupted step' : undefined;
}

function swap(ss: Spreadsheet, names: readonly string[], active = ss.getActiveSheet()?.getName(), recovering = false): void {
  let activate: Sheet | undefined;
  for (const name of names) {
    const fresh = ss.getSheetByName(name + NEW_SUFFIX);
    if (!fresh) continue; // already swapped before the interruption
    fresh.showSheet();
    const old = ss.getSheetByName(name);
    // the old tab stayed in view since the interruption: what a person did in it is not lost
    if (recovering && old) carries.get(name)?.(old, fresh);
    if (old) ss.deleteSheet(old);
    fresh.setName(name);
    if (name === active) activate = fresh;
  }
  if (activate) ss.setActiveSheet(activate);
  else if (active && !names.includes(active)) {
    // inserting a tab activates it; give the person back the tab they were on
    const back = ss.getSheetByName(active);
    if (back) ss.setActiveSheet(back);
  }
}

/**
 * Replaces every tab in `writes` as one unit (see the file comment). `state` (document properties the
 * new tabs go with, such as the batch) is set in the same call as the commit record, so tabs and state
 * change together.
 */
export function replaceTabs(ss: Spreadsheet, writes: readonly TabWrite[], state: Record<string, string> = {}): void {
  if (writes.length === 0) {
    if (Object.keys(state).length) props().setProperties(state);
    return;
  }
  // an entry point that did not start with recovery (an upload, a Rules import) must not trip over
  // what an interrupted step left: finish or discard it first
  recoverTabs(ss);
  // the new tabs sit beside the old ones until the swap: both must fit the 10-million-cell limit
  ensureRoom(
    ss,
    writes.map((w) => ({ rows: Math.max(w.grid.length, 1) + 1, cols: Math.max(...w.grid.map((r) => r.length), 1) })),
  );
  const active = ss.getActiveSheet()?.getName();
  const sheets = ss.getSheets();
  const position = new Map(sheets.map((s, i) => [s.getName(), i]));
  for (const w of writes) {
    const at = position.get(w.name);
    const sheet = ss.insertSheet(w.name + NEW_SUFFIX, at ?? ss.getSheets().length);
    try {
      sheet.hideSheet(); // cosmetic: out of sight until it is swapped in
    } catch {
      // the spreadsheet has no other visible tab (an upload into an empty file); it stays visible
    }
    writeTab(sheet, w.grid, w.options);
    w.decorate?.(sheet);
  }
  // the last reads of the old tabs, as late as can be while an interruption still leaves them in place
  for (const w of writes) {
    const old = w.beforeCommit && ss.getSheetByName(w.name);
    const fresh = old && ss.getSheetByName(w.name + NEW_SUFFIX);
    if (old && fresh) w.beforeCommit!(old, fresh);
  }
  props().setProperties({ ...state, [PROP_COMMIT]: JSON.stringify(writes.map((w) => w.name)) });
  swap(
    ss,
    writes.map((w) => w.name),
    active,
  );
  props().deleteProperty(PROP_COMMIT);
}
