import { isBlank } from '../text/cells';
import { canonicalCell } from '../text/safeText';
import { sha256Hex } from '../text/sha256';
import { type Decision, parseDecision } from '../review/rows';

/**
 * The Decision Log: append-only, one row per change of decision (or of a reviewer's note), never
 * rewritten. It is the record the gate trusts: every decision is logged before any tab is rewritten,
 * and replaying it restores every decision when the Review tab or review.csv is lost or damaged.
 * Each row carries a hash chained to the previous row, so an edit, a deletion or an insertion in the
 * middle of the log shows ("log intact" or the first row that does not match).
 */
export const LOG_COLUMNS = [
  'Logged at',
  'Batch ID',
  'Issue ID',
  'Record ID',
  'Check',
  'Field',
  'Current value',
  'Proposed value',
  'Decision',
  'Previous decision',
  'Reviewer',
  'Reviewer note',
  'QA',
  'Evidence ID',
  'Recorded',
  'Row hash',
] as const;
type LogColumn = (typeof LOG_COLUMNS)[number];

/** How an entry was recorded: when the person made it, by a step's sync (an edit the trigger missed), or by the gate itself. */
export const RECORDED = { onEdit: 'on edit', atStep: 'at step', byGate: 'by the gate' } as const;
export type Recorded = (typeof RECORDED)[keyof typeof RECORDED];

export interface LogEntry {
  loggedAt: string;
  batchId: string;
  issueId: string;
  recordId: string;
  check: string;
  field: string;
  currentValue: string;
  proposedValue: string;
  decision: Decision;
  previousDecision: Decision;
  reviewer: string;
  reviewerNote: string;
  qa: string;
  evidenceId: string;
  recorded: Recorded | string;
}

/** The chain starts from a fixed value, so the first row's hash is checked too. */
export const CHAIN_START = 'crm-review-gate decision log v1';

/** Cells are hashed in canonical form (see canonicalCell), so the chain verifies whatever Sheets does with a text prefix. */
function rowHash(previousHash: string, cells: readonly string[]): string {
  return sha256Hex(`${previousHash}\u001f${cells.map(canonicalCell).join('\u001f')}`).slice(0, 24);
}

function entryCells(e: LogEntry): string[] {
  return [
    e.loggedAt,
    e.batchId,
    e.issueId,
    e.recordId,
    e.check,
    e.field,
    e.currentValue,
    e.proposedValue,
    e.decision,
    e.previousDecision,
    e.reviewer,
    e.reviewerNote,
    e.qa,
    e.evidenceId,
    e.recorded,
  ];
}

/** The rows to append for `entries`, each hashed onto the one before (`previousHash`: the log's last). */
export function logRows(entries: readonly LogEntry[], previousHash: string): string[][] {
  const out: string[][] = [];
  let prev = previousHash;
  for (const e of entries) {
    const cells = entryCells(e);
    prev = rowHash(prev, cells);
    out.push([...cells, prev]);
  }
  return out;
}

export interface ParsedLog {
  entries: LogEntry[];
  /** The hash the next appended row chains onto. */
  lastHash: string;
  /** The grid lacks its header row (an interrupted first write): it must be written before appending. */
  needsHeader: boolean;
  /** Rows that hold data (for counting); the header is not one. */
  dataRows: number;
  /**
   * Sheet rows (header = row 1) whose hash does not follow from the row above them: typed, edited or
   * pasted in by hand. Their decisions are not among `entries`, so none of them is ever restored or
   * exported; the rows after them, appended by the tool onto their hash, still count.
   */
  unverifiedRows: number[];
  /**
   * Issues with a row that does not check out: no decision of theirs is restored from the log (their
   * unchecked row may be a later Reject whose loss would bring an earlier Approve back). Their checked
   * entries stay in `entries`, so what the log holds is not logged again at every step.
   */
  doubtful: string[];
  /**
   * The first row (sheet row) that does not check out though it holds a hash: a row edited, or the row
   * after one deleted or moved (the two look the same). Which issue lost a row then cannot be told (the
   * deleted row may be a later Reject of any issue), so no decision is restored from the log at all.
   * A note typed in without a hash is not one.
   */
  cutAt?: number;
  /**
   * What is wrong with a header row that is not the one the tool writes (a column renamed, deleted,
   * inserted or moved): rows are written by position and checked by name, so such a log is refused.
   */
  headerProblem?: string;
}

