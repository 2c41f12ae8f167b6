import { isDealPreset } from '../intake/presets';
import { isSalesforceOwnerId } from '../intake/salesforceIds';
import type { CheckContext, CheckId } from './types';

/**
 * Why a check cannot run on this batch, or undefined when it can. A skipped check is never silent:
 * the Summary, summary.json (`checksSkipped`) and the CLI list it with its reason, and the routing
 * exception rate is marked partial, because records it would have flagged are not counted.
 */
const REASONS: Partial<Record<CheckId, (ctx: CheckContext) => string | undefined>> = {
  missing_required_field: (ctx) =>
    ctx.rules.requiredFields.length === 0
      ? 'no required fields in the Rules (requiredFields)'
      : ctx.rules.requiredFields.every((h) => ctx.column(h) < 0)
        ? 'none of the required fields is in the export (requiredFields)'
        : undefined,
  inactive_owner: (ctx) => ownerReason(ctx),
  stale_owner: (ctx) =>
    ownerReason(ctx) ??
    (ctx.roleColumn('lifecycleStage') < 0 ? 'no stage column (fields.lifecycleStage)' : undefined) ??
    (ctx.rules.openStages.length === 0 ? 'no open stages in the Rules (openStages)' : undefined) ??
    (ctx.roleColumn('lastActivityAt') < 0 && ctx.roleColumn('updatedAt') < 0 ? 'no last activity or last modified column (fields.lastActivityAt, fields.updatedAt)' : undefined),
  lifecycle_mismatch: (ctx) =>
    ctx.roleColumn('lifecycleStage') < 0
      ? 'no stage column (fields.lifecycleStage)'
      : ctx.rules.lifecycleStages.length === 0
        ? 'no lifecycle stages in the Rules (lifecycleStages)'
        : undefined,
  source_mismatch: (ctx) => (ctx.roleColumn('leadSource') < 0 ? 'no lead source column (fields.leadSource)' : undefined),
  routing_exception: (ctx) => ownerReason(ctx) ?? (ctx.routes.length === 0 ? 'no routing rules in the Rules (routing)' : undefined),
  // a company has many deals: matched on its company alone, every two deals of one company would be
  // proposed as a merge; a team that knows what makes two of its deals one names the columns
  // (no columns are suggested: a deal's name holds its company's, and an evaluator's try of the account
  // and name made nearly every deal one)
  duplicate_record: (ctx) =>
    isDealPreset(ctx.rules.preset) && ctx.rules.duplicates.match === undefined
      ? 'deals have no identity to match by default (a company has many deals; matched on it, every two would be one): to compare deals, name in the Rules (duplicates.match) the columns that make two of yours one'
      : undefined,
  // no rules at all is a choice, not a gap; rules that all name columns the export lacks are a gap
  record_rule_violation: (ctx) =>
    ctx.rules.recordRules.length > 0 && Object.keys(ctx.rules.standards).length === 0 && ctx.rules.recordRules.every((r) => ctx.column(r.header) < 0)
      ? "none of the record rules' columns is in the export (recordRules)"
      : undefined,
};

function ownerReason(ctx: CheckContext): string | undefined {
  const column = ctx.roleColumn('owner');
  if (column < 0) return 'no owner column (fields.owner)';
  if (ctx.rules.owners.length === 0) return 'no owner roster in the Rules (owners): every owner would look unknown';
  if (holdsUnrosteredIds(ctx, column)) return 'the owner column holds CRM user ids and no owner in the Rules has one (owners, id): every owner would look unknown';
  return undefined;
}

/** A user id as an owner column holds it: HubSpot's owner number, a Salesforce user (005…) or queue (00G…). */
const isUserId = (v: string): boolean => /^\d{3,}$/.test(v) || isSalesforceOwnerId(v);
const OWNERS_READ = 1_000;

/**
 * Whether the owner column holds user ids (hubspot_owner_id, OwnerId) that the roster, which gives no
 * ids, cannot find: then the owner checks would flag every record as owned by someone unknown (read on
 * the first 1,000 owners; an owner the roster finds, by a name of digits say, counts against).
 */
function holdsUnrosteredIds(ctx: CheckContext, column: number): boolean {
  if (ctx.rules.owners.some((o) => (o.id ?? '').trim() !== '')) return false;
  let read = 0;
  let unknownIds = 0;
  for (const row of ctx.rows) {
    const v = row[column]!.trim();
    if (v === '') continue;
    if (isUserId(v) && !ctx.roster.find(v)) unknownIds++;
    if (++read === OWNERS_READ) break;
  }
  return read > 0 && unknownIds >= 0.9 * read;
}

export function whySkipped(check: CheckId, ctx: CheckContext): string | undefined {
  return REASONS[check]?.(ctx);
}
