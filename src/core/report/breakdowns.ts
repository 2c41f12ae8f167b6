/**
 * Breakdowns of one batch's exceptions (proposals) by check, Rules entry, owner, team, lead source and
 * campaign source, and lifecycle stage. Each line sets its share of the batch's records beside its
 * share of the exceptions, so a concentration stands out. Pure: review rows + the snapshot + the rules.
 */
import { OwnerRoster } from '../checks/owners';
import { compileRoutes, firstMatchingRoute } from '../checks/routing';
import { recordIndexOf } from '../intake/pull';
import type { Role, Rules } from '../intake/rules';
import type { ReviewRow } from '../review/rows';
import { isBlank } from '../text/cells';

export interface BreakdownLine {
  /** The check id, Rules entry, owner, team, source or stage value; "(blank)" for an empty value. */
  key: string;
  /** bySource only: which field the key is a value of. */
  field?: 'leadSource' | 'campaignSource';
  /** Records of the batch the line covers (byCheck and byRule: the records it flagged; a routing rule: the records it routes). */
  records: number;
  recordsFlagged: number;
  proposals: number;
  approved: number;
  rejected: number;
  escalated: number;
  pending: number;
  /** records / records reviewed, 0..1. */
  recordsShare: number;
  /** proposals / the batch's proposals, 0..1. */
  exceptionShare: number;
  /** rejected / decided, 0..1. */
  rejectionShare: number;
  /** Proposals per check id on this line (checks with none are left out). */
  checks: Record<string, number>;
}

export interface Breakdowns {
  byCheck: BreakdownLine[];
  byRule: BreakdownLine[];
  byOwner: BreakdownLine[];
  byTeam: BreakdownLine[];
  bySource: BreakdownLine[];
  byStage: BreakdownLine[];
}

export const BREAKDOWN_KEYS = ['byCheck', 'byRule', 'byOwner', 'byTeam', 'bySource', 'byStage'] as const;

/** The records of the batch, as the report sees them (approved columns only). */
export interface BatchRecords {
  headers: readonly string[];
  rows: readonly (readonly string[])[];
}

export const BLANK = '(blank)';
export const NOT_IN_ROSTER = '(not in the roster)';
export const NO_RULE = '(no rule)';

interface Work {
  key: string;
  field?: BreakdownLine['field'];
  records: number;
  /** Record IDs flagged on a line of proposals (byCheck, byRule) when not counted in `flaggedRecords`. */
  flagged: Set<string>;
  flaggedRecords: number;
  /** The record (index) last counted in `flaggedRecords` (countRecord). */
  lastRecord: number;
  proposals: number;
  approved: number;
  rejected: number;
  escalated: number;
  pending: number;
  /** Proposals per check, by the check's number in CheckNumbers (issue 12: no map per line). */
  checks: number[];
}

/** Each check id found on the rows, numbered once per row (issue 12), not looked up on each of its lines. */
class CheckNumbers {
  readonly ids: string[] = [];
  private readonly numbers = new Map<string, number>();
  of(check: string): number {
    let k = this.numbers.get(check);
    if (k === undefined) {
      k = this.ids.length;
      this.numbers.set(check, k);
      this.ids.push(check);
    }
    return k;
  }
}

class Tally {
  readonly lines = new Map<string, Work>();
  // per field, key → line (issue 12): a repeat lookup builds no `field\0key` string
  private readonly cache = new Map<string, Map<string, Work>>();
  constructor(private readonly checkIds: CheckNumbers) {}
  line(key: string, field?: BreakdownLine['field']): Work {
    let byKey = this.cache.get(field ?? '');
    if (!byKey) {
      byKey = new Map();
      this.cache.set(field ?? '', byKey);
    }
    const hit = byKey.get(key);
    if (hit) return hit;
    const id = field ? `${field}\u0000${key}` : key;
    let w = this.lines.get(id);
    if (!w) {
      w = { key, field, records: 0, flagged: new Set(), flaggedRecords: 0, lastRecord: -1, proposals: 0, approved: 0, rejected: 0, escalated: 0, pending: 0, checks: [] };
      this.lines.set(id, w);
    }
    byKey.set(key, w);
    return w;
  }
  /** One proposal on line w (a line of this tally), of the check numbered `check`; its record is counted apart. */
  add(row: ReviewRow, w: Work, check: number): void {
    w.proposals++;
    w.checks[check] = (w.checks[check] ?? 0) + 1;
    if (row.decision === 'Approve') w.approved++;
    else if (row.decision === 'Reject') w.rejected++;
    else if (row.decision === 'Escalate') w.escalated++;
    else w.pending++;
  }
  finish(recordsReviewed: number, proposals: number, flaggedAsRecords = false): BreakdownLine[] {
    const ids = this.checkIds.ids;
    return [...this.lines.values()]
      .map((w) => {
        const flagged = w.flagged.size + w.flaggedRecords;
        const records = flaggedAsRecords && w.records === 0 ? flagged : w.records;
        const decided = w.approved + w.rejected + w.escalated;
        const checks: [string, number][] = [];
        w.checks.forEach((count, k) => checks.push([ids[k]!, count]));
        const line: BreakdownLine = {
          key: w.key,
          ...(w.field ? { field: w.field } : {}),
          records,
          recordsFlagged: flagged,
          proposals: w.proposals,
          approved: w.approved,
          rejected: w.rejected,
          escalated: w.escalated,
          pending: w.pending,
          recordsShare: recordsReviewed ? records / recordsReviewed : 0,
          exceptionShare: proposals ? w.proposals / proposals : 0,
          rejectionShare: decided ? w.rejected / decided : 0,
          checks: Object.fromEntries(checks.sort((a, b) => (a[0] < b[0] ? -1 : 1))),
        };
        return line;
      })
      .sort((a, b) => b.proposals - a.proposals || b.records - a.records || (a.field ?? '').localeCompare(b.field ?? '') || a.key.localeCompare(b.key));
  }
}

