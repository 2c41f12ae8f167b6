import { type ColumnDecision, decideColumns, headerWords, isFreeTextMetadata, NOT_APPROVED } from './boundary';
import { type Delimiter, parseCsvRows } from './csv';
import { isBlank, normaliseText, trimmed } from '../text/cells';
import { parseCrmDate } from '../text/dates';
import { stageIndexer } from '../checks/types';
import { UserError } from '../text/errors';
import type { Role, Rules } from './rules';
import { looksMangled, MangledIdWatch } from './mangledIds';
import { isMask, maskFor, type ScanOptions, SHORTEST_SENSITIVE, sensitiveKind } from './masking';
import { SourceReader, type SourceTable } from './source';
import { getPreset, HOW_TO_CHOOSE_PRESET, type IdCounts, NO_PRESET_FOR_OBJECT, presetForObject, readOnlyMarkColumn } from './presets';
import { countSalesforceObjects, describeObject, dominantObject, ID_SAMPLE, isOwnIdHeader, isSalesforceOwnerId, objectNamed, salesforceId18 } from './salesforceIds';
import { footerNote, textFooterStart } from './reportFooter';
import { refuseTextTitleBlock } from './reportTitle';

/** What crossed the boundary in one pull, and what did not. Counts and header names only, never values. */
export interface InputSafetyReport {
  rowsRead: number;
  columnsKept: string[];
  columnsDropped: { header: string; reason: string }[];
  /** Values masked per kept column (sensitive-looking values in approved fields). */
  valuesMasked: Record<string, number>;
  warnings: string[];
}

/** The approved-field snapshot of one batch: the only record data the review ever sees. */
export interface Snapshot {
  batchId: string;
  pulledAt: string;
  headers: string[];
  rows: string[][];
  report: InputSafetyReport;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function isoTimestamp(now: Date): string {
  return `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}T${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())}Z`;
}

export function makeBatchId(now: Date): string {
  return `B-${isoTimestamp(now).replace(/[-:]/g, '').replace('T', '-').replace('Z', '')}`;
}

const RELEASED: string[] = [];
const CACHE_LIMIT = 2_000;

/** Each snapshot's id → row index, made once (by the pull, which needs it to refuse repeated ids). */
const recordIndexes = new WeakMap<readonly (readonly string[])[], { column: number; index: Map<string, number> }>();

/**
 * Record id → row index (the last row, should an id repeat, as the sort and the breakdowns always read
 * it: a Records tab edited by hand can repeat one) of a snapshot's rows (issue 12). The pull builds it,
 * its ids being unique, and the checks' sort and the breakdowns reuse it, instead of three maps of
 * 100,000 ids. Snapshot rows are never changed after the pull; a list that has since grown or shrunk is
 * indexed anew.
 */
export function recordIndexOf(rows: readonly (readonly string[])[], idColumn: number): ReadonlyMap<string, number> {
  const known = recordIndexes.get(rows);
  if (known && known.column === idColumn && known.index.size === rows.length) return known.index;
  const index = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) index.set(rows[i]![idColumn]!, i);
  recordIndexes.set(rows, { column: idColumn, index });
  return index;
}

/** A street address column may hold two lines (Salesforce's MailingStreet does); an email address column may not. */
export function isAddressHeader(header: string): boolean {
  const words = headerWords(header);
  return /\b(street|address|addr)\b/.test(words) && !/\be ?mail\b/.test(words);
}

/**
 * Step 1 of the workflow: keep approved, unblocked columns; refuse a batch the review cannot trust
 * (no id column, blank or repeated ids). The pull consumes the table: its rows (the raw grid, blocked
 * columns included) are released as they are read, and `source.rows` is empty afterwards.
 */
export function pullSnapshot(source: SourceTable, rules: Rules, now: Date, sourceName: string): Snapshot {
  const pull = new SnapshotPull(source.headers, rules, sourceName);
  for (let r = 0; r < source.rows.length; r++) {
    pull.add(source.rows[r]!);
    // release the raw row (blocked columns included) as soon as it is read, so the grid and the snapshot
    // are not both held at full size
    source.rows[r] = RELEASED;
  }
  // the raw grid, blocked columns included, is released right after the pull (issue 12)
  source.rows.length = 0;
  return pull.finish(now);
}

