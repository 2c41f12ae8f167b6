import { isBlank, normaliseText } from '../cells';
import { columnDayOrder, dayToIso, parseCrmDate } from '../dates';
import { ownerImportValue } from '../owners';
import { type CompiledRoute, describeRoute, firstMatchingRoute } from '../routing';
import type { Owner } from '../rules';
import { type Check, type CheckContext, finding, type Finding } from './types';

/** Owner checks need an owner column and a roster; without a roster every owner would look unknown. */
function ownerColumn(ctx: CheckContext): number {
  return ctx.rules.owners.length === 0 ? -1 : ctx.roleColumn('owner');
}

/** "proposed X: how" or why nothing could be proposed, and the value the import takes. */
function proposeOwner(ctx: CheckContext, team: string | undefined, exclude?: Owner): { value: string; text: string } {
  if (!team) return { value: '', text: 'No team is known for this record, so no owner can be proposed: needs evidence.' };
  const pick = ctx.roster.pickForTeam(team, exclude);
  if (!pick) return { value: '', text: `Team ${team} has no${exclude ? ' other' : ''} active owner in the roster: needs evidence.` };
  return { value: ownerImportValue(pick.owner, ctx.preset), text: `Proposed ${pick.owner.name}: ${pick.how}.` };
}

/** `inactive_owner`: the owner is not in the roster, or the roster marks them inactive. */
export const inactiveOwner: Check = (ctx) => {
  const ownerCol = ownerColumn(ctx);
  if (ownerCol < 0) return [];
  const header = ctx.headers[ownerCol]!;
  const out: Finding[] = [];
  for (const row of ctx.rows) {
    const value = row[ownerCol]!;
    if (isBlank(value)) continue; // missing_required_field's case
    const owner = ctx.roster.find(value);
    if (owner?.active) continue;
    const route = firstMatchingRoute(ctx.routes, row);
    const team = route?.rule.team ?? owner?.team;
    const proposal = proposeOwner(ctx, team);
    const why = owner
      ? `${header} "${value}" is marked inactive in the owner roster (Rules: owners "${owner.name}").`
      : `${header} "${value}" is not in the owner roster (Rules: owners, ${ctx.rules.owners.length} listed).`;
    const whence = route ? ` ${describeRoute(route, row)} (Rules: routing ${route.rule.id}).` : owner?.team ? ` The owner's team was ${owner.team}.` : '';
    out.push(finding(ctx, row, {
      check: 'inactive_owner', field: header, currentValue: value, proposedValue: proposal.value,
      evidence: `${why}${whence} ${proposal.text}`, severity: 'High',
      reason: owner ? 'Owner is inactive' : 'Owner is not in the roster',
    }));
  }
  return out;
};

/**
 * `stale_owner`: the owner is active, the record is in an open stage, and its last activity (else last
 * modification) is older than the stale threshold as of the review date. An unreadable date is a
 * finding of its own.
 */
