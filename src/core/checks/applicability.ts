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
  // no rules at all is a choice, not a gap; rules that all name columns the export lacks are a gap
  record_rule_violation: (ctx) =>
    ctx.rules.recordRules.length > 0 && Object.keys(ctx.rules.standards).length === 0 && ctx.rules.recordRules.every((r) => ctx.column(r.header) < 0)
      ? "none of the record rules' columns is in the export (recordRules)"
      : undefined,
};

function ownerReason(ctx: CheckContext): string | undefined {
  if (ctx.roleColumn('owner') < 0) return 'no owner column (fields.owner)';
  if (ctx.rules.owners.length === 0) return 'no owner roster in the Rules (owners): every owner would look unknown';
  return undefined;
}

export function whySkipped(check: CheckId, ctx: CheckContext): string | undefined {
  return REASONS[check]?.(ctx);
}
