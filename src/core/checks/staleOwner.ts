import { isBlank } from '../text/cells';
import { columnDateParser, dayToIso } from '../text/dates';
import { ownerColumn, proposeOwner } from './ownerProposals';
import { firstMatchingRoute } from './routing';
import { type Check, finding, type Finding } from './types';

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
  const parsers = new Map([activityCol, updatedCol].filter((c) => c >= 0).map((c) => [c, columnDateParser(() => ctx.rows.map((r) => r[c]!), ctx.dateEvidence)]));
  const limit = ctx.rules.staleAfterDays;
  const out: Finding[] = [];
  for (const row of ctx.rows) {
    const stage = row[stageCol]!;
    if (!ctx.isOpenStage(stage)) continue;
    const owner = ctx.roster.find(row[ownerCol]!);
    // (a queue holds records waiting to be claimed: not an owner who let one go stale)
    if (!owner?.active || owner.queue) continue;
    const col = activityCol >= 0 && !isBlank(row[activityCol]) ? activityCol : updatedCol >= 0 && !isBlank(row[updatedCol]) ? updatedCol : -1;
    if (col < 0) continue;
    const header = ctx.headers[col]!;
    const text = row[col]!;
    const parsed = parsers.get(col)!(text);
    if (!parsed.ok) {
      out.push(
        finding(ctx, row, {
          check: 'stale_owner',
          field: header,
          currentValue: text,
          proposedValue: '',
          evidence: `${header} "${text}" is not a date this review can read (${parsed.reason === 'ambiguous' ? 'day and month could be swapped, and its column does not say which comes first' : 'unrecognised form'}), so staleness as of ${ctx.asOfText} cannot be judged: needs evidence.`,
          severity: 'Low',
          reason: 'Unreadable date',
          rule: 'staleAfterDays',
        }),
      );
      continue;
    }
    const age = ctx.asOfDay - parsed.day;
    if (age <= limit) continue;
    const route = firstMatchingRoute(ctx.routes, row);
    const team = route?.rule.team ?? owner.team;
    const proposal = proposeOwner(ctx, row[ctx.idColumn]!, team, owner);
    const basis = col === activityCol ? header : `${header} (no last activity date)`;
    out.push(
      finding(ctx, row, {
        check: 'stale_owner',
        field: ctx.headers[ownerCol]!,
        currentValue: row[ownerCol]!,
        proposedValue: proposal.value,
        evidence: `${basis} ${dayToIso(parsed.day)} is ${age} days before the review date ${ctx.asOfText}, over the ${limit}-day limit for open stage "${stage}" (Rules: staleAfterDays ${limit}, openStages). Owner ${owner.name} is active in team ${owner.team || '(none)'}. ${proposal.text}`,
        severity: 'Medium',
        reason: 'Open record with no recent activity',
        rule: route ? `routing ${route.rule.id}` : 'staleAfterDays',
      }),
    );
  }
  return out;
};
