/**
 * Batch history: one entry per closed batch, with its headline figures and, compactly, what the
 * cross-batch findings need (Issue IDs still open at close, records with an approved correction,
 * proposals per check, records per routing rule). The add-on keeps it on the History tab, the CLI in
 * DIR/history.json; both go through this module, so the two agree.
 */
import { CLOSED_STAGE_REASON } from '../checks/routingException';
import type { ReviewRow } from '../review/rows';
import { UserError } from '../text/errors';
import type { SummaryFigures } from './summary';
import type { BatchRecords } from './breakdowns';
import { Hash53Stream } from '../text/hash';

/** What summary.json's `history` lists per closed batch. */
export interface HistoryEntry {
  batchId: string;
  pulledAt: string;
  /** The review date of the batch (YYYY-MM-DD): the trend's time axis. */
  asOf: string;
  closedAt: string;
  recordsReviewed: number;
  recordsFlagged: number;
  proposals: number;
  approved: number;
  rejected: number;
  escalated: number;
  pending: number;
  recordsCorrected: number;
  /** Records flagged again (by a proposal not rejected) after a correction was approved for them in an earlier batch. */
  recordsFlaggedAgain: number;
  routingExceptionRate: number;
  /** routing_exception proposals on records in a closed stage (counted apart). */
  closedStageRouting: number;
}

/** A closed batch as stored: the entry plus what cross-batch findings need. */
export interface ClosedBatch extends HistoryEntry {
  /** Proposals per check id in the batch (dead checks). */
  perCheck: Record<string, number>;
  /** Records each routing rule routed (dead rules). */
  routeMatches: Record<string, number>;
  /** Issue IDs still open (Pending or Escalate) at close. */
  openIssues: string[];
  /** Record ids with at least one approved proposal. */
  correctedRecords: string[];
  /** CLI: a hash of the export, so closing the same export twice replaces its entry. */
  sourceHash?: string;
}

const COUNTS = [
  'recordsReviewed',
  'recordsFlagged',
  'proposals',
  'approved',
  'rejected',
  'escalated',
  'pending',
  'recordsCorrected',
  'recordsFlaggedAgain',
  'closedStageRouting',
] as const;
const TEXTS = ['batchId', 'pulledAt', 'asOf', 'closedAt'] as const;
/** The figures a History entry keeps: its texts, its counts and the rate. */
const ENTRY_KEYS = [...TEXTS, ...COUNTS, 'routingExceptionRate'] as const;

export function historyEntry(b: HistoryEntry): HistoryEntry {
  return Object.fromEntries(ENTRY_KEYS.map((k) => [k, b[k]])) as unknown as HistoryEntry;
}

/** Why a stored batch is not one (the first problem), or undefined. Hand-written: this runs in the add-on too. */
function problemOf(b: Record<string, unknown>): string | undefined {
  for (const k of TEXTS) if (typeof b[k] !== 'string') return `${k}: expected text`;
  if (b.batchId === '') return 'batchId: empty';
  for (const k of COUNTS) if (!Number.isInteger(b[k]) || (b[k] as number) < 0) return `${k}: expected a whole number`;
  const rate = b.routingExceptionRate;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) return 'routingExceptionRate: expected a share between 0 and 1';
  for (const k of ['perCheck', 'routeMatches'] as const) {
    const m = b[k];
    if (!m || typeof m !== 'object' || Array.isArray(m) || Object.values(m).some((v) => !Number.isInteger(v) || (v as number) < 0)) return `${k}: expected whole numbers by name`;
  }
  for (const k of ['openIssues', 'correctedRecords'] as const) {
    const a = b[k];
    if (!Array.isArray(a) || a.some((v) => typeof v !== 'string')) return `${k}: expected a list of ids`;
  }
  if (b.sourceHash !== undefined && typeof b.sourceHash !== 'string') return 'sourceHash: expected text';
  return undefined;
}

/** Validates one stored batch; `where` names its place (a History row, a file) in the error. */
export function parseClosedBatch(data: unknown, where: string): ClosedBatch {
  const problem = data && typeof data === 'object' && !Array.isArray(data) ? problemOf(data as Record<string, unknown>) : 'expected an object';
  if (problem) throw new UserError(`${where}: the stored batch history is damaged (${problem}). Restore it from the file's version history; nothing was changed.`);
  return data as ClosedBatch;
}

/** Closed batches in time order: review date, then closing time. */
export function sortHistory<T extends Pick<HistoryEntry, 'asOf' | 'closedAt'>>(history: readonly T[]): T[] {
  return [...history].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : a.closedAt < b.closedAt ? -1 : a.closedAt > b.closedAt ? 1 : 0));
}

