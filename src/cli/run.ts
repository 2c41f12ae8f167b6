/**
 * The CLI twin of the add-on: the same core, files instead of tabs. Kept free of Node imports (I/O is
 * passed in) so tests run it in-process, inject failures at every write, and see exactly what a user would.
 *
 * Every run: lock the output folder, read the export and the previous run's files, recompute, join the
 * decisions (decisions/gate.ts, the add-on's code path too), then commit every output file atomically:
 * each is written to a temporary file first, and only when all are written are they renamed into place,
 * the decision log first. A failure before the renames changes nothing; the log alone restores every
 * decision if review.csv is later lost or damaged.
 */
import { resolveRules } from '../core/intake/config';
import { type Delimiter, delimiterOf, describeDelimiter, parseCsv, toCsv } from '../core/intake/csv';
import { csvByteChunks } from './csvBytes';
import { isoTimestamp, pullCsv, type Snapshot } from '../core/intake/pull';
import type { IdCounts } from '../core/intake/presets';
import { describeObject } from '../core/intake/salesforceIds';
import { isCalendarDate, PRESET_IDS, type PresetId, type Rules, type RulesFile, validateRulesFile } from '../core/intake/rules';
import { EXPORT_LOG_COLUMNS, type ExportedItem, exportedItemCells, exportLogPinProblem, MERGE_COLUMNS, parseExportLog } from '../core/decisions/export';
import { describeExport } from '../core/decisions/export';
import { gateStep } from '../core/decisions/gate';
import type { Linker } from '../core/checks/duplicateRecord';
import { LOG_COLUMNS, logPinProblem, logRows, parseLog, type ParsedLog, pinAfter, verifyLogChain } from '../core/decisions/log';
import { describeRefused } from '../core/decisions/reconcile';
import { formatRate } from '../core/report/summary';
import { reviewRowsToGrid } from '../core/review/rows';
import { reviewDate } from '../core/review/workflow';
import { describeError, isUserError, UserError } from '../core/text/errors';
import { neutraliseForCsv, restoreFromCsv } from '../core/text/safeText';
import { decodeCsvBytes } from '../core/text/encoding';
import { nativeUtf8 } from './utf8';
import { fingerprint, type PreviousReview, previousReviewFrom, type ReviewFingerprint } from './previousReview';
import { HISTORY_FILE, loadHistory, REPORT_FILE, reportOutputs } from './report';

/**
 * A file's text, whole or as chunks made as they are written: text, or UTF-8 bytes that are valid only
 * until the next chunk is asked for (csvBytes.ts).
 */
export type FileText = string | Iterable<string | Uint8Array>;

/** A file-system failure the edge could not get past, with the path it concerns. */
export class FileError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    readonly doing: string,
  ) {
    super(`${doing} ${path}`);
  }
}

export interface CliIo {
  /** The file's bytes, or undefined when there is no such file. Throws FileError when it cannot be read. */
  readBytes(path: string): Uint8Array | undefined;
  /**
   * Writes a temporary file beside `path` and returns its name; nothing is replaced yet. The text comes
   * whole or in chunks (a large review.csv), written in order, each read once.
   */
  writeTemp(path: string, text: FileText): string;
  /** Atomically replaces `to` with `from` (a rename in one folder). */
  rename(from: string, to: string): void;
  remove(path: string): void;
  ensureDir(path: string): void;
  /** Takes the output folder's lock, or throws UserError naming who holds it. Returns the release. */
  lock(dir: string): () => void;
  join(...parts: string[]): string;
  basename(path: string): string;
  /** The absolute, normalised form of a path (two spellings of one file compare equal). */
  resolve(path: string): string;
  out(line: string): void;
  err(line: string): void;
  now(): Date;
  user(): string;
  /** Today as YYYY-MM-DD in the given IANA time zone (undefined: the machine's zone); throws on an unknown zone. */
  today(now: Date, timeZone?: string): string;
  /**
   * Where the duplicate engine runs: the Node edge gives a worker thread, which it can boot ahead
   * (prestart) while a large export is parsed; undefined, in this thread.
   */
  linker?: Linker & { prestart?(exportChars: number): void };
}