/**
 * Counts a proposal's record on line w of proposals (byCheck, byRule), once per line. Issue 12: when the
 * rows keep each record's proposals together (sortReviewRows; `grouped`), a record is new to a line when
 * it is not the line's last one: no set of Record IDs per line. Otherwise, and for a Record ID not among
 * the records (record -1), the line's set counts it. The two never hold the same record.
 */
function countRecord(w: Work, record: number, recordId: string, grouped: boolean): void {
  if (grouped && record >= 0) {
    if (w.lastRecord !== record) {
      w.lastRecord = record;
      w.flaggedRecords++;
    }
  } else w.flagged.add(recordId);
}

/** Column index of the header that plays a role in the snapshot, -1 when absent. */
export function roleIndex(records: BatchRecords, rules: Pick<Rules, 'fields'>, role: Role): number {
  const header = rules.fields[role]?.trim().toLowerCase();
  return header ? records.headers.findIndex((h) => h.trim().toLowerCase() === header) : -1;
}

const valueOr = (v: string | undefined): string => (isBlank(v) ? BLANK : v!.trim());

/** The line of a cell value, worked out once per distinct value (issue 12). */
function lineByValue(tally: Tally, keyOf: (value: string) => string, field?: BreakdownLine['field']): (value: string) => Work {
  const byValue = new Map<string, Work>();
  return (value) => {
    let w = byValue.get(value);
    if (!w) byValue.set(value, (w = tally.line(keyOf(value), field)));
    return w;
  };
}

/** How many records each routing rule routes (the first matching rule wins), by rule id. */
export function routeMatches(records: BatchRecords, rules: Pick<Rules, 'routing' | 'fields'>): Record<string, number> {
  const byName = new Map(records.headers.map((h, i) => [h.trim().toLowerCase(), i]));
  const column = (h: string | undefined): number => (h ? (byName.get(h.trim().toLowerCase()) ?? -1) : -1);
  const routes = compileRoutes({ rules, column, roleColumn: (role) => column(rules.fields[role]) });
  const counts: Record<string, number> = Object.fromEntries(rules.routing.map((r) => [r.id, 0]));
  if (routes.length === 0) return counts;
  for (const row of records.rows) {
    const hit = firstMatchingRoute(routes, row);
    if (hit) counts[hit.rule.id] = (counts[hit.rule.id] ?? 0) + 1;
  }
  return counts;
}

/**
 * The six breakdowns of a batch. `checkIds` lists every check, so a check with no proposals still has
 * its line; any other check id found on a row is counted too (checks are handled generically).
 */
