import { isBlank, normaliseText } from '../text/cells';
import { ownerColumn, proposeOwner } from './ownerProposals';
import { type CompiledRoute, describeRoute, firstMatchingRoute } from './routing';
import { type Check, finding, type Finding } from './types';

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
    const proposal = proposeOwner(ctx, row[ctx.idColumn]!, route.rule.team);
    out.push(finding(ctx, row, {
      check: 'routing_exception', field: header, currentValue: value, proposedValue: proposal.value,
      evidence: `${describeRoute(route, row)} (Rules: routing ${route.rule.id}), but ${owner.name} is in team ${owner.team || '(none)'} (Rules: owners). ${proposal.text}`,
      severity: 'High', reason: 'Owner is not in the team the routing rule expects',
    }));
  }
  return out;
};
