import { isDealPreset } from '../intake/presets';
import { isBlank } from '../text/cells';
import { ownerColumn, proposeOwner } from './ownerProposals';
import { isSalesforceQueueId } from './owners';
import { describeRoute, firstMatchingRoute } from './routing';
import { type Check, finding, type Finding } from './types';

/** `inactive_owner`: the owner is not in the roster, or the roster marks them inactive. */
export const inactiveOwner: Check = (ctx) => {
  const ownerCol = ownerColumn(ctx);
  if (ownerCol < 0) return [];
  const header = ctx.headers[ownerCol]!;
  // a closed deal's owner is who is credited with it: still shown, but Low, and the evidence says so
  const stageCol = isDealPreset(ctx.preset.id) ? ctx.roleColumn('lifecycleStage') : -1;
  const out: Finding[] = [];
  for (const row of ctx.rows) {
    const value = row[ownerCol]!;
    if (isBlank(value)) continue; // missing_required_field's case
    const owner = ctx.roster.find(value);
    if (owner?.active) continue;
    // a Salesforce queue owns records by design (leads waiting to be claimed): not an inactive owner
    if (!owner && isSalesforceQueueId(value)) continue;
    const deactivated = ctx.roster.deactivatedInCrm(value);
    const sharing = owner ? 0 : ctx.roster.sharing(value);
    const route = firstMatchingRoute(ctx.routes, row);
    const team = route?.rule.team ?? owner?.team;
    // a name two roster owners share: the record may be the right one's, so no reassignment is proposed
    const proposal =
      sharing > 1 ? { value: '', text: 'No owner is proposed until the export says which of them owns the record: needs evidence.' } : proposeOwner(ctx, row[ctx.idColumn]!, team);
    const why = deactivated
      ? `${header} "${value}": the CRM marks this user deactivated${owner ? ` (Rules: owners "${owner.name}")` : ''}.`
      : owner
        ? `${header} "${value}" is marked inactive in the owner roster (Rules: owners "${owner.name}").`
        : sharing > 1
          ? `${header} "${value}" names ${sharing} owners in the roster, told apart by email or user id (Rules: owners): which one owns the record, the export does not say. Export the owner's ${value.includes('@') ? '' : 'email or '}user id to tell.`
          : `${header} "${value}" is not in the owner roster (Rules: owners, ${ctx.rules.owners.length} listed).`;
    const whence = route ? ` ${describeRoute(route, row)} (Rules: routing ${route.rule.id}).` : owner?.team ? ` The owner's team was ${owner.team}.` : '';
    const stage = stageCol >= 0 ? row[stageCol]! : '';
    const closed = stageCol >= 0 && ctx.rules.openStages.length > 0 && ctx.stageIndex(stage) >= 0 && !ctx.isOpenStage(stage);
    out.push(
      finding(ctx, row, {
        check: 'inactive_owner',
        field: header,
        currentValue: value,
        proposedValue: proposal.value,
        evidence: `${why}${whence} ${proposal.text}${closed ? ` The deal is closed (${ctx.headers[stageCol]} "${stage}"): a new owner is credited with it.` : ''}`,
        // (a shared name is a question for the export, not an owner known to be gone)
        severity: closed ? 'Low' : sharing > 1 ? 'Medium' : 'High',
        reason: owner || deactivated ? 'Owner is inactive' : sharing > 1 ? 'Owner name is shared in the roster' : 'Owner is not in the roster',
        rule: route ? `routing ${route.rule.id}` : 'owners',
      }),
    );
  }
  return out;
};