export function isClosedStageRouting(row: Pick<ReviewRow, 'check' | 'reason'>): boolean {
  return row.check === 'routing_exception' && row.reason === CLOSED_STAGE_REASON;
}

/** Record ids corrected (an approved proposal) in any of these batches. */
export function correctedBefore(previous: readonly ClosedBatch[]): Set<string> {
  const out = new Set<string>();
  for (const b of previous) for (const id of b.correctedRecords) out.add(id);
  return out;
}

/** Records flagged again by a proposal that is not rejected, after an earlier approved correction. */
export function flaggedAgain(rows: readonly ReviewRow[], corrected: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  if (corrected.size === 0) return out;
  for (const r of rows) if (r.decision !== 'Reject' && corrected.has(r.recordId)) out.add(r.recordId);
  return out;
}

export interface CloseInput {
  rows: readonly ReviewRow[];
  figures: SummaryFigures;
  /** Records per routing rule in this batch (breakdowns.routeMatches). */
  routeMatches: Record<string, number>;
  /** Closed batches before this one. */
  previous: readonly ClosedBatch[];
  closedAt: string;
  sourceHash?: string;
}

/** The archive of a batch at close: its figures and what the next batches' findings need. */
export function closeBatch(input: CloseInput): ClosedBatch {
  const { rows, figures } = input;
  const perCheck: Record<string, number> = Object.fromEntries(Object.entries(figures.perCheck).map(([k, v]) => [k, v.proposals]));
  for (const r of rows) if (!(r.check in perCheck)) perCheck[r.check] = (perCheck[r.check] ?? 0) + 1;
  const open = new Set<string>();
  const corrected = new Set<string>();
  let closedStage = 0;
  for (const r of rows) {
    if (r.decision === 'Pending' || r.decision === 'Escalate') open.add(r.issueId);
    if (r.decision === 'Approve') corrected.add(r.recordId);
    if (isClosedStageRouting(r)) closedStage++;
  }
  return {
    batchId: figures.batchId,
    pulledAt: figures.pulledAt,
    asOf: figures.asOf,
    closedAt: input.closedAt,
    recordsReviewed: figures.recordsReviewed,
    recordsFlagged: figures.recordsFlagged,
    proposals: figures.proposals,
    approved: figures.approved,
    rejected: figures.rejected,
    escalated: figures.escalated,
    pending: figures.pending,
    recordsCorrected: figures.recordsCorrected,
    recordsFlaggedAgain: flaggedAgain(rows, correctedBefore(input.previous)).size,
    routingExceptionRate: figures.routingExceptionRate,
    closedStageRouting: closedStage,
    perCheck,
    routeMatches: { ...input.routeMatches },
    openIssues: [...open].sort(),
    correctedRecords: [...corrected].sort(),
    ...(input.sourceHash ? { sourceHash: input.sourceHash } : {}),
  };
}

/** The history with `batch` added, replacing an entry of the same batch (closing twice updates it). */
export function withClosed(history: readonly ClosedBatch[], batch: ClosedBatch): { history: ClosedBatch[]; replaced: boolean } {
  const same = (b: ClosedBatch): boolean => b.batchId === batch.batchId || (!!batch.sourceHash && b.sourceHash === batch.sourceHash && b.asOf === batch.asOf);
  const replaced = history.some(same);
  return { history: sortHistory([...history.filter((b) => !same(b)), batch]), replaced };
}

// ---- storage: a JSON document (CLI) and History tab rows (add-on) ----

export const HISTORY_FILE_VERSION = 1;

export function historyToJson(history: readonly ClosedBatch[]): string {
  return `${JSON.stringify({ version: HISTORY_FILE_VERSION, batches: sortHistory(history) }, null, 1)}\n`;
}

export function historyFromJson(text: string, where: string): ClosedBatch[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(`${where} is not valid JSON, so the batch history cannot be read. Restore it from a backup, or move it away to start a new history; nothing was changed.`);
  }
  const doc = data as { version?: unknown; batches?: unknown };
  if (!doc || typeof doc !== 'object' || doc.version !== HISTORY_FILE_VERSION || !Array.isArray(doc.batches)) {
    throw new UserError(
      `${where} is not a batch history (expected { "version": ${HISTORY_FILE_VERSION}, "batches": [...] }). Restore it from a backup, or move it away to start a new history; nothing was changed.`,
    );
  }
  return sortHistory(doc.batches.map((b, i) => parseClosedBatch(b, `${where} batches[${i}]`)));
}