/**
 * Step 1 straight from a CSV export's text (issue 12): each row is pulled as it is parsed, so the raw
 * grid, blocked columns included, is never made. The same snapshot, and the same first error, as
 * parseCsv, then readSourceGrid, then `rulesFor` (the Rules may depend on the headers: preset detection),
 * then pullSnapshot: an error found early is held until those before it in that order have had their say.
 * (A Salesforce report's footer is cut from the text first, as the upload dialog cuts it before parseCsv.)
 */
export function pullCsv(
  text: string,
  csv: { sourceName: string; delimiter?: Delimiter },
  rulesFor: (headers: readonly string[], idCounts: IdCounts) => Rules,
  now: Date,
): Snapshot {
  const sourceName = csv.sourceName;
  // a Salesforce report's footer below the records is not records (reportFooter.ts)
  const footer = textFooterStart(text, csv.delimiter);
  if (footer) text = text.slice(0, footer.at);
  refuseTextTitleBlock(text, csv.delimiter ?? ',', sourceName);
  let pull: SnapshotPull | undefined;
  let refused: unknown;
  const reader = new SourceReader(
    { sourceName, checkRagged: true },
    {
      headers: (h) => {
        try {
          pull = new SnapshotPull(
            h,
            rulesFor(h, () => countSalesforceObjects(csvOwnIds(text, h, csv.delimiter), ID_SAMPLE)),
            sourceName,
          );
        } catch (error) {
          refused = error;
        }
      },
      record: (row) => pull?.add(row),
    },
  );
  // a column the Rules do not approve is never made into strings (issue 12; the boundary, kept early): the
  // parser hands over a marker for each of its values, or the value when blank, as the reader needs
  const skipColumn = (_header: string, index: number): boolean => pull?.drops(index) === true;
  parseCsvRows(text, { source: sourceName, rectangular: true, skipColumn, ...(csv.delimiter ? { delimiter: csv.delimiter } : {}) }, (fields, width) => reader.row(fields, width));
  reader.finish();
  if (refused !== undefined) throw refused;
  const snapshot = pull!.finish(now);
  if (footer) snapshot.report.warnings.push(footerNote(footer.lines));
  return snapshot;
}

/** A CSV's head: ID_SAMPLE rows of up to 4,000 characters each. Never the whole text. */
const HEAD_CHARS = 4_000_000;

/**
 * The first ID_SAMPLE values of the "Id" column, read from the head of a CSV's text (detection reads the
 * record ids there, before the pull, which needs the preset, has read any; fewer when rows are longer
 * than HEAD_CHARS allows). `headers` are the reader's, in column order.
 */
export function csvOwnIds(text: string, headers: readonly string[], delimiter?: Delimiter): string[] {
  const at = headers.findIndex(isOwnIdHeader);
  const values: string[] = [];
  if (at < 0) return values;
  const enough = new Error('enough');
  let first = true;
  try {
    parseCsvRows(text.length > HEAD_CHARS ? text.slice(0, HEAD_CHARS) : text, delimiter ? { delimiter } : {}, (fields, width) => {
      // (the parser's row is reused: a short row's missing values are blank, not the previous row's)
      if (first) first = false;
      else values.push(at < width ? fields[at]! : '');
      if (values.length >= ID_SAMPLE) throw enough;
    });
  } catch {
    // enough read, or the head cut inside a quoted value: what was read is the sample
  }
  return values;
}

/**
 * The pull, a record at a time. The constructor refuses a source without an approved id column; add()
 * keeps the approved columns of each record, masking values that look sensitive; finish() refuses ids a
 * spreadsheet mangled, blank ids, repeated ids (in that order, as found) and ids of another object than
 * the preset's (checkObject), or gives the snapshot.
 */
