/**
 * Step 4, the approval gate: joins the decisions people made onto the proposals recomputed from the
 * snapshot and the Rules. The add-on and the CLI both go through here, so they agree on every rule:
 *
 * - Only Decision and Reviewer note are input. Every other cell is recomputed; a row whose
 *   decision-bearing cells (Record ID, Check, Field, Current value, Proposed value, Evidence ID) differ
 *   from the recomputation is refused: its decision does not count and it is named.
 * - A decision stands while the facts it was made on (the Evidence ID) are unchanged; otherwise the
 *   row goes back to Pending, says why, and the reset is logged.
 * - Every decision found on the Review (tab or review.csv) that the log does not hold yet is logged,
 *   before anything is rewritten. The log alone restores every decision when the Review is missing
 *   or damaged.
 */
import { canonicalCell } from '../text/safeText';
import { type Decision, DECISION_BEARING, type DecisionBearingColumn, evidenceIdFor, isApprovable, type ReviewRow, type SheetReviewRow } from '../review/rows';
import { type LogEntry, latestEntries, RECORDED, type Recorded } from './log';

export const GATE_REVIEWER = 'CRM Review Gate';

export interface ReconcileContext {
  batchId: string;
  loggedAt: string;
  /** Who ran the step (for decisions the edit trigger did not see). */
  reviewer: string;
}

/** A Review row whose machine-written cells were edited: named, never exported. */
export interface RefusedRow {
  issueId: string;
  /** Row number on the Review tab or in review.csv. */
  row: number;
  decision: Decision;
  columns: DecisionBearingColumn[];
}

export interface Reconciled {
  /** The new Review: recomputed proposals with the decisions that still stand. */
  rows: ReviewRow[];
  /** Log entries to append, in order: people's decisions first, then the gate's resets. */
  entries: LogEntry[];
  refused: RefusedRow[];
  /** Decisions restored from the log because the Review had no row for them. */
  restored: number;
  /** Decisions sent back to Pending because their facts changed. */
  reset: number;
  /** Decisions the log holds for rows missing from the Review, not restored because the log does not check out. */
  withheld: number;
}

function bearingValue(row: ReviewRow, column: DecisionBearingColumn): string {
  switch (column) {
    case 'Record ID':
      return row.recordId;
    case 'Check':
      return row.check;
    case 'Field':
      return row.field;
    case 'Current value':
      return row.currentValue;
    case 'Proposed value':
      return row.proposedValue;
    case 'Evidence ID':
      return row.evidenceId;
  }
}

/** Decision-bearing columns of a sheet row that differ from the recomputed row (empty: it matches). */
export function editedColumns(sheet: SheetReviewRow, fresh: ReviewRow): DecisionBearingColumn[] {
  const out: DecisionBearingColumn[] = [];
  for (const column of DECISION_BEARING) {
    if (column === 'Evidence ID' && !sheet.hasEvidenceId) continue;
    if (canonicalCell(sheet.cells[column]) !== canonicalCell(bearingValue(fresh, column))) out.push(column);
  }
  return out;
}

/**
 * Tells a hand edit from facts that changed since the row was written. A row written by the gate is
 * self-consistent: its Evidence ID is the hash of its own cells. If the Evidence ID still matches the
 * recomputation, the facts did not change, so any other difference was typed; if the row no longer
 * hashes to its own Evidence ID, a cell was typed over. Otherwise the row is simply from older facts.
 */
function isHandEdit(s: SheetReviewRow, fresh: ReviewRow, edited: readonly DecisionBearingColumn[]): boolean {
  if (!edited.includes('Evidence ID')) return true;
  if (!s.hasEvidenceId || fresh.basis) return false; // a basis beyond the cells cannot be re-derived from them
  const own = evidenceIdFor({
    recordId: canonicalCell(s.cells['Record ID']),
    check: canonicalCell(s.cells.Check) as ReviewRow['check'],
    field: canonicalCell(s.cells.Field),
    currentValue: canonicalCell(s.cells['Current value']),
    proposedValue: canonicalCell(s.cells['Proposed value']),
  });
  return own !== canonicalCell(s.cells['Evidence ID']);
}