export const USAGE = `Usage: crm-review-gate review <export.csv> [--rules rules.json] [--preset ID] [--out DIR] [--as-of YYYY-MM-DD] [--tz ZONE] [--include-exported] [--close]

  Runs the CRM hygiene and routing review on a HubSpot or Salesforce CSV export.
  Writes DIR/review.csv (the Review tab) and DIR/summary.json (the Summary figures); DIR defaults to ./out.
  Decide in review.csv's Decision column (Approve, Reject, Escalate) and run again: decisions are kept,
  logged to DIR/decision-log.csv, and approved changes not exported before are written to
  DIR/approved-changes.csv (merges to approved-merges.csv, the values before to rollback.csv; each export
  is also kept under DIR/exports/<Export ID>/). --include-exported repeats changes exported before.
  The review date is today in the machine's time zone (--tz ZONE, e.g. America/New_York) unless --as-of.
  Also writes DIR/report.html (the Summary as one page). --close archives the batch to DIR/history.json
  once its decisions are made; cross-batch findings and the 30-day trend read that history.
  Without --rules, the preset is detected from the export's headers; --preset overrides it
  (${PRESET_IDS.join(', ')}).
  Exit codes: 0 done, 2 bad input or a file problem (one-line message), 1 unexpected error.`;

interface ReviewArgs {
  exportPath: string;
  rulesPath?: string;
  outDir: string;
  asOf?: string;
  preset?: PresetId;
  tz?: string;
  includeExported: boolean;
  close?: boolean;
}

function parseArgs(argv: readonly string[]): ReviewArgs {
  const [command, ...rest] = argv;
  if (command !== 'review') throw new UserError(command ? `unknown command "${command}". ${USAGE.split('\n')[0]}` : USAGE.split('\n')[0]!);
  const args: Partial<ReviewArgs> = { outDir: 'out', includeExported: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new UserError(`${a} needs a value.`);
      return v;
    };
    if (a === '--rules') args.rulesPath = value();
    else if (a === '--out') args.outDir = value();
    else if (a === '--as-of') args.asOf = value();
    else if (a === '--tz') args.tz = value();
    else if (a === '--include-exported') args.includeExported = true;
    else if (a === '--close') args.close = true;
    else if (a === '--preset') {
      const p = value();
      const id = PRESET_IDS.find((x) => x === p);
      if (!id) throw new UserError(`--preset expects one of ${PRESET_IDS.join(', ')}.`);
      args.preset = id;
    } else if (a.startsWith('--')) throw new UserError(`unknown option ${a}.`);
    else if (!args.exportPath) args.exportPath = a;
    else throw new UserError(`unexpected argument "${a}"; give one export file.`);
  }
  if (!args.exportPath) throw new UserError('give the export file: crm-review-gate review <export.csv>.');
  return args as ReviewArgs;
}

function readRulesFile(io: CliIo, path: string): RulesFile {
  const text = readText(io, path);
  if (text === undefined) throw new UserError(`cannot read the rules file ${path}: no such file.`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(`the rules file ${path} is not valid JSON.`);
  }
  // (an unknown key at the top has an empty path: the file itself is named)
  return validateRulesFile(data, (p) => (p.length ? `${io.basename(path)} key "${p.map(String).join('.')}"` : io.basename(path)));
}

const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'a file is in the way',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EMFILE: 'too many open files',
  EBUSY: 'the file is busy',
};

/**
 * Reads a file as text: UTF-8 (a byte order mark is dropped), or, when the bytes are not valid UTF-8
 * (Excel saves CSV as Windows-1252), decoded as Windows-1252 with a notice, never garbled.
 */
function readText(io: CliIo, path: string, notices?: string[]): string | undefined {
  const bytes = io.readBytes(path);
  if (bytes === undefined) return undefined;
  const decoded = decodeCsvBytes(bytes, nativeUtf8);
  if (decoded.notice && notices) notices.push(`${io.basename(path)}: ${decoded.notice}`);
  return decoded.text;
}

export function runCli(argv: readonly string[], io: CliIo): number {
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
      io.out(USAGE);
      return argv.length === 0 ? 2 : 0;
    }
    review(parseArgs(argv), io);
    return 0;
  } catch (error) {
    if (error instanceof FileError) {
      io.err(`crm-review-gate: cannot ${error.doing} ${error.path}: ${FILE_PROBLEMS[error.code] ?? error.code}. Nothing in the output folder was changed.`);
      return 2;
    }
    if (error instanceof PartialCommitError) {
      io.err(`crm-review-gate: ${error.message}`);
      return 2;
    }
    io.err(`crm-review-gate: ${isUserError(error) ? error.message : describeError(error)}`);
    return isUserError(error) ? 2 : 1;
  }
}