export class SnapshotPull {
  private readonly kept: ColumnDecision[];
  private readonly decisions: ColumnDecision[];
  private readonly keptIndexes: number[];
  private readonly idAt: number;
  private readonly idHeader: string;
  private readonly mangled: MangledIdWatch;
  private readonly masked: number[];
  private readonly scan: ScanOptions[];
  private readonly seen: (Map<string, string> | undefined)[];
  private readonly rows: string[][] = [];
  private readonly scratch: string[] = [];
  private readonly firstSeen = new Map<string, number>();
  /** Rows (from 0) whose id an earlier row holds. */
  private readonly repeated: number[] = [];
  private blankId: UserError | undefined;
  private count = 0;
  /** A Salesforce preset: record and owner ids are read in their 18-character form (salesforceId18). */
  private readonly salesforce: boolean;
  /** The owner column among the kept ones (-1: none). */
  private readonly ownerAt: number;
  /** Record ids read in another form than written (a report's 15 characters, capitals). */
  private idsRewritten = 0;

  constructor(
    headers: readonly string[],
    private readonly rules: Rules,
    private readonly sourceName: string,
  ) {
    this.decisions = decideColumns(headers, rules);
    this.kept = this.decisions.filter((d) => d.kept);
    const idHeader = rules.fields.id ?? '';
    const idDecision = this.decisions.find((d) => d.header.toLowerCase() === idHeader.toLowerCase());
    if (!idDecision) {
      throw new UserError(
        `${sourceName} has no "${idHeader}" column, which holds the record id. Export it with the record id, or set fields.id in the Rules to the column that holds it and add that column to approvedFields.`,
      );
    }
    if (!idDecision.kept) {
      throw new UserError(`The record id column "${idDecision.header}" is ${idDecision.reason}; it must be approved for the review to work.`);
    }
    this.idHeader = idDecision.header;
    this.salesforce = getPreset(rules.preset).crm === 'salesforce';
    this.keptIndexes = this.kept.map((d) => d.index);
    const keptSet = new Set(this.keptIndexes);
    // ids a spreadsheet turned into 5.01E+07 stop the batch, for the add-on and the CLI alike
    this.mangled = new MangledIdWatch(headers, idDecision.header, sourceName, (i) => keptSet.has(i));
    this.idAt = this.keptIndexes.indexOf(idDecision.index);
    const ownerHeader = rules.fields.owner?.toLowerCase();
    this.ownerAt = this.kept.findIndex((d) => d.header.toLowerCase() === ownerHeader);
    // mask values that look sensitive, counting them per column (never quoting them)
    this.masked = new Array<number>(this.kept.length).fill(0);
    this.scan = this.kept.map((d) => (isFreeTextMetadata(d.header) ? { countOrDate: true } : { multiLine: isAddressHeader(d.header) }));
    // Cache per column (issue 12): stages, statuses, owners and countries repeat thousands of times, so each
    // distinct value is scanned once, and every repeat shares the first one's string (the parser made one
    // string per cell; the duplicates become garbage). A column with more distinct values than CACHE_LIMIT
    // (names, emails, dates) drops its cache and scans every value: the scan is cheaper than a growing map.
    this.seen = this.kept.map(() => new Map());
  }

  /** Whether the column at `index` of the headers is left out of the snapshot (its values are never read). */
  drops(index: number): boolean {
    const d = this.decisions[index];
    return d !== undefined && !d.kept;
  }

