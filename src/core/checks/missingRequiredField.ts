import { flat, isBlank, normaliseText } from '../text/cells';
import { isPlaceholder } from './dedupe/normalize';
import { ownerImportValue } from './owners';
import { describeRoute, firstMatchingRoute } from './routing';
import { standardDomain } from '../intake/standards/formats';
import { type Check, type CheckContext, type Finding, stageKey, websiteColumn } from './types';

/**
 * `missing_required_field`: a required field is empty, only white space, or a placeholder for none
 * ("[not provided]", "N/A"); one proposal per field.
 * Where the record's other approved fields determine the value (campaign mapping, lead status, routing),
 * the proposal carries it and says where it came from.
 */
export const missingRequiredField: Check = (ctx) => {
  const { rules } = ctx;
  const required = rules.requiredFields.map((h) => ({ header: h, column: ctx.column(h) })).filter((r) => r.column >= 0);
  if (required.length === 0) return [];
  const derive = makeDeriver(ctx);
  // (a lead source that says nothing, "Unknown", is source_mismatch's unclear source, and an owner "-" is
  // inactive_owner's owner not in the roster, each with its own proposal: not a missing value as well)
  const sourceCol = ctx.roleColumn('leadSource');
  const ownerCol = ctx.roleColumn('owner');
  const findings: Finding[] = [];
  for (const row of ctx.rows) {
    for (const { header, column } of required) {
      const value = row[column] ?? '';
      const placeholder = !isBlank(value) && column !== sourceCol && column !== ownerCol && isPlaceholderValue(value);
      if (!placeholder && !isBlank(value)) continue;
      const derived = derive(column, row);
      findings.push({
        recordId: row[ctx.idColumn]!,
        check: 'missing_required_field',
        field: ctx.headers[column]!,
        currentValue: value,
        proposedValue: derived?.value ?? '',
        evidence: flat(
          `"${ctx.headers[column]}" ${placeholder ? `holds "${value.trim()}", a placeholder for no value` : 'is empty'}; it is required (Rules: requiredFields "${header}").${derived ? ` ${derived.evidence}` : ' No other approved field determines its value: needs evidence.'}`,
        ),
        severity: 'Medium',
        reason: derived ? `Required field is empty; value derived from the record` : 'Required field is empty',
        rule: 'requiredFields',
      });
    }
  }
  return findings;
};

/**
 * A value that stands for none, as a form or a CRM writes it ("[not provided]", Salesforce Web-to-Lead's;
 * "N/A", "-", "TBD"): the duplicate engine's list. Only short values are looked at (the longest is 14
 * characters), and never an email (issue 12: this runs on every required cell).
 */
function isPlaceholderValue(value: string): boolean {
  return value.length <= 20 && !value.includes('@') && isPlaceholder(value);
}

type Deriver = (column: number, row: readonly string[]) => { value: string; evidence: string } | undefined;

function makeDeriver(ctx: CheckContext): Deriver {
  const sourceCol = ctx.roleColumn('leadSource');
  const campaignCol = ctx.roleColumn('campaignSource');
  const stageCol = ctx.roleColumn('lifecycleStage');
  const statusCol = ctx.roleColumn('leadStatus');
  const ownerCol = ctx.roleColumn('owner');
  const domainCol = ctx.roleColumn('domain');
  const websiteCol = websiteColumn(ctx);
  const campaignMap = new Map(ctx.rules.sources.mapping.map((m) => [normaliseText(m.campaignSource), m]));
  const statusMap = new Map(Object.entries(ctx.rules.statusStages).map(([k, v]) => [stageKey(k), v]));
  const { routes, roster } = ctx;

  return (column, row) => {
    if (column === sourceCol && campaignCol >= 0 && !isBlank(row[campaignCol])) {
      const m = campaignMap.get(normaliseText(row[campaignCol]!));
      if (m) return { value: m.leadSource, evidence: `${ctx.headers[campaignCol]} "${row[campaignCol]}" maps to lead source "${m.leadSource}" (Rules: sources mapping).` };
    }
    if (column === stageCol && statusCol >= 0 && !isBlank(row[statusCol])) {
      const allowed = statusMap.get(stageKey(row[statusCol]!));
      if (allowed && allowed.length > 0) {
        return {
          value: allowed[0]!,
          evidence: `${ctx.headers[statusCol]} "${row[statusCol]}" allows ${allowed.map((s) => `"${s}"`).join(', ')}; the earliest is proposed (Rules: statusStages).`,
        };
      }
    }
    if (column === domainCol && websiteCol >= 0 && !isBlank(row[websiteCol])) {
      const domain = standardDomain(row[websiteCol]!);
      if (domain) return { value: domain, evidence: `${ctx.headers[websiteCol]} "${row[websiteCol]}" is the website of "${domain}".` };
    }
    if (column === ownerCol) {
      const route = firstMatchingRoute(routes, row);
      if (route) {
        // (as proposeOwner: a CRM that imports an owner by id takes only owners the roster gives one)
        const pick = roster.pickForTeam(route.rule.team, row[ctx.idColumn]!, undefined, ctx.preset.ownerImportValue === 'id');
        if (pick)
          return {
            value: ownerImportValue(pick.owner, ctx.preset),
            evidence: `${describeRoute(route, row)}; proposed ${pick.owner.name}: ${pick.how} (Rules: routing ${route.rule.id}, owners).`,
          };
      }
    }
    return undefined;
  };
}