const DETAIL_HEADER = 'Detail (kept for cross-batch findings; do not edit)';
/** The History tab's visible columns; the batch's full record follows in the Detail cells. */
export const HISTORY_COLUMNS = [
  'Batch ID',
  'Pulled at',
  'Review date',
  'Closed at',
  'Records reviewed',
  'Records flagged',
  'Proposals',
  'Approved',
  'Rejected',
  'Escalated',
  'Pending',
  'Records corrected',
  'Records needing correction after the first pass',
  'Routing exception rate (%)',
  'Closed-stage routing exceptions',
  DETAIL_HEADER,
] as const;
export const HISTORY_RATE_COLUMN = HISTORY_COLUMNS.indexOf('Routing exception rate (%)');
/** A cell holds at most 50,000 characters; each Detail cell holds a part of the JSON. */
const CHUNK = 45_000;
/** Marks a Detail part as text, so Sheets never reads one as a number, date or formula. */
const PART_MARK = '~';

export const percent = (rate: number): number => Math.round(rate * 1000) / 10;

export function historyToGrid(
  history: readonly ClosedBatch[],
  /** Notes a person typed beside a batch's Detail cells (historyNotes), written back beside them. */
  notes: ReadonlyMap<string, readonly string[]> = new Map(),
): (string | number)[][] {
  // (the header's own notes, a title typed above a notes column, are kept under the key "")
  const rows: (string | number)[][] = [[...HISTORY_COLUMNS, ...(notes.get('') ?? [])]];
  for (const b of sortHistory(history)) {
    const json = JSON.stringify(b);
    const parts: string[] = [];
    for (let i = 0; i < json.length; i += CHUNK) parts.push(PART_MARK + json.slice(i, i + CHUNK));
    rows.push([
      b.batchId,
      b.pulledAt,
      b.asOf,
      b.closedAt,
      b.recordsReviewed,
      b.recordsFlagged,
      b.proposals,
      b.approved,
      b.rejected,
      b.escalated,
      b.pending,
      b.recordsCorrected,
      b.recordsFlaggedAgain,
      percent(b.routingExceptionRate),
      b.closedStageRouting,
      ...parts,
      ...(notes.get(b.batchId) ?? []),
    ]);
  }
  return rows;
}

/**
 * What a person typed beside each row's Detail cells (a note on the batch), by Batch ID, so that closing
 * a batch, which writes the tab again, keeps it. Rows that cannot be read have none.
 */
export function historyNotes(grid: readonly (readonly string[])[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const detail = grid[0]?.map((h) => h.trim()).indexOf(DETAIL_HEADER) ?? -1;
  if (detail < 0) return out;
  const title = grid[0]!.slice(HISTORY_COLUMNS.length);
  while (title.length && title[title.length - 1]!.trim() === '') title.pop();
  if (title.length) out.set('', title);
  for (const row of grid.slice(1)) {
    let c = detail;
    while (c < row.length && row[c]!.startsWith(PART_MARK)) c++;
    const rest = row.slice(c);
    while (rest.length && rest[rest.length - 1]!.trim() === '') rest.pop();
    if (rest.length && row[0]) out.set(row[0].trim(), rest);
  }
  return out;
}

/** Column letters of a 1-based column number (1 → A, 27 → AA). */
function columnLetter(n: number): string {
  let out = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) out = String.fromCharCode(65 + ((k - 1) % 26)) + out;
  return out;
}

/**
 * The visible figures of the History tab that a person changed (the cells are not what the row's Detail
 * holds), as "History!N3" references (the Summary names the first five). The Summary and the trend read the Detail; the
 * History tab's own chart plots the visible column, so an edited rate would show two trends without a word.
 */
export function historyEditedCells(grid: readonly (readonly string[])[], history: readonly ClosedBatch[], tab = 'History'): string[] {
  const rowOf = new Map(
    historyToGrid(history)
      .slice(1)
      .map((row) => [String(row[0]), row]),
  );
  const out: string[] = [];
  for (let r = 1; r < grid.length; r++) {
    const row = grid[r]!;
    const want = rowOf.get((row[0] ?? '').trim());
    if (!want) continue;
    // the counts and the rate (columns E..O); a blank or unreadable cell is an edit too
    for (let c = 4; c < HISTORY_COLUMNS.length - 1; c++) {
      const cell = (row[c] ?? '').trim();
      const value = cell === '' ? Number.NaN : Number(cell);
      if (!(Math.abs(value - Number(want[c])) < 1e-9)) out.push(`${tab}!${columnLetter(c + 1)}${r + 1}`);
    }
  }
  return out;
}