  /**
   * One record: its first headers.length values (the list may be a parser's scratch row, reused after).
   * Fast path (issue 12): plain loops, no closure per row or cell; repeated ids found in the same pass.
   */
  add(raw: readonly string[]): void {
    const r = this.count++;
    this.mangled.see(raw, r);
    if (this.blankId) return; // the batch is refused: only an earlier problem (a mangled id) can still be found
    const { keptIndexes, idAt, seen, scan, masked, scratch } = this;
    const width = keptIndexes.length;
    for (let k = 0; k < width; k++) {
      const value = trimmed(raw[keptIndexes[k]!]!);
      let out: string;
      // (a short value cannot be sensitive: kept without a cache lookup, as most stages and names are)
      // (a count or date column about free text reads even its short values: "call Bob" is text)
      if (k === idAt || (value.length < SHORTEST_SENSITIVE && scan[k]!.countOrDate !== true) || value === '') out = value;
      else {
        const cache = seen[k];
        let hit = cache?.get(value);
        if (hit === undefined) {
          const kind = sensitiveKind(value, scan[k]);
          hit = kind === undefined ? value : maskFor(kind);
          if (cache !== undefined) {
            if (cache.size < CACHE_LIMIT) cache.set(value, hit);
            else seen[k] = undefined;
          }
        }
        out = hit;
        if (out !== value) masked[k]!++; // a mask; a shared copy of the same text is equal
      }
      scratch[k] = out;
    }
    // one record is one id whichever way Salesforce exported it (a report's 15 characters, a Data Loader's
    // 18, capitals or small letters from a spreadsheet), else its Issue IDs and every decision on it change
    // with the form; an owner's id likewise, as a decision rests on its owner. The case is restored before
    // the key prefix is read, and only a standard object's prefix counts ("OpportunityRef1" is no id)
    if (this.salesforce) {
      const id = scratch[idAt]!;
      const full = id.length === 15 || id.length === 18 ? salesforceId18(id) : id;
      if (full !== id && objectNamed(full.slice(0, 3))) {
        scratch[idAt] = full;
        this.idsRewritten++;
      }
      const owner = this.ownerAt >= 0 ? scratch[this.ownerAt]! : '';
      const ownerId = owner.length === 15 || owner.length === 18 ? salesforceId18(owner) : owner;
      if (ownerId !== owner && isSalesforceOwnerId(ownerId)) scratch[this.ownerAt] = ownerId;
    }
    const id = scratch[idAt]!;
    if (id === '') {
      // (a report saved with its totals: said so, without the row's values)
      this.blankId ??= new UserError(
        `${this.sourceName}: row ${r + 2} has no record id in "${this.idHeader}".${looksLikeTotal(scratch.slice(0, width)) ? " It looks like a report's total row: export the report with its details only, without totals." : ''}`,
      );
      return;
    }
    // one map operation per record, not a lookup then an insert (issue 12): a repeated id leaves the size
    // as it was (and its later row in the map, which only the refusal in finish() reads past)
    const index = this.firstSeen;
    const size = index.size;
    index.set(id, r);
    if (index.size === size) this.repeated.push(r);
    this.rows.push(scratch.slice(0, width)); // each row copied out at its exact length (no push-grown slack)
  }

  /**
   * Refuses a preset the record ids contradict: Salesforce contact ids (003…) reviewed as leads would be
   * held to a lead's required fields and statuses, and their approved changes keyed to the wrong object.
   * A Salesforce preset reads every id (a file of contacts with leads appended is refused too); a HubSpot
   * preset, whose ids are numbers, the first ID_SAMPLE.
   */
  private checkObject(): void {
    const { rows, idAt } = this;
    const preset = getPreset(this.rules.preset);
    const counts = countSalesforceObjects(
      (function* () {
        for (const row of rows) yield row[idAt]!;
      })(),
      preset.objectPrefix === undefined ? ID_SAMPLE : Number.POSITIVE_INFINITY,
    );
    const ids = dominantObject(counts);
    const has = (what: string): string => `${this.sourceName}: ${what}, but the Rules use the ${preset.label} preset`;
    if (ids && preset.objectPrefix !== ids.prefix) {
      const fit = presetForObject(ids.prefix);
      const what = has(`its record ids ("${this.idHeader}") are ${describeObject(ids)}`);
      throw new UserError(fit ? `${what}. Choose the ${fit.id} preset (${HOW_TO_CHOOSE_PRESET}), or export ${preset.label}.` : `${what}, and ${NO_PRESET_FOR_OBJECT}.`);
    }
    if (preset.objectPrefix === undefined) return;
    // a few stray ids are a finding for a person; a tenth of the file is another export appended
    const others = [...counts.byPrefix].filter(([prefix]) => prefix !== preset.objectPrefix).sort((a, b) => b[1] - a[1]);
    const otherCount = others.reduce((n, [, k]) => n + k, 0);
    if (otherCount < 0.1 * counts.read) return;
    const listed = others.map(([prefix, k]) => `${k.toLocaleString('en-US')} ${describeObject(objectNamed(prefix)!)}`).join(', ');
    throw new UserError(
      `${this.sourceName}: ${otherCount.toLocaleString('en-US')} of its ${counts.read.toLocaleString('en-US')} record ids ("${this.idHeader}") belong to other objects than the ${preset.label} preset reviews (${listed}). Export one object per file.`,
    );
  }