/** A rename failed after others succeeded: say exactly which files are new and which are not. */
class PartialCommitError extends Error {}

/**
 * Parses a CSV this tool wrote, undoing its formula-safe quoting so every value round-trips exactly. A
 * spreadsheet may have saved it again with semicolons or tabs between values (delimiterOf).
 */
function parseOwnCsv(text: string, source: string): string[][] {
  // (Excel's "sep=;" line above the header names the delimiter)
  const own = delimiterOf(text);
  return parseCsv(own.text, { source, delimiter: own.delimiter }).map((r) => r.map(restoreFromCsv));
}

/** A log a spreadsheet saved again with semicolons, tabs or a "sep=" line: rewritten whole, never appended to in another form. */
function resavedBySpreadsheet(text: string | undefined): boolean {
  if (!text) return false;
  const own = delimiterOf(text);
  return own.delimiter !== ',' || own.text !== text;
}

/** The previous review.csv (previousReview.ts), read in this thread; what decoding it says joins the notices. */
function readPreviousReview(io: CliIo, path: string, expected: ReviewFingerprint | undefined, notices: string[]): PreviousReview {
  const read = previousReviewFrom(io.readBytes(path), path, expected);
  if (read.notice) notices.push(`${io.basename(path)}: ${read.notice}`);
  if (read.added)
    notices.push(
      `${io.basename(path)}: ${read.added.length === 1 ? 'column' : 'columns'} ${read.added.map((h) => `"${h}"`).join(', ')} ${read.added.length === 1 ? 'is' : 'are'} not the review's own and ${read.added.length === 1 ? 'is' : 'are'} not kept in the new file (write notes in Reviewer note, which is)`,
    );
  return read;
}

/**
 * The last run's summary.json, or undefined when there is none. One that does not read as a JSON object
 * (cut short, half synced, edited) is refused: it holds the pins of the decision and export logs, and
 * without them a log cut since would restore an older decision without a word.
 */
function readSummary(io: CliIo, path: string): Record<string, unknown> | undefined {
  const text = readText(io, path);
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    v = undefined;
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  throw new UserError(
    `${path} is damaged (it is not the JSON this tool wrote). It holds what the decision and export logs must list: restore it from a backup and run again (or delete it to accept the logs as they are). This run changed nothing.`,
  );
}

function readLog(io: CliIo, path: string): { parsed: ParsedLog; grid: string[][]; text: string; resaved: boolean } {
  const text = readText(io, path) ?? '';
  let grid: string[][];
  try {
    grid = text ? parseOwnCsv(text, path) : [];
  } catch {
    throw new UserError(`${path} is damaged (it does not parse as CSV). It is the record of every decision: restore it from a backup; this run changed nothing.`);
  }
  const parsed = parseLog(grid);
  if (parsed.headerProblem) {
    // rows are written by position and checked by name: every run would log every decision again
    throw new UserError(
      `${path}'s header row is not the one this tool wrote (${parsed.headerProblem}). It is the record of every decision: put the header back as it was written (from a backup) and run again; this run changed nothing.`,
    );
  }
  // saved again by a spreadsheet with semicolons or tabs: rewritten whole with commas, never appended to in another form
  return { parsed, grid, text, resaved: resavedBySpreadsheet(text) };
}

/**
 * The export's text and what separates its values, and how it was decoded when that is worth a note; a
 * file with no text at all is refused here. The text is not kept (issue 12: the snapshot's values hold
 * what they need of it).
 */
function readExport(io: CliIo, path: string, name: string, notices: string[]): { text: string; delimiter: Delimiter; encodingNote?: string } {
  // (how the export was decoded is a note of the batch: summary.json and report.html keep it)
  const decoding: string[] = [];
  const read = readText(io, path, decoding);
  if (read === undefined) throw new UserError(`cannot read ${path}: no such file.`);
  // (Excel's "sep=;" line before the header names the delimiter)
  const { text, delimiter } = delimiterOf(read);
  if (text.trim() === '') throw new UserError(`${name} is empty: it has no header row and no records.`);
  // a worker for the duplicate engine (when the export is large enough for one) boots while the text is parsed
  io.linker?.prestart?.(text.length);
  if (delimiter !== ',') notices.push(`${name}: its values are separated by ${describeDelimiter(delimiter)} (a spreadsheet's regional CSV), and were read so.`);
  return decoding.length ? { text, delimiter, encodingNote: decoding[0]! } : { text, delimiter };
}

