import { isBlank, memoText, normaliseText } from '../text/cells';
import { ownerColumn, proposeOwner } from './ownerProposals';
import { type CompiledRoute, describeRoute, firstMatchingRoute } from './routing';
import { type Check, finding, type Finding } from './types';

function routingValues(routes: readonly CompiledRoute[], row: readonly string[]): string {
  const seen = new Map<string, string>();
  for (const r of routes) for (const c of r.conditions) if (c.column >= 0 && !seen.has(c.header)) seen.set(c.header, row[c.column]!);
  return [...seen].map(([h, v]) => `${h} "${v}"`).join(', ') || 'none of the routing columns are in the export';
}

/** The rules' columns this export lacks, said beside "no rule matches" (such a rule matches no record). */
function missingRouteColumns(routes: readonly CompiledRoute[]): string {
  // (once per column, naming up to three of its rules: the text is in every such row)
  const rulesOf = new Map<string, string[]>();
  for (const r of routes) for (const c of r.conditions) if (c.column < 0) rulesOf.set(c.header, [...(rulesOf.get(c.header) ?? []), r.rule.id]);
  const said = [...rulesOf].map(([header, ids]) => {
    const named = ids.length > 3 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', ');
    return `"${header}", which rule${ids.length === 1 ? '' : 's'} ${named} test${ids.length === 1 ? 's' : ''}, is not in this export`;
  });
  return said.length ? `; ${said.join('; ')}` : '';
}

/** The Reason of a closed-stage routing exception: the Summary counts these apart. */
export const CLOSED_STAGE_REASON = 'Closed-stage record owned by a team the routing rule does not expect';

/**
 * `routing_exception`: the owner's team is not the team the first matching routing rule expects, or
 * no rule matches a routable record. Routable: an open stage (or no stage); records owned by someone
 * inactive or unknown are left to inactive_owner, and blank owners to missing_required_field.
 * A record in a closed stage (defined, not open: Customer, Evangelist) owned by the wrong team is
 * flagged with Low severity, unless the Rules say `routingClosedStages: skip`.
 */
export const routingException: Check = (ctx) => {
  const ownerCol = ownerColumn(ctx);
  if (ownerCol < 0 || ctx.routes.length === 0) return [];
  const stageCol = ctx.roleColumn('lifecycleStage');
  const judgeStage = stageCol >= 0 && ctx.rules.openStages.length > 0;
  const header = ctx.headers[ownerCol]!;
  const out: Finding[] = [];
  const closedToo = ctx.rules.routingClosedStages !== 'skip';
  // teams are few: each is normalised once, not twice per record (issue 12)
  const teamKey = memoText(normaliseText);
  const missing = missingRouteColumns(ctx.routes);
  for (const row of ctx.rows) {
    let closed = false;
    if (judgeStage && !isBlank(row[stageCol]) && !ctx.isOpenStage(row[stageCol]!)) {
      // an undefined stage is lifecycle_mismatch's case
      if (!closedToo || ctx.stageIndex(row[stageCol]!) < 0) continue;
      closed = true;
    }
    const value = row[ownerCol]!;
    if (isBlank(value)) continue;
    const owner = ctx.roster.find(value);
    if (!owner?.active) continue;
    // a queue of no team holds records for anyone; a team's queue is routed like its owners
    if (owner.queue && owner.team.trim() === '') continue;
    const route = firstMatchingRoute(ctx.routes, row);
    if (!route && closed) continue; // no team to expect: only open records need a route
    if (!route) {
      out.push(
        finding(ctx, row, {
          check: 'routing_exception',
          field: header,
          currentValue: value,
          proposedValue: '',
          evidence: `No routing rule matches this record (${routingValues(ctx.routes, row)}; Rules: routing, ${ctx.routes.length} rules${missing}), so no team can be expected: needs evidence.`,
          severity: 'Medium',
          reason: 'No routing rule matches',
          rule: 'routing',
        }),
      );
      continue;
    }
    if (teamKey(owner.team) === teamKey(route.rule.team)) continue;
    const proposal = proposeOwner(ctx, row[ctx.idColumn]!, route.rule.team);
    out.push(
      finding(ctx, row, {
        check: 'routing_exception',
        field: header,
        currentValue: value,
        proposedValue: proposal.value,
        evidence: `${describeRoute(route, row)} (Rules: routing ${route.rule.id}), but ${owner.name} is in team ${owner.team || '(none)'} (Rules: owners).${closed ? ` The record is in closed stage "${row[stageCol]}": Low severity (Rules: routingClosedStages low).` : ''} ${proposal.text}`,
        severity: closed ? 'Low' : 'High',
        reason: closed ? CLOSED_STAGE_REASON : 'Owner is not in the team the routing rule expects',
        rule: `routing ${route.rule.id}`,
      }),
    );
  }
  return out;
};