  /** The snapshot, or the first problem: an id a spreadsheet mangled, a blank id, repeated ids, then another object's ids. */
  finish(now: Date): Snapshot {
    if (this.mangled.problem) throw this.mangled.problem;
    if (this.blankId) throw this.blankId;
    const { repeated, rows, kept, masked, sourceName } = this;
    if (repeated.length > 0) {
      // (no blank id, so row r of the export is rows[r]) each repeat beside the first row with its id
      const idOf = (r: number): string => rows[r]![this.idAt]!;
      const first = new Map<string, number>();
      for (let r = 0; r < rows.length; r++) if (!first.has(idOf(r))) first.set(idOf(r), r);
      const pairs = repeated.slice(0, 3).map((r) => `rows ${first.get(idOf(r))! + 2} and ${r + 2}`);
      // a grouped report's subtotal rows put their count where the id is: the same count repeats
      const totalBesideId = (r: number): boolean => looksLikeTotal(rows[r]!.filter((_, k) => k !== this.idAt));
      const subtotals = repeated.some((r) => totalBesideId(r) || totalBesideId(first.get(idOf(r))!));
      throw new UserError(
        `${sourceName}: ${repeated.length} record id${repeated.length > 1 ? 's appear' : ' appears'} more than once (${pairs.join('; ')}${repeated.length > 3 ? '; …' : ''}). ${subtotals ? "They look like a report's subtotal rows: export the report with its details only, without totals." : 'Each row must be one record; remove the repeated rows and run again.'}`,
      );
    }
    this.checkObject();
    const grouped = groupedReportColumn(
      this.rules,
      kept.map((d) => d.header),
      rows,
    );
    if (grouped) throw new UserError(`${sourceName}: ${grouped}`);
    const warnings = pullWarnings(
      this.rules,
      kept.map((d) => d.header),
      rows,
      this.idHeader,
      this.decisions.flatMap((d) => (!d.kept && d.reason === NOT_APPROVED ? [d.header] : [])),
    );
    if (this.idsRewritten)
      warnings.push(
        `${this.idsRewritten.toLocaleString('en-US')} record id${this.idsRewritten === 1 ? ' was' : 's were'} read in ${this.idsRewritten === 1 ? 'its' : 'their'} 18-character Salesforce form ("${this.idHeader}": a report's 15-character id, or an 18 a spreadsheet put in capitals or small letters, is the same record): the review and the import files show that form, which Salesforce imports too.`,
      );
    recordIndexes.set(rows, { column: this.idAt, index: this.firstSeen });
    return {
      batchId: makeBatchId(now),
      pulledAt: isoTimestamp(now),
      headers: kept.map((d) => d.header),
      rows,
      report: {
        rowsRead: this.count,
        columnsKept: kept.map((d) => d.header),
        columnsDropped: this.decisions.flatMap((d) => (d.kept ? [] : [{ header: d.header, reason: d.reason }])),
        valuesMasked: Object.fromEntries(kept.flatMap((d, k) => (masked[k] ? [[d.header, masked[k]!]] : []))),
        warnings,
      },
    };
  }
}

/**
 * What the pull says beside the snapshot: Rules that name columns this export lacks (they check, compare
 * or mark nothing), a sample-data file's stand-in ids, and a stage column the Rules' stages do not fit.
 */
