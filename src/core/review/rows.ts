import { isBlank, memoText, normaliseText } from '../text/cells';
import { CHECK_IDS, type CheckId, type Finding, type Severity } from '../checks/types';
import { UserError } from '../text/errors';
import { Hash53Stream } from '../text/hash';

export const DECISIONS = ['Pending', 'Approve', 'Reject', 'Escalate'] as const;
export type Decision = (typeof DECISIONS)[number];

/** One row of the Review tab: a proposal after QA, with a person's decision. */
export interface ReviewRow extends Finding {
  issueId: string;
  /** A hash of the facts the proposal rests on; a decision stands while it is unchanged. */
  evidenceId: string;
  /** Empty when approvable; otherwise why the change cannot be written back. */
  qa: string;
  recordUrl: string;
  decision: Decision;
  reviewerNote: string;
}

/**
 * Review tab and review.csv columns. The names of the contract (PRODUCT.md: Issue ID, Record ID, Check,
 * Field, Current value, Proposed value, Evidence, Decision) never change; the order puts Decision within
 * a laptop's first screen, right after the columns that say what a row is about.
 */
export const REVIEW_COLUMNS = [
  'Issue ID',
  'Record ID',
  'Check',
  'Decision',
  'Reviewer note',
  'Field',
  'Current value',
  'Proposed value',
  'Evidence',
  'Severity',
  'QA',
  'Reason',
  'Evidence ID',
  'Record link',
] as const;
export type ReviewColumn = (typeof REVIEW_COLUMNS)[number];

/** The columns a person edits; every other column is machine-written and rewritten at each step. */
export const EDITABLE_COLUMNS: readonly ReviewColumn[] = ['Decision', 'Reviewer note'];

/**
 * The machine-written cells a decision rests on. A decision counts only while these cells still say
 * what the snapshot and the Rules give: a hand edit of any of them (a typed Proposed value, say) is
 * refused, never exported. Evidence, QA, Severity, Reason and Record link are rewritten at each step
 * and never read back, so editing them changes nothing.
 */
export const DECISION_BEARING = ['Record ID', 'Check', 'Field', 'Current value', 'Proposed value', 'Evidence ID'] as const satisfies readonly ReviewColumn[];
export type DecisionBearingColumn = (typeof DECISION_BEARING)[number];

/** The columns reviewRowsFromGrid reads back: the Issue ID, what a person edits, what a decision rests on. */
const READ_BACK: ReadonlySet<ReviewColumn> = new Set<ReviewColumn>(['Issue ID', ...EDITABLE_COLUMNS, ...DECISION_BEARING]);
const READ_BACK_NAMES: ReadonlySet<string> = new Set([...READ_BACK].map(normaliseText));

/** Whether reviewRowsFromGrid reads a column of this header (a reader may skip the others' values). */
export function isReadBack(header: string): boolean {
  return READ_BACK_NAMES.has(normaliseText(header));
}

const REVIEW_NAMES: ReadonlySet<string> = new Set(REVIEW_COLUMNS.map(normaliseText));
/** Whether a header is one of the Review's own columns (one a person added is not, and is not kept). */
export function isReviewColumn(header: string): boolean {
  return REVIEW_NAMES.has(normaliseText(header));
}

export const APPROVABLE = 'Approvable';

/**
 * A field name in lower case, once per distinct name (issue 12). The IDs hash their parts one after
 * another (Hash53Stream), the same value as the hash of the parts joined by NUL, without the join.
 */
const lowerField = memoText((field: string) => field.toLowerCase());

type IdFacts = Pick<Finding, 'recordId' | 'check' | 'field' | 'currentValue' | 'proposedValue' | 'basis' | 'rule'>;

/** What both IDs hash first: record, check and field. */
function idHead(recordId: string, check: CheckId, field: string): Hash53Stream {
  return new Hash53Stream().add(recordId).add('\u0000').add(check).add('\u0000').add(lowerField(field));
}

/** The Issue ID from its head (left as it is: the Evidence ID goes on from it). */
function issueIdFrom(head: Hash53Stream, check: CheckId, rule: string | undefined): string {
  return (check === 'record_rule_violation' && rule ? head.copy().add('\u0000').add(rule) : head).short('RG-');
}

/** The Evidence ID, the head hashed on with the values and the basis. */
function evidenceIdFrom(head: Hash53Stream, f: IdFacts): string {
  return head
    .add('\u0000')
    .add(f.currentValue)
    .add('\u0000')
    .add(f.proposedValue)
    .add('\u0000')
    .add(f.basis ?? '')
    .short('EV-');
}

/**
 * Stable across re-runs and batches: the same record, check and field always give the same id. A
 * record_rule_violation also hashes its rule (two rules may judge one header of one record); every
 * other check's id is unchanged, as ids are a contract.
 */