/**
 * A header row as the tool writes it: LOG_COLUMNS in order, then nothing (blank cells a sheet's data
 * range may add on the right aside). Undefined when it is; else what differs. Only asked of a row that
 * looks like a header (isHeaderRow, or three of the column names).
 */
function headerDifference(row: readonly string[]): string | undefined {
  for (let i = 0; i < LOG_COLUMNS.length; i++) {
    const h = (row[i] ?? '').trim();
    if (h !== LOG_COLUMNS[i]) return h === '' ? `column ${i + 1} should be "${LOG_COLUMNS[i]}" and is blank` : `column ${i + 1} should be "${LOG_COLUMNS[i]}" and is "${h}"`;
  }
  const extra = row.findIndex((c, i) => i >= LOG_COLUMNS.length && !isBlank(c));
  return extra >= 0 ? `column ${extra + 1}, "${row[extra]!.trim()}", was added after "Row hash"` : undefined;
}

function looksLikeHeader(row: readonly string[] | undefined): boolean {
  if (!row) return false;
  const names = new Set(LOG_COLUMNS.map((c) => c.toLowerCase()));
  return row.filter((c) => names.has(c.trim().toLowerCase())).length >= 3;
}

function isHeaderRow(row: readonly string[] | undefined): boolean {
  return !!row && row[0]?.trim() === LOG_COLUMNS[0] && row.some((c) => c.trim() === 'Issue ID');
}

/**
 * Reads a log grid. Columns are found by header name; a log whose header row is missing (its first
 * write was interrupted) is read by position, so no logged decision is ever taken for unlogged and
 * appended twice.
 */
export function parseLog(grid: readonly (readonly string[])[]): ParsedLog {
  const rows = grid.filter((r) => r.some((c) => !isBlank(c)));
  if (rows.length === 0) return { entries: [], lastHash: CHAIN_START, needsHeader: true, dataRows: 0, unverifiedRows: [], doubtful: [] };
  const verified = rowChecks(grid);
  const unverifiedRows: number[] = [];
  const hasHeader = isHeaderRow(rows[0]);
  const headerProblem = hasHeader || looksLikeHeader(rows[0]) ? headerDifference(rows[0]!) : undefined;
  const header = hasHeader ? rows[0]!.map((h) => h.trim()) : [...LOG_COLUMNS];
  const at = (name: LogColumn): number => header.indexOf(name);
  const idx = Object.fromEntries(LOG_COLUMNS.map((c) => [c, at(c)])) as Record<LogColumn, number>;
  const get = (row: readonly string[], name: LogColumn): string => (idx[name] >= 0 ? (row[idx[name]] ?? '') : '');
  const entries: LogEntry[] = [];
  // an issue with a row that does not check out is not restored from the log at all: its unchecked row
  // may be a later decision (a Reject) whose loss would bring an earlier one (an Approve) back
  const doubtful = new Set<string>();
  let cutAt: number | undefined;
  const body = hasHeader ? rows.slice(1) : rows;
  let lastHash = CHAIN_START;
  for (const row of body) {
    const hash = get(row, 'Row hash');
    if (hash) lastHash = hash;
    const issueId = get(row, 'Issue ID').trim();
    const check = verified.get(row);
    if (check && !check.ok) {
      unverifiedRows.push(check.sheetRow);
      if (issueId) doubtful.add(issueId);
      if (hash.trim() !== '') cutAt ??= check.sheetRow;
      continue;
    }
    const decision = parseDecision(get(row, 'Decision'));
    if (!issueId || !decision) continue;
    entries.push({
      loggedAt: get(row, 'Logged at'),
      batchId: get(row, 'Batch ID'),
      issueId,
      recordId: get(row, 'Record ID'),
      check: get(row, 'Check'),
      field: get(row, 'Field'),
      currentValue: get(row, 'Current value'),
      proposedValue: get(row, 'Proposed value'),
      decision,
      previousDecision: parseDecision(get(row, 'Previous decision')) ?? 'Pending',
      reviewer: get(row, 'Reviewer'),
      reviewerNote: get(row, 'Reviewer note'),
      qa: get(row, 'QA'),
      evidenceId: get(row, 'Evidence ID'),
      recorded: get(row, 'Recorded'),
    });
  }
  return {
    entries,
    lastHash,
    needsHeader: !hasHeader,
    dataRows: body.length,
    unverifiedRows,
    doubtful: [...doubtful],
    ...(cutAt !== undefined ? { cutAt } : {}),
    ...(headerProblem ? { headerProblem } : {}),
  };
}