export function computeBreakdowns(
  rows: readonly ReviewRow[],
  records: BatchRecords,
  rules: Rules,
  checkIds: readonly string[],
  matches = routeMatches(records, rules),
): Breakdowns {
  const recordsReviewed = records.rows.length;
  const proposals = rows.length;
  const idCol = roleIndex(records, rules, 'id');
  const cols = {
    owner: roleIndex(records, rules, 'owner'),
    stage: roleIndex(records, rules, 'lifecycleStage'),
    leadSource: roleIndex(records, rules, 'leadSource'),
    campaignSource: roleIndex(records, rules, 'campaignSource'),
  };
  const roster = new OwnerRoster(rules.owners);
  const ownerName = (value: string): string => (isBlank(value) ? BLANK : (roster.find(value)?.name ?? value.trim()));
  const teamOf = (value: string): string => {
    if (isBlank(value)) return BLANK;
    const o = roster.find(value);
    return o ? o.team || BLANK : NOT_IN_ROSTER;
  };

  const checkNumbers = new CheckNumbers();
  const byCheck = new Tally(checkNumbers);
  const byRule = new Tally(checkNumbers);
  const byOwner = new Tally(checkNumbers);
  const byTeam = new Tally(checkNumbers);
  const bySource = new Tally(checkNumbers);
  const byStage = new Tally(checkNumbers);
  for (const id of checkIds) byCheck.line(id);
  for (const [id, n] of Object.entries(matches)) byRule.line(`routing ${id}`).records = n;

  // records per value: the denominators of the concentration shares. Each record's owner, team, source
  // and stage lines are found once here and reused for its proposals (issue 12), not looked up again;
  // and once per distinct cell value, not per record.
  const recordById = idCol >= 0 ? recordIndexOf(records.rows, idCol) : new Map<string, number>();
  const n = records.rows.length;
  const ownerLine: Work[] = new Array(cols.owner >= 0 ? n : 0);
  const teamLine: Work[] = new Array(cols.owner >= 0 ? n : 0);
  const leadLine: Work[] = new Array(cols.leadSource >= 0 ? n : 0);
  const campaignLine: Work[] = new Array(cols.campaignSource >= 0 ? n : 0);
  const stageLine: Work[] = new Array(cols.stage >= 0 ? n : 0);
  const ownerOf = lineByValue(byOwner, ownerName);
  const teamOfValue = lineByValue(byTeam, teamOf);
  const leadOf = lineByValue(bySource, valueOr, 'leadSource');
  const campaignOf = lineByValue(bySource, valueOr, 'campaignSource');
  const stageOf = lineByValue(byStage, valueOr);
  for (let i = 0; i < n; i++) {
    const row = records.rows[i]!;
    if (cols.owner >= 0) {
      (ownerLine[i] = ownerOf(row[cols.owner]!)).records++;
      (teamLine[i] = teamOfValue(row[cols.owner]!)).records++;
    }
    if (cols.leadSource >= 0) (leadLine[i] = leadOf(row[cols.leadSource]!)).records++;
    if (cols.campaignSource >= 0) (campaignLine[i] = campaignOf(row[cols.campaignSource]!)).records++;
    if (cols.stage >= 0) (stageLine[i] = stageOf(row[cols.stage]!)).records++;
  }

  // each row's record, looked up once (-1: not among the records), and whether each record's rows are
  // together (countRecord)
  const recordOf = new Int32Array(rows.length);
  // a line of records flags each of its records once, counted at the record's first proposal (issue 12),
  // instead of a set of Record IDs per line
  const flagged = new Uint8Array(n);
  let grouped = true;
  for (let k = 0, last = -1; k < rows.length; k++) {
    const i = recordById.get(rows[k]!.recordId) ?? -1;
    recordOf[k] = i;
    if (i >= 0 && i !== last) {
      if (flagged[i]) grouped = false;
      flagged[i] = 1;
    }
    last = i;
  }
  flagged.fill(0);
  const lines = [ownerLine, teamLine, leadLine, campaignLine, stageLine].filter((l) => l.length);
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    const check = checkNumbers.of(row.check);
    const i = recordOf[k]!;
    const c = byCheck.line(row.check);
    const r = byRule.line(row.rule ? row.rule : NO_RULE);
    byCheck.add(row, c, check);
    byRule.add(row, r, check);
    countRecord(c, i, row.recordId, grouped);
    countRecord(r, i, row.recordId, grouped);
    if (i < 0) continue;
    if (!flagged[i]) {
      flagged[i] = 1;
      for (const l of lines) l[i]!.flaggedRecords++;
    }
    if (cols.owner >= 0) {
      byOwner.add(row, ownerLine[i]!, check);
      byTeam.add(row, teamLine[i]!, check);
    }
    if (cols.leadSource >= 0) bySource.add(row, leadLine[i]!, check);
    if (cols.campaignSource >= 0) bySource.add(row, campaignLine[i]!, check);
    if (cols.stage >= 0) byStage.add(row, stageLine[i]!, check);
  }
  return {
    byCheck: byCheck.finish(recordsReviewed, proposals, true),
    byRule: byRule.finish(recordsReviewed, proposals, true),
    byOwner: byOwner.finish(recordsReviewed, proposals),
    byTeam: byTeam.finish(recordsReviewed, proposals),
    bySource: bySource.finish(recordsReviewed, proposals),
    byStage: byStage.finish(recordsReviewed, proposals),
  };
}
