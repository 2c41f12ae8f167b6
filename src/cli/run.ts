/**
 * The CLI twin of the add-on: the same core, files instead of tabs. Kept free of Node imports (I/O is
 * passed in) so tests run it in-process and see exactly what a user would.
 */
import { toCsv, parseCsv } from '../core/intake/csv';
import { resolveRules } from '../core/intake/config';
import { lastLoggedDecisions, LOG_COLUMNS, pendingLogEntries } from '../core/decisions/log';
import { describeError, isUserError, UserError } from '../core/text/errors';
import { approvedChanges, approvedMerges, describeLeftOut } from '../core/decisions/export';
import { isoTimestamp, pullSnapshot } from '../core/intake/pull';
import { reviewRowsFromGrid, reviewRowsToGrid } from '../core/review/rows';
import { PRESET_IDS, type PresetId, type RulesFile, validateRulesFile } from '../core/intake/rules';
import { readSourceGrid } from '../core/intake/source';
import { formatRate, summarise } from '../core/report/summary';
import { reviewDate, reviewSnapshot } from '../core/review/workflow';

export interface CliIo {
  readText(path: string): string | undefined;
  writeText(path: string, text: string): void;
  appendText(path: string, text: string): void;
  ensureDir(path: string): void;
  join(...parts: string[]): string;
  basename(path: string): string;
  out(line: string): void;
  err(line: string): void;
  now(): Date;
  user(): string;
}

export const USAGE = `Usage: crm-review-gate review <export.csv> [--rules rules.json] [--preset ID] [--out DIR] [--as-of YYYY-MM-DD]

  Runs the CRM hygiene and routing review on a HubSpot or Salesforce CSV export.
  Writes DIR/review.csv (the Review tab) and DIR/summary.json (the Summary figures); DIR defaults to ./out.
  Decide in review.csv's Decision column (Approve, Reject, Escalate) and run again: decisions are kept,
  logged to DIR/decision-log.csv, and approved changes are written to DIR/approved-changes.csv.
  Without --rules, the preset is detected from the export's headers; --preset overrides it
  (${PRESET_IDS.join(', ')}).
  Exit codes: 0 done, 2 bad input (one-line message), 1 unexpected error.`;

interface ReviewArgs { exportPath: string; rulesPath?: string; outDir: string; asOf?: string; preset?: PresetId }

function parseArgs(argv: readonly string[]): ReviewArgs {
  const [command, ...rest] = argv;
  if (command !== 'review') throw new UserError(command ? `unknown command "${command}". ${USAGE.split('\n')[0]}` : USAGE.split('\n')[0]!);
  const args: Partial<ReviewArgs> = { outDir: 'out' };
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
    else if (a === '--preset') {
      const p = value();
      const id = PRESET_IDS.find((x) => x === p);
      if (!id) throw new UserError(`--preset expects one of ${PRESET_IDS.join(', ')}.`);
      args.preset = id;
    }
    else if (a.startsWith('--')) throw new UserError(`unknown option ${a}.`);
    else if (!args.exportPath) args.exportPath = a;
    else throw new UserError(`unexpected argument "${a}"; give one export file.`);
  }
  if (!args.exportPath) throw new UserError('give the export file: crm-review-gate review <export.csv>.');
  return args as ReviewArgs;
}

function readRulesFile(io: CliIo, path: string): RulesFile {
  const text = io.readText(path);
  if (text === undefined) throw new UserError(`cannot read the rules file ${path}: no such file.`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(`the rules file ${path} is not valid JSON.`);
  }
  return validateRulesFile(data, (p) => `${io.basename(path)} key "${p.map(String).join('.')}"`);
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
    io.err(`crm-review-gate: ${isUserError(error) ? error.message : describeError(error)}`);
    return isUserError(error) ? 2 : 1;
  }
}

