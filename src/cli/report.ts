/**
 * The CLI's step 6: what summary.json adds (breakdowns, patterns, history), report.html, and with
 * --close the batch archived to DIR/history.json. Pure apart from reading the history: run.ts writes
 * the files it returns with the run's other outputs, in the same two-phase commit.
 */
import type { Rules } from '../core/intake/rules';
import { routeMatches } from '../core/report/breakdowns';
import { type ClosedBatch, closeBatch, historyFromJson, historyToJson, snapshotHash, withClosed } from '../core/report/history';
import { buildReport, type Report, reportJson } from '../core/report/report';
import { reportHtml } from '../core/report/reportHtml';
import type { SummaryFigures } from '../core/report/summary';
import type { ReviewRow } from '../core/review/rows';
import { isoTimestamp } from '../core/intake/pull';

export const HISTORY_FILE = 'history.json';
export const REPORT_FILE = 'report.html';

/** DIR/history.json, oldest batch first; a damaged file is a UserError naming it (read before any write). */
export function loadHistory(io: { join(...parts: string[]): string }, readText: (path: string) => string | undefined, outDir: string): ClosedBatch[] {
  const path = io.join(outDir, HISTORY_FILE);
  const text = readText(path);
  return text === undefined ? [] : historyFromJson(text, path);
}

export interface ReportArgs {
  /** DIR/history.json as read (loadHistory). */
  history: ClosedBatch[];
  close: boolean;
  preset: string;
  rows: readonly ReviewRow[];
  snapshot: { headers: readonly string[]; rows: readonly (readonly string[])[] };
  rules: Rules;
  figures: SummaryFigures;
  now: Date;
}

export interface ReportOutputs {
  /** Fields summary.json adds to (or, for a batch closed before, overrides in) the figures. */
  summary: Record<string, unknown>;
  /** [file name in DIR, text]: report.html, and history.json when closing. */
  files: [string, string][];
  report: Report;
  closed?: { batchId: string; replaced: boolean; batches: number };
  /** This batch is closed in history.json with other decisions than it has now: what to say. */
  staleClose?: string;
}

export function reportOutputs(a: ReportArgs): ReportOutputs {
  let history = a.history;
  // hashed only when it is needed (issue 12): a closed batch of the same review date, an id already
  // taken, or closing this batch; a weekly run with no such batch does not read every value again
  let hash: string | undefined;
  const sourceHash = (): string => (hash ??= snapshotHash(a.snapshot));
  // a re-run of a closed batch shows it as closed; another export closed in the same second gets its own id
  const same = history.find((b) => b.asOf === a.figures.asOf && b.sourceHash === sourceHash());
  const taken = !same && history.some((b) => b.batchId === a.figures.batchId);
  const figures: SummaryFigures = same
    ? { ...a.figures, batchId: same.batchId, pulledAt: same.pulledAt }
    : taken
      ? { ...a.figures, batchId: `${a.figures.batchId}-${sourceHash().slice(-4)}` }
      : a.figures;
  const files: [string, string][] = [];
  let closed: ReportOutputs['closed'];
  if (a.close) {
    const previous = history.filter((b) => b !== same);
    const batch = closeBatch({ rows: a.rows, figures, routeMatches: routeMatches(a.snapshot, a.rules), previous, closedAt: isoTimestamp(a.now), sourceHash: sourceHash() });
    const next = withClosed(history, batch);
    history = next.history;
    closed = { batchId: batch.batchId, replaced: next.replaced, batches: history.length };
    files.push([HISTORY_FILE, historyToJson(history)]);
  }
  const report = buildReport({ rows: a.rows, records: a.snapshot, rules: a.rules, figures, history });
  files.push([REPORT_FILE, reportHtml({ ...figures, preset: a.preset }, report, a.rows)]);
  const summary = { ...(figures !== a.figures ? { batchId: figures.batchId, pulledAt: figures.pulledAt } : {}), ...reportJson(report) };
  // decisions made since the batch was closed: its history entry (the trend) no longer says them
  const f = a.figures;
  const staleClose =
    same && !a.close && (same.approved !== f.approved || same.rejected !== f.rejected || same.escalated !== f.escalated || same.pending !== f.pending)
      ? `batch ${same.batchId} was closed at ${same.closedAt} with approved ${same.approved}, rejected ${same.rejected}, escalated ${same.escalated}, pending ${same.pending}; its decisions have changed since: run with --close to update ${HISTORY_FILE} (its trend)`
      : undefined;
  return { summary, files, report, ...(closed ? { closed } : {}), ...(staleClose ? { staleClose } : {}) };
}
