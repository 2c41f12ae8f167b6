import { UserError } from '../text/errors';
import { decideColumns, NOT_APPROVED } from './boundary';
import type { Rules, RulesFile } from './rules';

/**
 * A column the Rules put to use (a role in `fields`, a required field, a routing condition, a stage's
 * required field, a duplicate match column) must cross the boundary. If the export has it but it is
 * blocked or not approved, the check that needs it would silently stop working (a mapped `dob` would
 * simply stop matching); instead the run stops, naming the key and the reason. Only what the team wrote
 * (the rules file or the Rules tab) is held to this: a preset default for a column the team did not
 * approve just leaves that role unmapped, and a check that needs it is reported as skipped.
 */
export function checkMappedHeaders(rules: Rules, written: RulesFile | undefined, exportHeaders: readonly string[], locate: (path: readonly PropertyKey[]) => string): void {
  if (!written) return;
  const present = new Set(exportHeaders.map((h) => h.trim().toLowerCase()));
  const uses: [PropertyKey[], string][] = [];
  for (const [role, header] of Object.entries(written.fields ?? {})) if (header) uses.push([['fields', role], header]);
  if (written.requiredFields) rules.requiredFields.forEach((h, i) => uses.push([['requiredFields', i], h]));
  if (written.routing)
    rules.routing.forEach((r, i) => {
      for (const h of Object.keys(r.when)) uses.push([['routing', i, 'when', h], h]);
    });
  if (written.stageRequiredFields)
    for (const [stage, headers] of Object.entries(rules.stageRequiredFields)) headers.forEach((h, i) => uses.push([['stageRequiredFields', stage, i], h]));
  for (const [role, headers] of Object.entries(written.duplicates?.match ?? {})) (headers ?? []).forEach((h, i) => uses.push([['duplicates', 'match', role, i], h]));
  const relevant = uses.filter(([, h]) => present.has(h.trim().toLowerCase()));
  if (relevant.length === 0) return;
  const decisions = decideColumns(
    relevant.map(([, h]) => h),
    rules,
  );
  decisions.forEach((d, i) => {
    if (d.kept) return;
    const [path, header] = relevant[i]!;
    // (a blocked column never crosses, approved or not: approving it is no way out)
    const fix =
      d.reason === NOT_APPROVED
        ? 'because it is not in approvedFields; approve it, or remove it from this setting'
        : `because it is ${d.reason}, and a blocked column never crosses; remove it from this setting`;
    throw new UserError(`Invalid rules: ${locate(path)}: the column "${header}" cannot be used ${fix}.`);
  });
}