function review(args: ReviewArgs, io: CliIo): void {
  const name = io.basename(args.exportPath);
  const text = io.readText(args.exportPath);
  if (text === undefined) throw new UserError(`cannot read ${args.exportPath}: no such file.`);
  if (text.trim() === '') throw new UserError(`${name} is empty: it has no header row and no records.`);
  const table = readSourceGrid(parseCsv(text, { source: name }), { sourceName: name, checkRagged: true });
  const file = args.rulesPath ? readRulesFile(io, args.rulesPath) : undefined;
  if (args.asOf !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(args.asOf) || Number.isNaN(Date.parse(args.asOf))) throw new UserError('--as-of expects a date YYYY-MM-DD.');
  }
  const overrides: RulesFile = { ...(args.asOf ? { asOf: args.asOf } : {}), ...(args.preset ? { preset: args.preset } : {}) };
  const resolved = resolveRules(file || Object.keys(overrides).length ? { ...file, ...overrides } : undefined, table.headers);
  const now = io.now();
  const snapshot = pullSnapshot(table, resolved.rules, now, name);
  const asOf = reviewDate(resolved.rules, now);

  io.ensureDir(args.outDir);
  const reviewPath = io.join(args.outDir, 'review.csv');
  const previousText = io.readText(reviewPath);
  const previous = previousText ? reviewRowsFromGrid(parseCsv(previousText, { source: reviewPath }), reviewPath) : [];
  const rows = reviewSnapshot(snapshot, resolved, asOf, previous);

  // log the decisions made in review.csv since the last run, before it is rewritten
  const logPath = io.join(args.outDir, 'decision-log.csv');
  const logText = io.readText(logPath);
  const last = lastLoggedDecisions(logText ? parseCsv(logText, { source: logPath }) : []);
  const entries = pendingLogEntries(previous, last, { batchId: snapshot.batchId, loggedAt: isoTimestamp(now), reviewer: io.user() });
  if (entries.length) io.appendText(logPath, toCsv(logText ? entries : [[...LOG_COLUMNS], ...entries]));

  io.writeText(reviewPath, toCsv(reviewRowsToGrid(rows)));
  const figures = summarise(rows, { batchId: snapshot.batchId, pulledAt: snapshot.pulledAt, asOf, recordsReviewed: snapshot.rows.length, input: snapshot.report });
  io.writeText(io.join(args.outDir, 'summary.json'), `${JSON.stringify({ preset: resolved.preset.id, ...figures }, null, 2)}\n`);
  const exported = approvedChanges(rows, resolved.rules);
  const approved = exported.table;
  if (approved.length > 1) io.writeText(io.join(args.outDir, 'approved-changes.csv'), toCsv(approved));
  const merges = approvedMerges(rows);
  if (merges.length > 1) io.writeText(io.join(args.outDir, 'approved-merges.csv'), toCsv(merges));

  const how = resolved.presetSource.kind === 'detected' ? `detected, ${Math.round(resolved.presetSource.confidence * 100)}% of its headers` : 'from the rules';
  io.out(`${name}: ${resolved.preset.label} (${how}); review date ${asOf}`);
  io.out(`  records reviewed ${figures.recordsReviewed}, flagged ${figures.recordsFlagged}, proposals ${figures.proposals}`);
  io.out(`  approved ${figures.approved}, rejected ${figures.rejected}, escalated ${figures.escalated}, pending ${figures.pending}`);
  io.out(`  routing exception rate ${formatRate(figures.routingExceptionRate)}; columns kept ${snapshot.report.columnsKept.length}, dropped ${snapshot.report.columnsDropped.length}`);
  io.out(`  wrote ${reviewPath} and ${io.join(args.outDir, 'summary.json')}${approved.length > 1 ? ` and ${io.join(args.outDir, 'approved-changes.csv')}` : ''}`);
  const leftOut = describeLeftOut(exported).trim();
  if (leftOut) io.out(`  ${leftOut}`);
}