export function issueIdFor(recordId: string, check: CheckId, field: string, rule?: string): string {
  return issueIdFrom(idHead(recordId, check, field), check, rule);
}

/**
 * The Evidence ID: a hash of what the proposal rests on (its values and the check's basis). When the
 * record's values change, so does the Evidence ID, and a decision made on the old facts goes back to
 * Pending. Wording of the evidence text is not part of it, so rewording never resets a decision.
 */
export function evidenceIdFor(f: Omit<IdFacts, 'rule'>): string {
  return evidenceIdFrom(idHead(f.recordId, f.check, f.field), f);
}

/**
 * A finding's Issue ID and Evidence ID together (issue 12): both begin with the record, check and
 * field, which are hashed once for the two. test/fastPaths.test.ts checks them against issueIdFor and
 * evidenceIdFor's definitions on random findings.
 */
export function reviewIdsFor(f: IdFacts): { issueId: string; evidenceId: string } {
  const head = idHead(f.recordId, f.check, f.field);
  const issueId = issueIdFrom(head, f.check, f.rule);
  return { issueId, evidenceId: evidenceIdFrom(head, f) };
}

export function isApprovable(row: Pick<ReviewRow, 'qa'>): boolean {
  return row.qa === '' || row.qa === APPROVABLE;
}

const EXACT_DECISIONS: ReadonlyMap<string, Decision> = new Map(DECISIONS.map((d) => [d, d]));

export function parseDecision(value: string): Decision | undefined {
  // a decision as this tool writes it, as nearly every row read back holds: no trimmed, lower-cased copy (issue 12)
  const exact = EXACT_DECISIONS.get(value);
  if (exact !== undefined) return exact;
  const v = value.trim().toLowerCase();
  if (v === '') return 'Pending';
  const hit = DECISIONS.find(
    (d) =>
      d.toLowerCase() === v ||
      `${d.toLowerCase()}d` === v ||
      (d === 'Approve' && v === 'approved') ||
      (d === 'Reject' && v === 'rejected') ||
      (d === 'Escalate' && v === 'escalated'),
  );
  return hit;
}

const CHECK_ORDER = new Map(CHECK_IDS.map((c, i) => [c, i]));
const SEVERITY_ORDER: Record<Severity, number> = { High: 0, Medium: 1, Low: 2 };

/**
 * Group by record (in batch order) so a record's issues sit together; then check order, then field.
 * Sorts in place. Each row's record position and check rank are looked up once, not at every
 * comparison (issue 12); the sort is stable, so the order is the plain comparator's.
 */
export function sortReviewRows(rows: ReviewRow[], recordOrder: ReadonlyMap<string, number>): ReviewRow[] {
  const keyed = rows.map((row) => ({ row, record: recordOrder.get(row.recordId) ?? 0, check: CHECK_ORDER.get(row.check)!, severity: SEVERITY_ORDER[row.severity] }));
  keyed.sort((a, b) => a.record - b.record || a.check - b.check || a.severity - b.severity || (a.row.field < b.row.field ? -1 : a.row.field > b.row.field ? 1 : 0));
  for (let i = 0; i < rows.length; i++) rows[i] = keyed[i]!.row;
  return rows;
}

/** A review row's cells in REVIEW_COLUMNS order, made at once (issue 12: no record of cells per row first). */
export function reviewRowToLine(row: ReviewRow): string[] {
  return [
    row.issueId,
    row.recordId,
    row.check,
    row.decision,
    row.reviewerNote,
    row.field,
    row.currentValue,
    row.proposedValue,
    row.evidence,
    row.severity,
    row.qa || APPROVABLE,
    row.reason,
    row.evidenceId,
    row.recordUrl,
  ];
}

export function reviewRowsToGrid(rows: readonly ReviewRow[]): string[][] {
  const grid: string[][] = [[...REVIEW_COLUMNS]];
  for (const r of rows) grid.push(reviewRowToLine(r));
  return grid;
}

/** A row of a Review grid as a person left it: their decision and note, and the machine cells as found. */
export interface SheetReviewRow {
  /** 1-based row number in the grid (the header is row 1). */
  row: number;
  issueId: string;
  decision: Decision;
  reviewerNote: string;
  /** Decision-bearing cells as found (see DECISION_BEARING). */
  cells: Record<DecisionBearingColumn, string>;
  /** The cells' own Evidence ID column was present (files written before it existed have none). */
  hasEvidenceId: boolean;
}

/**
 * Reads a Review grid back (from the tab or review.csv) by header name, so a person may reorder
 * columns. Only Decision and Reviewer note are taken as input; the decision-bearing cells are kept to
 * check them against the recomputation. Unknown decisions are refused with the row number, not guessed.
 */