/** The files a run writes in its output folder: an export saved under one of these names there would be overwritten. */
const OUTPUT_FILES = [
  'review.csv',
  'summary.json',
  'decision-log.csv',
  'approved-changes.csv',
  'approved-merges.csv',
  'rollback.csv',
  'export-log.csv',
  'export-pending.json',
  REPORT_FILE,
  HISTORY_FILE,
];

function review(args: ReviewArgs, io: CliIo): void {
  const name = io.basename(args.exportPath);
  // the source export is never modified: one saved under an output's name in the output folder is refused
  // (in any case: Windows and macOS folders do not tell Rollback.csv from rollback.csv)
  const outputs = new Set(OUTPUT_FILES.map((f) => io.resolve(io.join(args.outDir, f)).toLowerCase()));
  for (const [what, file] of [
    ['export', args.exportPath],
    ['rules file', args.rulesPath],
  ] as const)
    if (file !== undefined && outputs.has(io.resolve(file).toLowerCase()))
      throw new UserError(
        `${file} is one of the files this run writes in ${args.outDir}, so the ${what} would be overwritten. Rename the ${what}, or choose another folder with --out; this run changed nothing.`,
      );
  const notices: string[] = [];
  const { text, delimiter, encodingNote } = readExport(io, args.exportPath, name, notices);
  const now = io.now();
  let resolved: ReturnType<typeof resolveRules> | undefined;
  let asOf = '';
  // the Rules depend on the export's headers (preset detection), so they are resolved when the header row
  // has been read; pullCsv raises what this throws only after any problem of the export itself
  const rulesFor = (headers: readonly string[], idCounts: IdCounts): Rules => {
    const file = args.rulesPath ? readRulesFile(io, args.rulesPath) : undefined;
    if (args.asOf !== undefined && !isCalendarDate(args.asOf)) throw new UserError('--as-of expects a real date YYYY-MM-DD.');
    const today = (): string => {
      try {
        return io.today(now, args.tz);
      } catch {
        throw new UserError(`--tz: "${args.tz}" is not a time zone (use an IANA name such as Europe/Berlin or America/New_York).`);
      }
    };
    // today is worked out only when the Rules or --as-of do not give the review date (reviewDate); a --tz
    // given is checked either way
    if (args.tz !== undefined) today();
    const overrides: RulesFile = { ...(args.asOf ? { asOf: args.asOf } : {}), ...(args.preset ? { preset: args.preset } : {}) };
    resolved = resolveRules(file || Object.keys(overrides).length ? { ...file, ...overrides } : undefined, headers, undefined, idCounts);
    asOf = reviewDate(resolved.rules, today);
    return resolved.rules;
  };
  // step 1: each row pulled as it is parsed, so the raw grid (blocked columns included) is never made
  const snapshot = pullCsv(text, { sourceName: name, delimiter }, rulesFor, now);
  if (encodingNote) snapshot.report.warnings.unshift(encodingNote);
  const state: RunState = { name, resolved: resolved!, snapshot, asOf, now, notices };

  io.ensureDir(args.outDir);
  const release = io.lock(args.outDir);
  try {
    runLocked(args, io, state);
  } finally {
    release();
  }
}

interface RunState {
  name: string;
  resolved: ReturnType<typeof resolveRules>;
  snapshot: Snapshot;
  asOf: string;
  now: Date;
  /** What reading the files had to say (an encoding that was not UTF-8). */
  notices: string[];
}