export const staleOwner: Check = (ctx) => {
  const ownerCol = ownerColumn(ctx);
  const stageCol = ctx.roleColumn('lifecycleStage');
  const activityCol = ctx.roleColumn('lastActivityAt');
  const updatedCol = ctx.roleColumn('updatedAt');
  if (ownerCol < 0 || stageCol < 0 || (activityCol < 0 && updatedCol < 0)) return [];
  const order = new Map([activityCol, updatedCol].filter((c) => c >= 0).map((c) => [c, columnDayOrder(ctx.rows.map((r) => r[c]!))]));
  const limit = ctx.rules.staleAfterDays;
  const out: Finding[] = [];
  for (const row of ctx.rows) {
    const stage = row[stageCol]!;
    if (!ctx.isOpenStage(stage)) continue;
    const owner = ctx.roster.find(row[ownerCol]!);
    if (!owner?.active) continue;
    const col = activityCol >= 0 && !isBlank(row[activityCol]) ? activityCol : updatedCol >= 0 && !isBlank(row[updatedCol]) ? updatedCol : -1;
    if (col < 0) continue;
    const header = ctx.headers[col]!;
    const text = row[col]!;
    const parsed = parseCrmDate(text, order.get(col));
    if (!parsed.ok) {
      out.push(finding(ctx, row, {
        check: 'stale_owner', field: header, currentValue: text, proposedValue: '',
        evidence: `${header} "${text}" is not a date this review can read (${parsed.reason === 'ambiguous' ? 'day and month could be swapped, and its column does not say which comes first' : 'unrecognised form'}), so staleness as of ${ctx.asOfText} cannot be judged: needs evidence.`,
        severity: 'Low', reason: 'Unreadable date',
      }));
      continue;
    }
    const age = ctx.asOfDay - parsed.day;
    if (age <= limit) continue;
    const route = firstMatchingRoute(ctx.routes, row);
    const team = route?.rule.team ?? owner.team;
    const proposal = proposeOwner(ctx, team, owner);
    const basis = col === activityCol ? header : `${header} (no last activity date)`;
    out.push(finding(ctx, row, {
      check: 'stale_owner', field: ctx.headers[ownerCol]!, currentValue: row[ownerCol]!, proposedValue: proposal.value,
      evidence: `${basis} ${dayToIso(parsed.day)} is ${age} days before the review date ${ctx.asOfText}, over the ${limit}-day limit for open stage "${stage}" (Rules: staleAfterDays ${limit}, openStages). Owner ${owner.name} is active in team ${owner.team || '(none)'}. ${proposal.text}`,
      severity: 'Medium', reason: 'Open record with no recent activity',
    }));
  }
  return out;
};

function routingValues(routes: readonly CompiledRoute[], row: readonly string[]): string {
  const seen = new Map<string, string>();
  for (const r of routes) for (const c of r.conditions) if (c.column >= 0 && !seen.has(c.header)) seen.set(c.header, row[c.column]!);
  return [...seen].map(([h, v]) => `${h} "${v}"`).join(', ') || 'none of the routing columns are in the export';
}

/**
 * `routing_exception`: the owner's team is not the team the first matching routing rule expects, or
 * no rule matches a routable record. Routable: an open stage (or no stage); records owned by someone
 * inactive or unknown are left to inactive_owner, and blank owners to missing_required_field.
 */
export const routingException: Check = (ctx) => {
  const ownerCol = ownerColumn(ctx);
  if (ownerCol < 0 || ctx.routes.length === 0) return [];
  const stageCol = ctx.roleColumn('lifecycleStage');
  const judgeStage = stageCol >= 0 && ctx.rules.openStages.length > 0;
  const header = ctx.headers[ownerCol]!;
  const out: Finding[] = [];
  for (const row of ctx.rows) {
    if (judgeStage && !isBlank(row[stageCol]) && !ctx.isOpenStage(row[stageCol]!)) continue;
    const value = row[ownerCol]!;
    if (isBlank(value)) continue;
    const owner = ctx.roster.find(value);
    if (!owner?.active) continue;
    const route = firstMatchingRoute(ctx.routes, row);
    if (!route) {
      out.push(finding(ctx, row, {
        check: 'routing_exception', field: header, currentValue: value, proposedValue: '',
        evidence: `No routing rule matches this record (${routingValues(ctx.routes, row)}; Rules: routing, ${ctx.routes.length} rules), so no team can be expected: needs evidence.`,
        severity: 'Medium', reason: 'No routing rule matches',
      }));
      continue;
    }
    if (normaliseText(owner.team) === normaliseText(route.rule.team)) continue;
    const proposal = proposeOwner(ctx, route.rule.team);
    out.push(finding(ctx, row, {
      check: 'routing_exception', field: header, currentValue: value, proposedValue: proposal.value,
      evidence: `${describeRoute(route, row)} (Rules: routing ${route.rule.id}), but ${owner.name} is in team ${owner.team || '(none)'} (Rules: owners). ${proposal.text}`,
      severity: 'High', reason: 'Owner is not in the team the routing rule expects',
    }));
  }
  return out;
};