type LoggedFacts = { issueId: string; recordId: string; check: string; field: string; currentValue: string; proposedValue: string; evidenceId: string };

function entryFor(row: LoggedFacts, decision: Decision, previous: Decision, note: string, qa: string, reviewer: string, recorded: Recorded, ctx: ReconcileContext): LogEntry {
  return {
    loggedAt: ctx.loggedAt,
    batchId: ctx.batchId,
    issueId: row.issueId,
    recordId: row.recordId,
    check: row.check,
    field: row.field,
    currentValue: row.currentValue,
    proposedValue: row.proposedValue,
    decision,
    previousDecision: previous,
    reviewer,
    reviewerNote: note,
    qa,
    evidenceId: row.evidenceId,
    recorded,
  };
}

/** The facts of a Review row as found, for a log entry when neither the recomputation nor the log has them. */
function factsAsFound(s: SheetReviewRow): LoggedFacts {
  const c = s.cells;
  return {
    issueId: s.issueId,
    recordId: c['Record ID'],
    check: c.Check,
    field: c.Field,
    currentValue: c['Current value'],
    proposedValue: c['Proposed value'],
    evidenceId: c['Evidence ID'],
  };
}

/** Why a row whose decision-bearing cells differ from the recomputation goes back to Pending. */
function whyBack(byHand: boolean, edited: readonly DecisionBearingColumn[]): string {
  return byHand ? `cells edited by hand (${edited.join(', ')})` : 'the values behind it changed';
}

/**
 * A row sent back to Pending: the decision it had goes into its note as "[Was …]", and, when there was
 * one, the gate's reset entry to log.
 */
function sentBack(row: ReviewRow, was: Decision, note: string, why: string, ctx: ReconcileContext): { row: ReviewRow; entry?: LogEntry } {
  if (was === 'Pending') return { row: { ...row, decision: 'Pending', reviewerNote: note } };
  const reviewerNote = wasNote(note, was, why);
  return {
    row: { ...row, decision: 'Pending', reviewerNote },
    entry: entryFor(row, 'Pending', was, reviewerNote, `reset: ${why}`, GATE_REVIEWER, RECORDED.byGate, ctx),
  };
}

function wasNote(note: string, was: Decision, why: string): string {
  const mark = `[Was ${was}; ${why}, so decide again.]`;
  return note.includes(mark) ? note : `${note ? `${note} ` : ''}${mark}`;
}