function pullWarnings(rules: Rules, headers: readonly string[], rows: readonly (readonly string[])[], idHeader: string, unapproved: readonly string[]): string[] {
  const warnings: string[] = [];
  const kept = new Set(headers.map((h) => h.toLowerCase()));
  // a role's column the export has but the team's approvedFields leaves out (a key given replaces the
  // preset's list): the checks lose it without a word, and duplicates may have nothing left to compare
  // (a required one is named by the required-field note below, once)
  const left = new Set(unapproved.map((h) => h.trim().toLowerCase()));
  const required = new Set(rules.requiredFields.map((h) => h.trim().toLowerCase()));
  for (const [role, header] of Object.entries(rules.fields)) {
    if (header && left.has(header.trim().toLowerCase()) && !required.has(header.trim().toLowerCase()))
      warnings.push(
        `Field "${header}" (Rules: fields.${role}) is in this export but not among the approved columns (approvedFields replaces the preset's list), so no check reads it.`,
      );
  }
  for (const required of rules.requiredFields) {
    if (!kept.has(required.toLowerCase())) warnings.push(`Required field "${required}" is not among the approved columns of this export, so it is not checked.`);
  }
  // a stage's required field the export lacks ("Became a Customer Date" is not in a contacts export unless chosen)
  const stagesNeeding = new Map<string, string[]>();
  for (const [stage, fields] of Object.entries(rules.stageRequiredFields))
    for (const h of fields) if (!kept.has(h.toLowerCase())) stagesNeeding.set(h, [...(stagesNeeding.get(h) ?? []), stage]);
  for (const [h, stages] of stagesNeeding)
    warnings.push(
      `Field "${h}", which ${stages.map((st) => `"${st}"`).join(' and ')} records must have (Rules: stageRequiredFields), is not among the approved columns of this export, so it is not checked: export it to have it checked.`,
    );
  for (const [role, match] of Object.entries(rules.duplicates.match ?? {}))
    for (const h of match ?? [])
      if (!kept.has(h.toLowerCase()))
        warnings.push(`Duplicate match column "${h}" (Rules: duplicates.match.${role}) is not among the approved columns of this export, so it is not compared.`);
  warnings.push(...routingWarnings(rules, headers, rows));
  if (idHeader.toLowerCase() === 'referenceid')
    warnings.push(
      `The record ids are this file's "${idHeader}" (a Salesforce sample-data file has no Id): the import files are keyed by it, which an org's import cannot match; export the records with their Id to import the changes.`,
    );
  const stages = undefinedStages(rules, headers, rows);
  if (stages) warnings.push(stages);
  warnings.push(...scientificColumns(headers, rows));
  warnings.push(...unreadableDateColumns(rules, headers, rows));
  // a read-only mark not in the data marks nothing: said aloud, or converted leads' changes pass QA unseen
  const preset = getPreset(rules.preset);
  for (const header of Object.keys(rules.readOnlyRecords)) {
    if (readOnlyMarkColumn(preset, header, (h) => kept.has(h.toLowerCase())) === undefined)
      warnings.push(`Read-only records column "${header}" (Rules: readOnlyRecords) is not among the approved columns of this export, so it marks no record read-only.`);
  }
  return warnings;
}

/**
 * What the routing rules cannot do with this export: a rule on a column it lacks matches no record (every
 * record would be an exception); one routing to a team no roster owner is in makes every record it
 * matches one; a value with commas no record holds, though each part is one, is a list typed in a cell.
 * Said by the pull, and by the add-on's later steps for Rules edited since.
 */
export function routingWarnings(rules: Pick<Rules, 'routing' | 'owners'>, headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  // a routing rule on a column the export lacks matches no record: every record would be an exception;
  // one routing to a team no owner of the roster is in makes every record it matches one
  // (teams compared as the routing check compares them)
  const teams = new Set(rules.owners.map((o) => normaliseText(o.team)));
  // one set of values per column tested with commas, whatever the rules testing it
  const valuesOf = new Map<number, Set<string>>();
  for (const route of rules.routing) {
    if (rules.owners.length && !teams.has(normaliseText(route.team)))
      out.push(`Routing rule ${route.id} routes to team "${route.team}", which no owner in the Rules is in, so every record it matches is a routing exception.`);
    for (const [header, values] of Object.entries(route.when)) {
      const c = headers.findIndex((h) => h.toLowerCase() === header.trim().toLowerCase());
      if (c < 0) {
        out.push(`Routing rule ${route.id} tests "${header}", which is not among the approved columns of this export, so it matches no record.`);
        continue;
      }
      // "United Kingdom, Germany" in one cell is one value: said when no record has it and each part is one
      let seen = valuesOf.get(c);
      for (const v of values) {
        if (!v.includes(',')) continue;
        if (!seen) valuesOf.set(c, (seen = new Set(rows.map((row) => row[c]!.trim().toLowerCase()))));
        const parts = v.split(',').map((p) => p.trim().toLowerCase());
        if (!seen.has(v.trim().toLowerCase()) && parts.every((p) => seen!.has(p)))
          out.push(
            `Routing rule ${route.id}'s value "${v}" for "${header}" matches no record, though each of its parts does: give each value its own cell (Rules tab) or list item (rules file).`,
          );
      }
    }
  }
  return out;
}