function runLocked(args: ReviewArgs, io: CliIo, s: RunState): void {
  const path = (file: string): string => io.join(args.outDir, file);
  const summaryPath = path('summary.json');
  const previousSummary = readSummary(io, summaryPath);
  const expected = previousSummary?.reviewCsv as ReviewFingerprint | undefined;
  const previous = readPreviousReview(io, path('review.csv'), expected && typeof expected.rows === 'number' ? expected : undefined, s.notices);
  const log = readLog(io, path('decision-log.csv'));
  refuseCutLog(previousSummary?.decisionLog, log, path('decision-log.csv'));
  const chain = verifyLogChain(log.grid);
  let exportLogText = readText(io, path('export-log.csv')) ?? '';
  let exported: ExportedItem[];
  try {
    const grid = exportLogText ? parseOwnCsv(exportLogText, path('export-log.csv')) : [];
    exported = parseExportLog(grid);
    // saved again with semicolons or tabs: appended to as it is written, with commas
    if (resavedBySpreadsheet(exportLogText)) exportLogText = toCsv(grid);
  } catch {
    throw new UserError(`${path('export-log.csv')} is damaged (it does not parse as CSV): restore it from a backup; this run changed nothing.`);
  }
  // the export log is what keeps a change from leaving twice: one that lists fewer than the last run left is refused
  const pinnedItems = (previousSummary?.exportLog as { items?: unknown } | undefined)?.items;
  const lost = exportLogPinProblem(pinnedItems, exported.length, !exportLogText, 'the last run');
  if (lost)
    throw new UserError(
      `${path('export-log.csv')} ${lost}. It is the record of what left, and a change it no longer lists would be exported again: restore it from a backup and run again (to accept it as it is, delete "exportLog" from summary.json). This run changed nothing.`,
    );
  // a run that exports writes export-pending.json first and removes it once summary.json, written last,
  // has committed it: one left behind names exports whose run stopped part-way (a kill, a file held open),
  // never handed over. They are undone here, and their changes, if still approved, leave again in this
  // run's export (nothing lost, nothing left twice). Without it nothing is undone: a log longer than an
  // older summary.json (restored from a backup) lists exports that did leave.
  const marker = readText(io, path(PENDING_FILE));
  const unfinished = unfinishedExports(marker, exported, pinnedItems, path(PENDING_FILE));
  // (said only of what was there to undo: rows logged, or a folder's import file)
  const undone = unfinished.filter((id) => exported.some((e) => e.exportId === id) || io.readBytes(path(`exports/${id}/approved-changes.csv`)) !== undefined);
  const undo = new Set(unfinished);
  const committed = typeof pinnedItems === 'number' ? pinnedItems : 0;
  const kept = exported.filter((e, i) => i < committed || !undo.has(e.exportId));
  const logUndone = kept.length !== exported.length;
  if (logUndone) {
    exported = kept;
    exportLogText = toCsv([[...EXPORT_LOG_COLUMNS], ...exported.map(exportedItemCells)]);
  }
  const loggedAt = isoTimestamp(s.now);
  const result = gateStep({
    snapshot: s.snapshot,
    resolved: s.resolved,
    asOf: s.asOf,
    review: previous.rows,
    log: log.parsed,
    chain,
    exported,
    ctx: { batchId: s.snapshot.batchId, loggedAt, reviewer: io.user() },
    export: { exportedAt: loggedAt, includeExported: args.includeExported },
    ...(io.linker ? { linker: io.linker } : {}),
    names: { log: 'decision-log.csv', review: 'review.csv' },
  });
  const { reconciled, figures, plan } = result;
  const rows = reconciled.rows;
  // step 6 (src/cli/report.ts): breakdowns, patterns, history.json (read here, before any write), report.html
  const report = reportOutputs({
    history: loadHistory(io, (p) => readText(io, p), args.outDir),
    close: !!args.close,
    preset: s.resolved.preset.id,
    rows,
    snapshot: s.snapshot,
    rules: s.resolved.rules,
    figures,
    now: s.now,
  });

  // the records are not needed past the report: let them go before the largest files are written (issue 12)
  s.snapshot = { ...s.snapshot, rows: [] };

  // ---- every output, computed before anything is written ----
  const files: [string, FileText][] = [];
  const exportDir = plan && (plan.changes.length > 1 || plan.merges.length > 1) ? `exports/${plan.exportId}` : undefined;
  // renamed in first, removed after summary.json: what to undo if this run stops part-way (with what an
  // earlier stopped run left to undo, should this one stop before undoing it)
  const pending = [...unfinished, ...(exportDir ? [plan!.exportId] : [])];
  if (pending.length) files.push([PENDING_FILE, `${JSON.stringify({ exportIds: pending })}\n`]);
  // the log as this run leaves it, pinned in summary.json: a later run refuses a log that lost rows (refuseCutLog)
  const appended = logRows(reconciled.entries, log.parsed.lastHash);
  const logPin = pinAfter(log.grid, log.parsed, appended);
  if (reconciled.entries.length || log.parsed.needsHeader) {
    const head = log.parsed.needsHeader ? toCsv([[...LOG_COLUMNS]]) : '';
    // a log whose header write was lost is rebuilt with its header (its rows read by position); never appended twice
    const body = (log.parsed.needsHeader || log.resaved) && log.text ? toCsv(log.grid) : log.text;
    if (appended.length || head) files.push(['decision-log.csv', head + ensureNewline(body) + toCsv(appended)]);
  }
  if (plan) {
    if (exportDir) {
      files.push([`${exportDir}/approved-changes.csv`, toCsv(plan.changes)]);
      files.push([`${exportDir}/rollback.csv`, toCsv(plan.rollback)]);
      files.push([`${exportDir}/approved-merges.csv`, toCsv(plan.merges)]);
    }
    // the import files always equal what the current decisions imply: header only when nothing is approved
    files.push(['approved-changes.csv', toCsv(plan.changes)]);
    files.push(['approved-merges.csv', toCsv(plan.merges.length ? plan.merges : [[...MERGE_COLUMNS, 'Export ID', 'Exported at']])]);
    files.push(['rollback.csv', toCsv(plan.rollback)]);
    if (plan.ledger.length || logUndone) files.push(['export-log.csv', (exportLogText || toCsv([[...EXPORT_LOG_COLUMNS]])) + toCsv(plan.ledger.map(exportedItemCells))]);
  } else if (logUndone) files.push(['export-log.csv', exportLogText]);
  // a review.csv that could not be read in full is kept as it was, beside the new one: no typed decision is lost
  const unread = previous.unread ? `review.unreadable-${isoTimestamp(s.now).replace(/[-:]/g, '')}.csv` : undefined;
  if (unread && previous.unread) files.push([unread, [previous.unread]]);
  files.push(['review.csv', csvByteChunks(reviewRowsToGrid(rows))]);
  const summary = {
    preset: s.resolved.preset.id,
    ...figures,
    ...report.summary,
    reviewCsv: fingerprint(rows.map((r) => r.issueId)),
    decisionLog: logPin,
    exportLog: { items: exported.length + (plan?.ledger.length ?? 0) },
    ...(plan
      ? { export: { exportId: exportDir ? plan.exportId : null, changes: plan.changes.length - 1, merges: plan.merges.length - 1, alreadyExported: plan.alreadyExported } }
      : {}),
  };
  // summary.json last: it commits the run, and with it the export it pins
  files.push(...report.files, ['summary.json', `${JSON.stringify(summary, null, 2)}\n`]);

  commit(io, args.outDir, files);
  // the undone exports' own copies go (their changes, if still approved, are in this run's export), then
  // the marker: had this run stopped before here, the next would undo them again, which changes nothing
  for (const id of unfinished) {
    // (a re-run in the same second may have made its own export under the same id: that one stays)
    if (exportDir === `exports/${id}`) continue;
    for (const file of ['approved-changes.csv', 'rollback.csv', 'approved-merges.csv']) removeQuietly(io, path(`exports/${id}/${file}`));
  }
  if (pending.length || marker !== undefined) removeQuietly(io, path(PENDING_FILE));

  // ---- what the person reads ----
  const rp = s.resolved.presetSource;
  const how =
    rp.kind === 'detected'
      ? `detected, ${Math.round(rp.confidence * 100)}% of its headers${rp.byIds ? ` and its record ids, ${describeObject(rp.byIds)}` : ''}`
      : args.preset
        ? 'from --preset'
        : 'from the rules';
  io.out(`${s.name}: ${s.resolved.preset.label} (${how}); review date ${s.asOf}`);
  for (const n of s.notices) io.out(`  ${n}`);
  for (const w of s.snapshot.report.warnings) io.out(`  note: ${w}`);
  io.out(`  records reviewed ${figures.recordsReviewed}, flagged ${figures.recordsFlagged}, proposals ${figures.proposals}`);
  io.out(`  approved ${figures.approved}, rejected ${figures.rejected}, escalated ${figures.escalated}, pending ${figures.pending}`);
  io.out(
    `  routing exception rate ${formatRate(figures.routingExceptionRate)}${figures.routingExceptionRatePartial ? ' (partial: checks skipped)' : ''}; columns kept ${s.snapshot.report.columnsKept.length}, dropped ${s.snapshot.report.columnsDropped.length}`,
  );
  for (const k of figures.checksSkipped) io.out(`  skipped ${k.check}: ${k.reason}`);
  if (previous.problem) io.out(`  ${previous.problem}: restored ${reconciled.restored} decision${reconciled.restored === 1 ? '' : 's'} from decision-log.csv`);
  if (unread)
    io.out(
      `  the review.csv that could not be read is kept as ${path(unread)}: decisions typed into it since the last run are there only; type them into the new review.csv and run again`,
    );
  // (once: a review.csv cut short has said it above)
  else if (reconciled.restored && !previous.problem)
    io.out(
      `  restored ${reconciled.restored} decision${reconciled.restored === 1 ? '' : 's'} from decision-log.csv, made on the same facts (rows not in review.csv: deleted from it, or their records not in the batch it showed)`,
    );
  if (result.withheldNote) io.out(`  ${result.withheldNote}`);
  const refused = describeRefused(reconciled.refused, 'review.csv');
  if (refused) io.out(`  ${refused}`);
  if (reconciled.reset)
    io.out(`  ${reconciled.reset} decision${reconciled.reset === 1 ? '' : 's'} went back to Pending because the values behind ${reconciled.reset === 1 ? 'it' : 'them'} changed`);
  if (!chain.intact) io.out(`  decision-log.csv: row ${chain.firstBadRow} does not match its hash chain (${chain.reason}); the log was changed by hand`);
  const untrusted = log.parsed.unverifiedRows;
  if (untrusted.length)
    io.out(
      `  decision-log.csv: ${untrusted.length === 1 ? `row ${untrusted[0]} does` : `rows ${untrusted.slice(0, 5).join(', ')}${untrusted.length > 5 ? ', …' : ''} do`} not follow from the row above (written by hand): ${untrusted.length === 1 ? 'its decision was' : 'their decisions were'} not used`,
    );
  if (undone.length)
    io.out(
      `  the last run stopped before it finished: ${undone.length === 1 ? `its export ${undone[0]} was never handed over, and is` : `its exports ${undone.join(', ')} were never handed over, and are`} undone; what ${undone.length === 1 ? 'it' : 'they'} held that no earlier export did, if still approved, is in this run's export (to send changes exported before again, run with --include-exported)`,
    );
  if (plan) {
    const n = plan.changes.length - 1;
    const m = plan.merges.length - 1;
    io.out(
      `  export ${exportDir ? plan.exportId : '(nothing new)'}: ${n} record${n === 1 ? '' : 's'} to update in approved-changes.csv, ${m} merge${m === 1 ? '' : 's'} in approved-merges.csv; values before in rollback.csv`,
    );
    const more = describeExport(plan, (id) => path(`exports/${id}/rollback.csv`));
    if (more) io.out(`  ${more}`);
    const guarded = guardedValues(plan);
    if (guarded)
      io.out(
        `  ${guarded} value${guarded === 1 ? '' : 's'} in the import files begin${guarded === 1 ? 's' : ''} with =, +, -, @ or a tab and carr${guarded === 1 ? 'ies' : 'y'} a leading ' so that no spreadsheet runs ${guarded === 1 ? 'it' : 'them'}; a CRM imports that ' as typed: remove it there after importing`,
      );
  }
  io.out(`  wrote ${path('review.csv')} and ${summaryPath}`);
  io.out(`  report ${path(REPORT_FILE)}`);
  if (report.staleClose) io.out(`  ${report.staleClose}`);
  if (report.closed)
    io.out(
      `  ${report.closed.replaced ? 'updated the closed batch' : 'closed batch'} ${report.closed.batchId} in ${path(HISTORY_FILE)} (${report.closed.batches} closed batch${report.closed.batches === 1 ? '' : 'es'}); the next run starts a new batch`,
    );
}

