import { isBlank, memoText, normaliseText } from '../text/cells';
import { type Check, finding, type Finding } from './types';

/**
 * `source_mismatch`: the lead source is unclear (e.g. Unknown, Other), or the campaign source maps to a
 * different lead source. A blank lead source is missing_required_field's case; a record without a
 * campaign (organic, direct) has nothing to contradict its source.
 */
export const sourceMismatch: Check = (ctx) => {
  const sourceCol = ctx.roleColumn('leadSource');
  if (sourceCol < 0) return [];
  const header = ctx.headers[sourceCol]!;
  const campaignCol = ctx.roleColumn('campaignSource');
  const campaignHeader = campaignCol >= 0 ? ctx.headers[campaignCol]! : '';
  const unclear = new Set(ctx.rules.sources.unclear.map(normaliseText));
  const mapping = new Map(ctx.rules.sources.mapping.map((m) => [normaliseText(m.campaignSource), m]));
  const norm = memoText(normaliseText);
  const out: Finding[] = [];
  for (const row of ctx.rows) {
    const source = row[sourceCol]!;
    if (isBlank(source)) continue;
    const campaign = campaignCol >= 0 ? row[campaignCol]! : '';
    const mapped = isBlank(campaign) ? undefined : mapping.get(norm(campaign));
    if (unclear.has(norm(source))) {
      const derived = mapped
        ? ` ${campaignHeader} "${campaign}" maps to "${mapped.leadSource}" (Rules: sources mapping "${mapped.campaignSource}").`
        : isBlank(campaign)
          ? ' There is no campaign source to derive it from: needs evidence.'
          : ` ${campaignHeader} "${campaign}" has no mapping (Rules: sources mapping): needs evidence.`;
      out.push(
        finding(ctx, row, {
          check: 'source_mismatch',
          field: header,
          currentValue: source,
          proposedValue: mapped?.leadSource ?? '',
          evidence: `${header} "${source}" is an unclear value (Rules: sources unclear).${derived}`,
          severity: 'Low',
          reason: 'Unclear lead source',
          rule: 'sources.unclear',
        }),
      );
    } else if (mapped && norm(mapped.leadSource) !== norm(source)) {
      out.push(
        finding(ctx, row, {
          check: 'source_mismatch',
          field: header,
          currentValue: source,
          proposedValue: mapped.leadSource,
          evidence: `${campaignHeader} "${campaign}" maps to lead source "${mapped.leadSource}", but ${header} is "${source}" (Rules: sources mapping "${mapped.campaignSource}").`,
          severity: 'Medium',
          reason: 'Lead source does not match its campaign',
          rule: `sources.mapping ${mapped.campaignSource}`,
        }),
      );
    }
  }
  return out;
};