export function reconcile(
  fresh: readonly ReviewRow[],
  sheet: readonly SheetReviewRow[] | undefined,
  logged: readonly LogEntry[],
  ctx: ReconcileContext,
  /** Issues whose log holds a row that does not check out (ParsedLog.doubtful): never restored from it; 'all' when the log may have lost rows (ParsedLog.cutAt). */
  noRestore: ReadonlySet<string> | 'all' = new Set(),
): Reconciled {
  const last = latestEntries(logged);
  const sheetById = new Map<string, SheetReviewRow>();
  for (const s of sheet ?? []) if (!sheetById.has(s.issueId)) sheetById.set(s.issueId, s);
  // only rows of the Review look their proposal up here: no map of every proposal on a first review (issue 12)
  const freshById = new Map(sheetById.size ? fresh.map((r) => [r.issueId, r]) : []);
  const entries: LogEntry[] = [];
  const refused: RefusedRow[] = [];

  // 1. Log what people decided on the Review that the log does not hold yet (the backstop for edits
  //    the edit trigger could not see, and the CLI's only way in). Nothing is lost, even for rows
  //    whose proposal has gone.
  for (const s of sheetById.values()) {
    const before = last.get(s.issueId);
    const previous = before?.decision ?? 'Pending';
    const previousNote = before?.reviewerNote ?? '';
    if (s.decision === previous && s.reviewerNote === previousNote) continue;
    const f = freshById.get(s.issueId);
    const edited = f ? editedColumns(s, f) : [];
    // values come from the recomputation (or the log): a hand-typed cell never reaches the log
    const basis = f ?? before ?? factsAsFound(s);
    const qa = !f ? 'proposal no longer in the review' : edited.length ? `refused: ${whyBack(true, edited)}` : isApprovable(f) ? 'Approvable' : f.qa;
    const entry = entryFor(basis, s.decision, previous, s.reviewerNote, qa, ctx.reviewer, RECORDED.atStep, ctx);
    entries.push(entry);
    last.set(s.issueId, entry);
  }

  // 2. The new Review: each recomputed proposal takes the decision that still stands.
  let restored = 0;
  let reset = 0;
  let withheld = 0;
  const rows = fresh.map((f): ReviewRow => {
    const s = sheetById.get(f.issueId);
    const before = last.get(f.issueId);
    if (s) {
      const edited = editedColumns(s, f);
      // a Review without its Evidence ID column (a file written before it): the facts the decision was
      // logged on are the log's, and a decision logged on other facts goes back as it would with the column
      if (edited.length === 0 && !s.hasEvidenceId && s.decision !== 'Pending' && before?.evidenceId && before.evidenceId !== f.evidenceId) {
        return goBack(f, s.decision, s.reviewerNote, whyBack(false, []));
      }
      if (edited.length === 0) return decided(f, s.decision, s.reviewerNote);
      const byHand = isHandEdit(s, f, edited);
      if (byHand && s.decision !== 'Pending') refused.push({ issueId: f.issueId, row: s.row, decision: s.decision, columns: edited });
      return goBack(f, s.decision, s.reviewerNote, whyBack(byHand, edited));
    }
    if (!before) return f;
    if (noRestore === 'all' || noRestore.has(f.issueId)) {
      // said on the row and logged by the gate, as a reset is: the next step finds Pending, not a change to log
      if (before.decision === 'Pending') return f;
      withheld++;
      const { row, entry } = sentBack(f, before.decision, before.reviewerNote, 'the Decision Log did not check out to restore it', ctx);
      if (entry) {
        entries.push(entry);
        last.set(row.issueId, entry);
      }
      return row;
    }
    if (before.decision !== 'Pending' && before.evidenceId === f.evidenceId) {
      restored++;
      return decided(f, before.decision, before.reviewerNote);
    }
    return goBack(f, before.decision, before.reviewerNote, whyBack(false, []));
  });

  /**
   * The proposal with the decision that stands. Unchanged, it is the recomputed row itself (issue 12:
   * a first review or a re-run with few decisions made no copy of each of its 40,000 proposals).
   */
  function decided(f: ReviewRow, decision: Decision, note: string): ReviewRow {
    return f.decision === decision && f.reviewerNote === note ? f : { ...f, decision, reviewerNote: note };
  }

  function goBack(f: ReviewRow, was: Decision, note: string, why: string): ReviewRow {
    const { row, entry } = sentBack(f, was, note, why, ctx);
    if (entry) {
      reset++;
      entries.push(entry);
      last.set(row.issueId, entry);
    }
    return row;
  }

  return { rows, entries, refused, restored, reset, withheld };
}

export interface MidStepCarry {
  /** The step's rows, with what was typed while it ran. */
  rows: ReviewRow[];
  /** Entries to log, as reconcile logs what it finds on a Review: the typed change "at step", then any reset "by the gate". */
  entries: LogEntry[];
  /** Typed on rows the step kept as they were: they stand. */
  carried: number;
  /** Typed on rows whose facts the step changed (or whose cells were edited by hand): logged, then sent back to Pending. */
  reset: number;
  /** Typed on proposals the step no longer makes: logged (so an older decision is never restored in their place). */
  gone: number;
}