/** Written before a run's first rename when it exports, removed after its last (summary.json). */
const PENDING_FILE = 'export-pending.json';
const EXPORT_ID = /^EX-\d{8}-\d{6}-[0-9A-Z]{4}$/;

/**
 * The exports a stopped run left unfinished: those export-pending.json names that summary.json's pin does
 * not cover (an export listed within the pinned rows was committed: the run stopped only after
 * summary.json). No marker undoes nothing; one that does not read is refused.
 */
function unfinishedExports(marker: string | undefined, exported: readonly ExportedItem[], pinned: unknown, where: string): string[] {
  if (marker === undefined) return [];
  let ids: unknown;
  try {
    ids = (JSON.parse(marker) as { exportIds?: unknown }).exportIds;
  } catch {
    ids = undefined;
  }
  // the tool writes it whole (a temporary file renamed): one that does not read is not the tool's
  if (!Array.isArray(ids))
    throw new UserError(
      `${where} is not the file this tool writes (it names the exports of a run that stopped part-way, to undo them). Put it back as it was; or, if no run was interrupted, delete it and run again. This run changed nothing.`,
    );
  const committed = new Set(exported.slice(0, typeof pinned === 'number' ? pinned : 0).map((e) => e.exportId));
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && EXPORT_ID.test(id) && !committed.has(id)))];
}