/** Rows read for the pull's notes on what a spreadsheet did to a column (enough to tell its habit). */
const NOTE_SAMPLE = 1000;

/** Index of the column a role's header names among the snapshot's headers (any case), -1 when none. */
function roleColumn(rules: Rules, headers: readonly string[], role: Role): number {
  const header = rules.fields[role]?.toLowerCase();
  return header ? headers.findIndex((h) => h.toLowerCase() === header) : -1;
}

/**
 * Columns whose values a spreadsheet turned into numbers in scientific notation (a phone 4.4207946E+11):
 * their digits are gone, and each such value is proposed one by one as needing evidence, so the pull
 * says once what happened (ids so changed are refused: mangledIds.ts).
 */
function scientificColumns(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const n = Math.min(rows.length, NOTE_SAMPLE);
  const out: string[] = [];
  for (let c = 0; c < headers.length; c++) {
    let filled = 0;
    let mangled = 0;
    for (let r = 0; r < n; r++) {
      const v = rows[r]![c]!;
      if (v === '') continue;
      filled++;
      if (looksMangled(v)) mangled++;
    }
    if (mangled > 0 && mangled * 5 >= filled)
      out.push(
        `"${headers[c]}" holds numbers in scientific notation (${mangled} of the first ${filled} values filled), which a spreadsheet made of them, losing digits: export the file again from the CRM, or import it with File > Import and "Convert text to numbers, dates, and formulas" turned off.`,
      );
  }
  return out;
}

/**
 * The date roles' columns whose values are mostly not dates the review reads (Excel's serial numbers,
 * 45622; two-digit years): each record then gets its own "needs evidence" row, and the pull says once why.
 * Slash dates of an order the column does not tell are not counted (those rows say so themselves).
 */
function unreadableDateColumns(rules: Rules, headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  const n = Math.min(rows.length, NOTE_SAMPLE);
  for (const role of ['createdAt', 'updatedAt', 'lastActivityAt'] as const) {
    const c = roleColumn(rules, headers, role);
    if (c < 0) continue;
    const header = headers[c]!;
    let filled = 0;
    let unreadable = 0;
    let example = '';
    for (let r = 0; r < n; r++) {
      const v = rows[r]![c]!;
      // (a masked value is the boundary's, not a date to judge or quote)
      if (isBlank(v) || isMask(v)) continue;
      filled++;
      const parsed = parseCrmDate(v);
      if (!parsed.ok && parsed.reason !== 'ambiguous') {
        unreadable++;
        example ||= v.trim();
      }
    }
    if (unreadable > 0 && unreadable * 2 > filled)
      out.push(
        `"${header}" (Rules: fields.${role}) holds values that are not dates this review can read (${unreadable} of the first ${filled} filled, such as "${example.slice(0, 20)}"${/^\d{5}(?:\.\d+)?$/.test(example) ? ", a spreadsheet's serial number" : ''}): export the file again from the CRM, or format the column as dates before saving it.`,
      );
  }
  return out;
}

/**
 * Roles a report is grouped by (its rows then repeat values of these columns, which a group shows once).
 * Not company or country: in a small B2B export each record's own value is unique as a group's would be.
 */
const GROUPING_ROLES: readonly Role[] = ['owner', 'lifecycleStage', 'leadStatus'];
/** The fewest rows and groups the shape is judged on: in fewer, distinct values in order come by chance. */
const GROUPED_MIN_ROWS = 20;
const GROUPED_MIN_GROUPS = 3;

/**
 * A grouped report saved with each group's value on its first row only (a Salesforce report's printable
 * view or a copy of it): the blank rows below would be reviewed as having no owner (or stage, source…),
 * and blank required fields get approvable proposals. Such a column's values are each on one row only,
 * in sorted order (a report sorts its groups), with blank rows inside most groups and half the rows or
 * more blank; judged on GROUPED_MIN_ROWS rows and GROUPED_MIN_GROUPS values or more (a reviewer's
 * simulation of small HubSpot exports with many blank owners refused 9 to 16% of 6 to 12 rows when it
 * was judged from 6 rows and 2 values). An export sorted by the column with its blanks last, or distinct
 * values spread among blank rows in no order, is not one. Returns the refusal's words, or undefined.
 */