/** Reads the History tab back from its Detail cells (the visible columns are for people and the chart). */
export function historyFromGrid(grid: readonly (readonly string[])[], tab = 'History'): ClosedBatch[] {
  if (grid.length === 0) return [];
  const header = grid[0]!.map((h) => h.trim());
  const detail = header.indexOf(DETAIL_HEADER);
  if (detail < 0)
    throw new UserError(
      `Tab "${tab}" has no "${DETAIL_HEADER}" column, so its batches cannot be read. Undo the change to the tab (Edit > Undo or version history); nothing was changed.`,
    );
  const out: ClosedBatch[] = [];
  for (let r = 1; r < grid.length; r++) {
    const row = grid[r]!;
    if (row.every((c) => c.trim() === '')) continue;
    const where = `${tab}!A${r + 1}`;
    let json = '';
    for (let c = detail; c < row.length && row[c] !== ''; c++) {
      // (a note typed beside the last part is not a part: the parts end where the mark does)
      if (c > detail && !row[c]!.startsWith(PART_MARK)) break;
      if (!row[c]!.startsWith(PART_MARK))
        throw new UserError(
          `${where}: the stored batch history is damaged (a Detail cell was edited). Restore the row from the spreadsheet's version history; nothing was changed.`,
        );
      json += row[c]!.slice(PART_MARK.length);
    }
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch {
      throw new UserError(
        `${where}: the stored batch history is damaged (its Detail cells are not readable). Restore the row from the spreadsheet's version history; nothing was changed.`,
      );
    }
    out.push(parseClosedBatch(data, where));
  }
  return sortHistory(out);
}

// ---- the 30-day trend ----

export interface TrendPoint {
  batchId: string;
  asOf: string;
  routingExceptionRate: number;
  closed: boolean;
}

export interface Trend30 {
  fromBatchId: string;
  fromAsOf: string;
  from: number;
  to: number;
  /** to - from, in rate units (0.05 = 5 points). */
  change: number;
  /** Batches with a review date in the 30 days up to the latest one. */
  batches: number;
}

const DAY = 86_400_000;

/**
 * The change of the routing exception rate over the last 30 days: the latest batch against the earliest
 * batch whose review date lies within 30 days before it. Undefined with only one batch in that window.
 */
export function trend30(points: readonly TrendPoint[]): Trend30 | undefined {
  if (points.length < 2) return undefined;
  const last = points[points.length - 1]!;
  const end = Date.parse(`${last.asOf}T00:00:00Z`);
  if (Number.isNaN(end)) return undefined;
  const window = points.filter((p) => {
    const t = Date.parse(`${p.asOf}T00:00:00Z`);
    return !Number.isNaN(t) && t >= end - 30 * DAY && t <= end;
  });
  if (window.length < 2) return undefined;
  const first = window[0]!;
  return {
    fromBatchId: first.batchId,
    fromAsOf: first.asOf,
    from: first.routingExceptionRate,
    to: last.routingExceptionRate,
    change: last.routingExceptionRate - first.routingExceptionRate,
    batches: window.length,
  };
}

export function describeTrend(t: Trend30 | undefined, current: { asOf: string; routingExceptionRate: number }): string {
  const pct = (r: number): string => `${(r * 100).toFixed(1)}%`;
  if (!t) return `Routing exception rate ${pct(current.routingExceptionRate)}; no earlier batch in the last 30 days to compare with (close batches to build the trend).`;
  const points = Math.abs(t.change * 100).toFixed(1);
  const way = Math.abs(t.change) < 0.0005 ? `unchanged from ${pct(t.from)}` : `${t.change < 0 ? 'down' : 'up'} ${points} points from ${pct(t.from)}`;
  return `Routing exception rate ${pct(t.to)} on ${current.asOf}, ${way} on ${t.fromAsOf} (${t.batches} batches in the last 30 days).`;
}

/**
 * The same approved-field snapshot on the same review date is the same batch, whatever second it ran.
 * Streamed (issue 12): the same hash as shortHash of the joined text, without building that text.
 */
export function snapshotHash(s: BatchRecords): string {
  const h = new Hash53Stream();
  const addRow = (cells: readonly string[]): void => {
    for (let c = 0; c < cells.length; c++) {
      if (c > 0) h.add('\u0001');
      h.add(cells[c]!);
    }
  };
  addRow(s.headers);
  h.add('\u0002');
  for (let r = 0; r < s.rows.length; r++) {
    if (r > 0) h.add('\u0002');
    addRow(s.rows[r]!);
  }
  return h.short();
}