/**
 * Decisions and notes a person typed into the Review while a step ran: the edit trigger cannot take the
 * lock the step holds, and the step's new Review was built from what it read at its start. Read again
 * just before the commit, a cell that differs from the step's own read was typed meanwhile. It is handled
 * as the step would have handled it had it been there at the start (reconcile): on a row the step kept
 * as it was, it stands; on a row whose facts changed, it is logged and sent back to Pending; on a
 * proposal that has gone, it is logged. Comparing with the step's read, not with the new rows, keeps
 * what the step did on purpose from being undone. `stepEntries`: what the step itself logged.
 */
export function carryMidStepEdits(
  stepRead: readonly SheetReviewRow[],
  /** The old Review read again before the commit: its rows typed on meanwhile (their decision-bearing cells too: one may have been typed over). */
  now: readonly SheetReviewRow[],
  rows: readonly ReviewRow[],
  ctx: ReconcileContext,
  stepEntries: readonly LogEntry[] = [],
): MidStepCarry {
  const read = new Map<string, SheetReviewRow>();
  for (const s of stepRead) if (!read.has(s.issueId)) read.set(s.issueId, s);
  const typed = new Map<string, SheetReviewRow>();
  for (const n of now) {
    const s = read.get(n.issueId);
    if (!s || typed.has(n.issueId)) continue;
    if (n.decision !== s.decision || n.reviewerNote !== s.reviewerNote) typed.set(n.issueId, n);
  }
  const out: MidStepCarry = { rows: [...rows], entries: [], carried: 0, reset: 0, gone: 0 };
  if (typed.size === 0) return out;
  const latest = latestEntries(stepEntries);
  const at = new Map(rows.map((r, k) => [r.issueId, k]));
  for (const [id, n] of typed) {
    const s = read.get(id)!;
    const previous = latest.get(id)?.decision ?? s.decision;
    const k = at.get(id);
    if (k === undefined) {
      out.entries.push(entryFor(factsAsFound(s), n.decision, previous, n.reviewerNote, 'proposal no longer in the review', ctx.reviewer, RECORDED.atStep, ctx));
      out.gone++;
      continue;
    }
    const f = rows[k]!;
    // against the cells as the person saw them when typing: the step may have changed the facts, or
    // the person may have typed over a machine cell meanwhile (refused, as a step refuses it)
    const edited = editedColumns(n, f);
    if (edited.length === 0) {
      out.entries.push(entryFor(f, n.decision, previous, n.reviewerNote, isApprovable(f) ? 'Approvable' : f.qa, ctx.reviewer, RECORDED.atStep, ctx));
      out.rows[k] = { ...f, decision: n.decision, reviewerNote: n.reviewerNote };
      out.carried++;
      continue;
    }
    const byHand = isHandEdit(n, f, edited);
    const why = whyBack(byHand, edited);
    const qa = byHand ? `refused: ${why}` : isApprovable(f) ? 'Approvable' : f.qa;
    out.entries.push(entryFor(f, n.decision, previous, n.reviewerNote, qa, ctx.reviewer, RECORDED.atStep, ctx));
    const back = sentBack(f, n.decision, n.reviewerNote, why, ctx);
    if (back.entry) out.entries.push(back.entry);
    out.rows[k] = back.row;
    out.reset++;
  }
  return out;
}

export function describeRefused(refused: readonly RefusedRow[], where: string): string {
  if (refused.length === 0) return '';
  const named = refused
    .slice(0, 5)
    .map((r) => `row ${r.row} (${r.issueId}: ${r.columns.join(', ')})`)
    .join('; ');
  return `${refused.length} decided row${refused.length === 1 ? ' has' : 's have'} cells edited by hand in ${where} and ${refused.length === 1 ? 'was' : 'were'} not taken: ${named}${refused.length > 5 ? '; …' : ''}. Their proposals were rewritten from the snapshot and wait for a decision again.`;
}
