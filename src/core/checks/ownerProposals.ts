import { ownerImportValue } from './owners';
import type { Owner } from '../intake/rules';
import type { CheckContext } from './types';

/** Owner checks need an owner column and a roster; without a roster every owner would look unknown. */
export function ownerColumn(ctx: CheckContext): number {
  return ctx.rules.owners.length === 0 ? -1 : ctx.roleColumn('owner');
}

/** "proposed X: how" or why nothing could be proposed, and the value the import takes. */
export function proposeOwner(ctx: CheckContext, recordId: string, team: string | undefined, exclude?: Owner): { value: string; text: string } {
  if (!team) return { value: '', text: 'No team is known for this record, so no owner can be proposed: needs evidence.' };
  const needsId = ctx.preset.ownerImportValue === 'id';
  const pick = ctx.roster.pickForTeam(team, recordId, exclude, needsId);
  if (!pick) return { value: '', text: `Team ${team} has no${exclude ? ' other' : ''} active owner${needsId ? ' with a CRM user id' : ''} in the roster: needs evidence.` };
  // a name two roster owners share is told apart by what tells them apart in the roster
  const o = pick.owner;
  const label = ctx.roster.sharing(o.name) > 1 ? `${o.name} (${o.email || o.id})` : o.name;
  return { value: ownerImportValue(o, ctx.preset), text: `Proposed ${label}: ${pick.how}.` };
}