function removeQuietly(io: CliIo, file: string): void {
  try {
    io.remove(file);
  } catch {
    /* best effort: absent, or left for the next run (undoing again changes nothing) */
  }
}

/**
 * A decision log shorter than the last run left it, or changed within those rows, is refused: deleting
 * its last rows (a later Reject, say) would otherwise bring an older decision back.
 */
function refuseCutLog(pinned: unknown, log: { parsed: ParsedLog; grid: string[][] }, path: string): void {
  const what = logPinProblem(pinned, log.grid, log.parsed, 'the last run');
  if (!what) return;
  throw new UserError(
    `${path} has lost or changed rows since the last run (${what}). It is the record of every decision, and a decision restored from a cut log may be an older one: restore it from a backup and run again (to accept the log as it is, delete "decisionLog" from summary.json). This run changed nothing.`,
  );
}

/** Values of the import files written with a leading apostrophe (formula-like text, see neutraliseForCsv). */
function guardedValues(plan: { changes: string[][]; merges: string[][]; rollback: string[][] }): number {
  let n = 0;
  for (const grid of [plan.changes, plan.merges, plan.rollback]) for (let r = 1; r < grid.length; r++) for (const v of grid[r]!) if (neutraliseForCsv(v) !== v) n++;
  return n;
}

function ensureNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\r\n`;
}

/**
 * Two-phase commit of the output files: every file is first written to a temporary file (a failure
 * there removes the temporaries and changes nothing), then each is renamed over its target, the
 * decision log first. A rename failing part-way is reported with exactly what was and was not replaced.
 */
function commit(io: CliIo, dir: string, files: readonly [string, FileText][]): void {
  const temps: [string, string][] = [];
  try {
    for (const [file, text] of files) {
      const target = io.join(dir, file);
      const slash = file.lastIndexOf('/');
      if (slash > 0) io.ensureDir(io.join(dir, file.slice(0, slash)));
      temps.push([io.writeTemp(target, text), target]);
    }
  } catch (error) {
    for (const [temp] of temps) {
      try {
        io.remove(temp);
      } catch {
        /* best effort: a leftover temporary file is harmless */
      }
    }
    throw error;
  }
  const done: string[] = [];
  for (let i = 0; i < temps.length; i++) {
    const [temp, target] = temps[i]!;
    try {
      io.rename(temp, target);
      done.push(target);
    } catch (error) {
      for (const [t] of temps.slice(i)) {
        try {
          io.remove(t);
        } catch {
          /* best effort */
        }
      }
      if (done.length === 0) throw error;
      const left = temps.slice(i).map(([, t]) => io.basename(t));
      const why = error instanceof FileError ? (FILE_PROBLEMS[error.code] ?? error.code) : 'an unexpected error';
      throw new PartialCommitError(
        `could not finish writing ${dir} (${why}): ${done.map((d) => io.basename(d)).join(', ')} ${done.length === 1 ? 'was' : 'were'} replaced, ${left.join(', ')} ${left.length === 1 ? 'was' : 'were'} not. Every decision is in decision-log.csv; run again to finish.`,
      );
    }
  }
}