/**
 * Where a log grid's header and data are: its header (the first non-blank row when it is one; else the
 * columns by position, an interrupted first write) and the index of its first data row. Undefined: blank.
 */
function logLayout(grid: readonly (readonly string[])[]): { header: readonly string[]; dataFrom: number } | undefined {
  const first = grid.findIndex((r) => r.some((c) => !isBlank(c)));
  if (first < 0) return undefined;
  return isHeaderRow(grid[first]) ? { header: grid[first]!.map((h) => h.trim()), dataFrom: first + 1 } : { header: LOG_COLUMNS, dataFrom: first };
}

interface RowCheck {
  /** Its hash follows from the hash stored on the row above (the first row: from CHAIN_START). */
  ok: boolean;
  sheetRow: number;
}

/** Each grid's row checks, made once for parseLog and verifyLogChain alike (a SHA-256 per row). */
const rowCheckCache = new WeakMap<readonly (readonly string[])[], Map<readonly string[], RowCheck>>();

/**
 * Every data row checked against the last hash stored above it (not against the hash the row above
 * should have had): a row typed in by hand fails, and the tool's own rows after it, chained onto
 * its stored hash, still pass. A grid without its header row is read by position (an interrupted first
 * write); one whose header lost a column cannot be checked, and none of its rows is trusted.
 */
function rowChecks(grid: readonly (readonly string[])[]): Map<readonly string[], RowCheck> {
  const known = rowCheckCache.get(grid);
  if (known) return known;
  const checks = new Map<readonly string[], RowCheck>();
  rowCheckCache.set(grid, checks);
  const layout = logLayout(grid);
  if (!layout) return checks;
  const positions = LOG_COLUMNS.map((c) => layout.header.indexOf(c));
  const checkable = positions.every((p) => p >= 0);
  const hashAt = positions[positions.length - 1]!;
  let prev = CHAIN_START;
  for (let r = layout.dataFrom; r < grid.length; r++) {
    const row = grid[r]!;
    if (!row.some((c) => !isBlank(c))) continue;
    // a header that lost a column: no row can be checked, so none is trusted
    if (!checkable) {
      checks.set(row, { ok: false, sheetRow: r + 1 });
      continue;
    }
    const stored = canonicalCell(row[hashAt] ?? '');
    const expected = rowHash(
      prev,
      positions.slice(0, -1).map((p) => row[p] ?? ''),
    );
    checks.set(row, { ok: stored === expected, sheetRow: r + 1 });
    // the next row chains onto the last hash written (a row typed in without one is skipped), as the
    // writers chain onto ParsedLog.lastHash
    if (stored) prev = stored;
  }
  return checks;
}

/** The hashes stored on the log's data rows from the n-th (1-based) on, in one pass. */
function storedHashFrom(grid: readonly (readonly string[])[], n: number): string[] {
  const layout = logLayout(grid);
  if (!layout) return [];
  const hashAt = layout.header.indexOf('Row hash');
  const out: string[] = [];
  let seen = 0;
  for (let r = layout.dataFrom; r < grid.length; r++) {
    const row = grid[r]!;
    if (!row.some((c) => !isBlank(c))) continue;
    if (++seen >= n && hashAt >= 0) out.push(canonicalCell(row[hashAt] ?? ''));
  }
  return out;
}