function groupedReportColumn(rules: Rules, headers: readonly string[], rows: readonly (readonly string[])[]): string | undefined {
  if (rows.length < GROUPED_MIN_ROWS) return undefined;
  const seenColumns = new Set<number>();
  for (const role of GROUPING_ROLES) {
    const c = roleColumn(rules, headers, role);
    if (c < 0 || seenColumns.has(c)) continue;
    seenColumns.add(c);
    if (isBlank(rows[0]![c]!)) continue;
    let blankRows = 0;
    for (let r = 0; r < rows.length; r++) if (isBlank(rows[r]![c]!)) blankRows++;
    if (blankRows * 2 < rows.length) continue;
    const values = new Set<string>();
    let groupsWithBlanks = 0;
    let previous = '';
    let ascending = true;
    let descending = true;
    let lastFilled = -1;
    let repeated = false;
    for (let r = 0; r < rows.length; r++) {
      const v = rows[r]![c]!;
      if (isBlank(v)) continue;
      const key = v.trim().toLowerCase();
      // (values repeat in every export that is not grouped: most columns stop here within a few rows)
      if (values.has(key)) {
        repeated = true;
        break;
      }
      if (lastFilled >= 0 && r - lastFilled > 1) groupsWithBlanks++;
      if (previous) {
        const order = previous.localeCompare(key);
        if (order > 0) ascending = false;
        if (order < 0) descending = false;
      }
      values.add(key);
      previous = key;
      lastFilled = r;
    }
    if (repeated || values.size < GROUPED_MIN_GROUPS) continue;
    if (rows.length - 1 > lastFilled) groupsWithBlanks++;
    // every value heads a group of blank rows (the last may stand alone), in sorted order
    if (groupsWithBlanks < values.size - 1 || !(ascending || descending)) continue;
    const header = headers[c]!;
    return `"${header}" is filled only on the first row of each group (${values.size} values, none repeated, and ${blankRows} of ${rows.length} rows blank), as in a grouped report saved with each group's value shown once. Reviewed as it is, those rows would have no ${header}. Export the records with each row's own value (a Salesforce report: Export > Details Only) and run again.`;
  }
  return undefined;
}

const TOTAL_ROW = /^\s*(?:grand\s+)?(?:sub)?totals?\b/i;
/** A report's total row: its first value "Total", "Subtotal" or "Grand Total", and half its cells blank or more. */
function looksLikeTotal(cells: readonly string[]): boolean {
  const filled = cells.filter((v) => !isBlank(v));
  return filled.length > 0 && TOTAL_ROW.test(filled[0]!) && filled.length * 2 <= cells.length;
}

/**
 * A team's own sales process read with the preset's stages flags every record and checks nothing: said
 * aloud when more than 5% of the stages are not the Rules' (the checks would be quietly off, not loud).
 */
function undefinedStages(rules: Rules, headers: readonly string[], rows: readonly (readonly string[])[]): string | undefined {
  const c = roleColumn(rules, headers, 'lifecycleStage');
  if (c < 0 || !rules.lifecycleStages.length) return undefined;
  const stageIndex = stageIndexer(rules);
  const seen = new Map<string, number>();
  let n = 0;
  for (const row of rows) {
    const v = row[c]!;
    if (!isBlank(v) && stageIndex(v) < 0) {
      n++;
      seen.set(v, (seen.get(v) ?? 0) + 1);
    }
  }
  if (n * 20 <= rows.length) return undefined;
  const most = [...seen].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return `${n} of ${rows.length} records have a ${headers[c]} that is not one of the Rules' lifecycleStages (${most.map(([v]) => `"${v.length > 40 ? `${v.slice(0, 39)}…` : v}"`).join(', ')}${seen.size > 3 ? ', …' : ''}): if that is your own process, set lifecycleStages, openStages and stageRequiredFields to its stages; until then lifecycle_mismatch flags those records, and stale_owner and routing_exception pass them by.`;
}
