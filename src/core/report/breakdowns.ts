/**
 * Breakdowns of one batch's exceptions (proposals) by check, Rules entry, owner, team, lead source and
 * campaign source, and lifecycle stage. Each line sets its share of the batch's records beside its
 * share of the exceptions, so a concentration stands out. Pure: review rows + the snapshot + the rules.
 */
import { OwnerRoster } from '../checks/owners';
import { compileRoutes, firstMatchingRoute } from '../checks/routing';
import type { CheckContext } from '../checks/types';
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
  /** Record IDs flagged on a line of proposals (byCheck, byRule); a line of records counts them in `flaggedRecords`. */
  flagged: Set<string>;
  flaggedRecords: number;
  proposals: number;
  approved: number;
  rejected: number;
  escalated: number;
  pending: number;
  checks: Map<string, number>;
}

class Tally {
  readonly lines = new Map<string, Work>();
  // per field, key → line (issue 12): a repeat lookup builds no `field\0key` string
  private readonly cache = new Map<string, Map<string, Work>>();
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
      w = { key, field, records: 0, flagged: new Set(), flaggedRecords: 0, proposals: 0, approved: 0, rejected: 0, escalated: 0, pending: 0, checks: new Map() };
      this.lines.set(id, w);
    }
    byKey.set(key, w);
    return w;
  }
  /** One proposal on line w (a line of this tally); `byRecord`: the line's flagged records are counted apart. */
  add(row: ReviewRow, w: Work, byRecord = false): void {
    if (!byRecord) w.flagged.add(row.recordId);
    w.proposals++;
    w.checks.set(row.check, (w.checks.get(row.check) ?? 0) + 1);
    if (row.decision === 'Approve') w.approved++;
    else if (row.decision === 'Reject') w.rejected++;
    else if (row.decision === 'Escalate') w.escalated++;
    else w.pending++;
  }
  finish(recordsReviewed: number, proposals: number, flaggedAsRecords = false): BreakdownLine[] {
    return [...this.lines.values()]
      .map((w) => {
        const flagged = w.flagged.size + w.flaggedRecords;
        const records = flaggedAsRecords && w.records === 0 ? flagged : w.records;
        const decided = w.approved + w.rejected + w.escalated;
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
          checks: Object.fromEntries([...w.checks].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
        };
        return line;
      })
      .sort((a, b) => b.proposals - a.proposals || b.records - a.records || (a.field ?? '').localeCompare(b.field ?? '') || a.key.localeCompare(b.key));
  }
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
export function routeMatches(records: BatchRecords, rules: Pick<Rules, 'routing'>): Record<string, number> {
  const byName = new Map(records.headers.map((h, i) => [h.trim().toLowerCase(), i]));
  // compileRoutes reads only the rules and the column lookup of a check context
  const lookup: Pick<CheckContext, 'rules' | 'column'> = { rules: rules as Rules, column: (h) => (h ? (byName.get(h.trim().toLowerCase()) ?? -1) : -1) };
  const routes = compileRoutes(lookup as CheckContext);
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

  const byCheck = new Tally();
  const byRule = new Tally();
  const byOwner = new Tally();
  const byTeam = new Tally();
  const bySource = new Tally();
  const byStage = new Tally();
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

  // a line of records flags each of its records once, counted at the record's first proposal (issue 12),
  // instead of a set of Record IDs per line
  const flagged = new Uint8Array(n);
  for (const row of rows) {
    byCheck.add(row, byCheck.line(row.check));
    byRule.add(row, byRule.line(row.rule ? row.rule : NO_RULE));
    const i = recordById.get(row.recordId);
    if (i === undefined) continue;
    if (!flagged[i]) {
      flagged[i] = 1;
      for (const lines of [ownerLine, teamLine, leadLine, campaignLine, stageLine]) if (lines.length) lines[i]!.flaggedRecords++;
    }
    if (cols.owner >= 0) {
      byOwner.add(row, ownerLine[i]!, true);
      byTeam.add(row, teamLine[i]!, true);
    }
    if (cols.leadSource >= 0) bySource.add(row, leadLine[i]!, true);
    if (cols.campaignSource >= 0) bySource.add(row, campaignLine[i]!, true);
    if (cols.stage >= 0) byStage.add(row, stageLine[i]!, true);
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