/**
 * Where the tool left the log (its data rows, and the hash stored on the last one), kept apart from the
 * log (summary.json for the CLI, document properties for the add-on). A log shorter than that, or
 * changed within those rows, is refused: deleting its last rows (a later Reject, say) would otherwise
 * go unseen, as the rows left still chain.
 */
export interface LogPin {
  rows: number;
  lastHash: string;
}

/**
 * The pin of a log that had `appended` rows added to `grid` (as storedHashFrom reads it back): the last
 * row that holds a hash, not a row typed in by hand after it (deleting that one again loses nothing).
 */
export function pinAfter(grid: readonly (readonly string[])[], parsed: Pick<ParsedLog, 'dataRows'>, appended: readonly (readonly string[])[]): LogPin {
  if (appended.length) return { rows: parsed.dataRows + appended.length, lastHash: lastCell(appended[appended.length - 1]!) };
  const hashes = storedHashFrom(grid, 1);
  let n = hashes.length;
  while (n > 0 && hashes[n - 1] === '') n--;
  return { rows: n, lastHash: n ? hashes[n - 1]! : '' };
}

function lastCell(row: readonly string[]): string {
  return row[row.length - 1] ?? '';
}

/** What is wrong with a log against its pin, in words (`by`: who left it so); undefined when the pinned rows are all there. */
export function logPinProblem(pinned: unknown, grid: readonly (readonly string[])[], parsed: Pick<ParsedLog, 'dataRows'>, by: string): string | undefined {
  const pin = pinned as Partial<LogPin> | undefined;
  if (!pin || typeof pin.rows !== 'number' || typeof pin.lastHash !== 'string' || pin.rows < 1) return undefined;
  const from = storedHashFrom(grid, pin.rows);
  if (from[0] === pin.lastHash) return undefined;
  // rows typed in above it moved the pinned row down: nothing was lost (the rows typed in are not verified)
  if (pin.lastHash !== '' && from.includes(pin.lastHash)) return undefined;
  return parsed.dataRows < pin.rows ? `it has ${parsed.dataRows} rows, ${by} left ${pin.rows}` : `its row ${pin.rows + 1} is not the one ${by} wrote`;
}

/** The latest entry per Issue ID: what the log says each issue's decision is now. */
export function latestEntries(entries: readonly LogEntry[]): Map<string, LogEntry> {
  const last = new Map<string, LogEntry>();
  for (const e of entries) last.set(e.issueId, e);
  return last;
}

export type ChainCheck = { intact: true; rows: number } | { intact: false; rows: number; firstBadRow: number; reason: string };

/**
 * Verifies the hash chain. `firstBadRow` is the sheet row number (header = row 1) of the first row whose
 * hash does not follow from the rows above it: the place where the log was edited, cut or reordered.
 */
export function verifyLogChain(grid: readonly (readonly string[])[]): ChainCheck {
  const first = grid.findIndex((r) => r.some((c) => !isBlank(c)));
  if (first < 0) return { intact: true, rows: 0 };
  if (!isHeaderRow(grid[first])) return { intact: false, rows: grid.length - first, firstBadRow: first + 1, reason: 'the header row is missing or changed' };
  const header = grid[first]!.map((h) => h.trim());
  if (LOG_COLUMNS.some((c) => !header.includes(c))) return { intact: false, rows: grid.length - first - 1, firstBadRow: first + 1, reason: 'a column is missing or renamed' };
  // the first row whose hash does not follow from the hash stored above it: up to it, stored and
  // expected hashes agree, so it is also the first row that breaks the chain
  const checks = rowChecks(grid);
  let rows = 0;
  for (let r = first + 1; r < grid.length; r++) {
    const check = checks.get(grid[r]!);
    if (!check) continue;
    rows++;
    if (!check.ok) return { intact: false, rows, firstBadRow: r + 1, reason: 'its hash does not follow from the rows above' };
  }
  return { intact: true, rows };
}

export function describeChain(check: ChainCheck): string {
  return check.intact ? 'log intact' : `log changed by hand: row ${check.firstBadRow} does not match (${check.reason})`;
}
