import { isBlank, memoText } from '../text/cells';
import { type Check, type CheckContext, finding, type Finding, stageKey } from './types';

const quoteList = (xs: readonly string[]): string => xs.map((x) => `"${x}"`).join(', ');

/** A statusStages rule as this check reads it: quoted and sorted once per run. */
interface StatusRule {
  status: string;
  stages: string[];
  listed: string;
  /** The rule's defined stages in stage order (made at the first mismatch). */
  allowed: { s: string; i: number }[] | undefined;
}

/**
 * `lifecycle_mismatch`: the stage is not a defined stage; or the lead status does not allow the stage;
 * or the stage lacks a field it requires (e.g. Customer without "Became a Customer Date").
 */
export const lifecycleMismatch: Check = (ctx) => {
  const stageCol = ctx.roleColumn('lifecycleStage');
  if (stageCol < 0 || ctx.rules.lifecycleStages.length === 0) return [];
  const stageHeader = ctx.headers[stageCol]!;
  const statusCol = ctx.roleColumn('leadStatus');
  const statusHeader = statusCol >= 0 ? ctx.headers[statusCol]! : '';
  // each rule's quoted list and sorted allowed stages are made once per run, not per finding (issue 12)
  const statusRules = new Map<string, StatusRule>(
    Object.entries(ctx.rules.statusStages).map(([status, stages]) => [stageKey(status), { status, stages, listed: quoteList(stages), allowed: undefined }]),
  );
  const definedStages = quoteList(ctx.rules.lifecycleStages);
  const required = new Map(
    Object.entries(ctx.rules.stageRequiredFields).map(([stage, headers]) => [
      stageKey(stage),
      { stage, fields: headers.map((h) => ({ header: h, column: ctx.column(h) })).filter((f) => f.column >= 0) },
    ]),
  );
  const ruleFor = memoText((status: string) => statusRules.get(stageKey(status)));
  // status → stage → allowed, cached per distinct pair without building a pair key per row (issue 12)
  const allowedByStatus = new Map<string, Map<string, boolean>>();
  const allows = (status: string, stage: string): boolean => {
    let byStage = allowedByStatus.get(status);
    if (!byStage) allowedByStatus.set(status, (byStage = new Map()));
    let hit = byStage.get(stage);
    if (hit === undefined) {
      const key = stageKey(stage);
      hit = ruleFor(status)!.stages.some((s) => stageKey(s) === key);
      if (byStage.size < 1000) byStage.set(stage, hit);
    }
    return hit;
  };
  const neededFor = memoText((stage: string) => required.get(stageKey(stage)));
  const out: Finding[] = [];
  for (const row of ctx.rows) {
    const stage = row[stageCol]!;
    if (isBlank(stage)) continue; // missing_required_field's case
    const status = statusCol >= 0 ? row[statusCol]! : '';
    const rule = isBlank(status) ? undefined : ruleFor(status);
    const index = ctx.stageIndex(stage);
    if (index < 0) {
      // the status decides the stage only when it allows one: among several, a guess could reopen a
      // closed record ("Closed - Lost" is not defined; "not converted" allows open stages and a closed one)
      const proposed = rule?.stages.length === 1 ? rule.stages[0]! : '';
      out.push(
        finding(ctx, row, {
          check: 'lifecycle_mismatch',
          field: stageHeader,
          currentValue: stage,
          proposedValue: proposed,
          evidence: `${stageHeader} "${stage}" is not one of the defined stages (Rules: lifecycleStages ${definedStages}).${rule ? ` ${statusHeader} "${status}" allows ${rule.listed}${proposed ? ', so it is proposed' : ': which of them is right needs evidence'} (Rules: statusStages "${rule.status}").` : ' No lead status rule gives the stage: needs evidence.'}`,
          severity: 'Medium',
          reason: 'Undefined stage',
          rule: 'lifecycleStages',
        }),
      );
      continue;
    }
    if (rule && !allows(status, stage)) {
      out.push(statusMismatch(ctx, row, stageHeader, stage, index, statusHeader, status, rule));
    }
    const needs = neededFor(stage);
    if (needs) {
      for (const f of needs.fields) {
        if (!isBlank(row[f.column])) continue;
        out.push(
          finding(ctx, row, {
            check: 'lifecycle_mismatch',
            field: ctx.headers[f.column]!,
            currentValue: row[f.column]!,
            proposedValue: '',
            evidence: `${stageHeader} "${stage}" requires "${ctx.headers[f.column]}", which is empty (Rules: stageRequiredFields "${needs.stage}"). No approved field gives its value: needs evidence.`,
            severity: 'Medium',
            reason: 'Stage lacks a required field',
            rule: `stageRequiredFields ${needs.stage}`,
          }),
        );
      }
    }
  }
  return out;
};

/** Proposes the nearest stage the status allows, forward first (backward moves are left to QA to refuse). */
function statusMismatch(
  ctx: CheckContext,
  row: readonly string[],
  stageHeader: string,
  stage: string,
  index: number,
  statusHeader: string,
  status: string,
  rule: StatusRule,
): Finding {
  rule.allowed ??= rule.stages
    .map((s) => ({ s, i: ctx.stageIndex(s) }))
    .filter((x) => x.i >= 0)
    .sort((a, b) => a.i - b.i);
  const allowed = rule.allowed;
  let forward: { s: string; i: number } | undefined;
  for (const x of allowed) {
    if (x.i > index) {
      forward = x;
      break;
    }
  }
  const target = forward ?? allowed[allowed.length - 1];
  // a closed stage proposed is a change of outcome (a converted lead marked not converted, a customer
  // made "Other", a live opportunity closed as "Other" because its lead status was left "Unqualified"):
  // the nearest stage is no evidence of which is right, unless it is the one stage the status allows
  // (a converted lead still open: "Closed - Converted"). No open stages in the Rules means "not
  // configured", as for stale_owner, not "every stage is closed"
  const outcome = target !== undefined && ctx.rules.openStages.length > 0 && !ctx.isOpenStage(target.s) && (!ctx.isOpenStage(stage) || allowed.length > 1);
  const proposal = !target
    ? ' None of the allowed stages is defined: needs evidence.'
    : outcome
      ? ` The nearest allowed stage, "${target.s}", is closed${ctx.isOpenStage(stage) ? ` and "${stage}" open` : ` like "${stage}"`}: changing one for the other changes the record's outcome, so it needs evidence (correct ${statusHeader} or ${stageHeader} in the CRM).`
      : ` The nearest allowed stage ${forward ? 'forward' : 'is behind the current one'}: "${target.s}".`;
  return finding(ctx, row, {
    check: 'lifecycle_mismatch',
    field: stageHeader,
    currentValue: stage,
    proposedValue: outcome ? '' : (target?.s ?? ''),
    evidence: `${statusHeader} "${status}" does not allow ${stageHeader} "${stage}"; it allows ${rule.listed} (Rules: statusStages "${rule.status}").${proposal}`,
    severity: 'Medium',
    reason: 'Stage not allowed by the lead status',
    rule: `statusStages ${rule.status}`,
  });
}