export function reviewRowsFromGrid(
  grid: readonly (readonly string[])[],
  where: string,
  /**
   * partialRead: a read of a few columns only (the add-on's quick look for typed decisions), or of what
   * the gate does without some; every Review the gate wrote has each decision-bearing column, so one
   * missing was deleted or renamed.
   */
  options: { lenient?: boolean; partialRead?: boolean } = {},
): SheetReviewRow[] {
  if (grid.length === 0) return [];
  // a column is known by its name whatever its case or spacing ("decision", "Issue  ID")
  const header = grid[0]!.map(normaliseText);
  const idCol = header.indexOf(normaliseText('Issue ID'));
  if (idCol < 0) {
    if (grid.length > 1 && grid.slice(1).some((r) => r.some((c) => !isBlank(c)))) {
      // rows without their Issue IDs cannot be joined: their decisions would be lost without a word
      throw new UserError(`${where} has no "Issue ID" column (renamed or deleted?). Undo the change, or put the column back with its values, and run again; nothing was changed.`);
    }
    return [];
  }
  const col = new Map<ReviewColumn, number>();
  for (const c of REVIEW_COLUMNS) {
    const at = header.indexOf(normaliseText(c));
    const again = at < 0 ? -1 : header.indexOf(normaliseText(c), at + 1);
    // two columns of one name that is read back: which one holds the person's decisions cannot be told
    // (a machine column read back never, such as Evidence, may repeat: a header cut short says "Evidence")
    if (again >= 0 && READ_BACK.has(c)) throw new UserError(`${where} has two "${c}" columns (columns ${at + 1} and ${again + 1}). Remove one and run again; nothing was changed.`);
    col.set(c, at);
  }
  // without a Decision column every decision would read as Pending, without a Reviewer note column every
  // note as wiped: a renamed or deleted column, not a choice
  // without the Evidence ID a decision could not be held to the facts it was made on (a merge's compared
  // values are in no other cell); without a Record ID, Check, Field, Current or Proposed value column every
  // decided row would read as edited by hand and go back to Pending, logged so (a column a reviewer only
  // reads, deleted in a spreadsheet): each is refused as those columns' loss is
  for (const needed of options.partialRead ? EDITABLE_COLUMNS : [...EDITABLE_COLUMNS, ...DECISION_BEARING]) {
    if (col.get(needed)! < 0 && grid.length > 1) {
      throw new UserError(`${where} has no "${needed}" column (renamed or deleted?). Undo the change, or put the column back with its values, and run again; nothing was changed.`);
    }
  }
  // each column's index found once, not looked up by name for every cell (issue 12: 40,000 rows a re-run)
  const at = (name: ReviewColumn): number => col.get(name)!;
  const decisionAt = at('Decision');
  const noteAt = at('Reviewer note');
  const recordAt = at('Record ID');
  const checkAt = at('Check');
  const fieldAt = at('Field');
  const currentAt = at('Current value');
  const proposedAt = at('Proposed value');
  const evidenceIdAt = at('Evidence ID');
  const hasEvidenceId = evidenceIdAt >= 0;
  const cell = (row: readonly string[], i: number): string => (i >= 0 ? (row[i] ?? '') : '');
  const rows: SheetReviewRow[] = [];
  const seen = new Map<string, SheetReviewRow>();
  for (let r = 1; r < grid.length; r++) {
    const row = grid[r]!;
    if (isBlank(row[idCol])) continue;
    const decision = parseDecision(cell(row, decisionAt));
    if (!decision) {
      // a damaged file's rows are taken where they can be; the decision log restores the rest
      if (options.lenient) continue;
      throw new UserError(`${where} row ${r + 1}: the Decision must be one of ${DECISIONS.join(', ')}.`);
    }
    const read: SheetReviewRow = {
      row: r + 1,
      issueId: row[idCol]!.trim(),
      decision,
      reviewerNote: cell(row, noteAt),
      cells: {
        'Record ID': cell(row, recordAt),
        Check: cell(row, checkAt),
        Field: cell(row, fieldAt),
        'Current value': cell(row, currentAt),
        'Proposed value': cell(row, proposedAt),
        'Evidence ID': cell(row, evidenceIdAt),
      },
      hasEvidenceId,
    };
    const first = seen.get(read.issueId);
    if (first) {
      // a row copied (a paste, a sort gone wrong): the same twice is one row; two different decisions are not
      if (first.decision !== read.decision || first.reviewerNote !== read.reviewerNote) {
        throw new UserError(
          `${where} rows ${first.row} and ${read.row} are the same issue (${read.issueId}) with different decisions or notes. Keep one and run again; nothing was changed.`,
        );
      }
      continue;
    }
    seen.set(read.issueId, read);
    rows.push(read);
  }
  return rows;
}
