import { isHeaderAllowed } from './boundary';
import { isBlank, normaliseText } from './cells';
import type { Finding } from './checks/types';
import type { Preset } from './presets';
import type { Rules } from './rules';
import { OwnerRoster } from './owners';

/**
 * Proposed change QA (step 3): every proposal is checked against the rules before a person sees it.
 * Returns the reasons it cannot be written back; an empty list means approvable.
 */
export function qaReasons(finding: Finding, rules: Rules, preset: Preset, roster: OwnerRoster): string[] {
  const reasons: string[] = [];
  const field = finding.field;
  if (isBlank(finding.evidence)) reasons.push('no evidence');
  // '' means the check could derive no value; white space would erase the field
  if (finding.proposedValue === '') {
    reasons.push('no proposed value: needs evidence');
    return reasons;
  }
  if (isBlank(finding.proposedValue)) {
    reasons.push(isBlank(finding.currentValue) ? 'no proposed value: needs evidence' : 'would blank a filled value');
    return reasons;
  }
  if (!isHeaderAllowed(field, rules)) reasons.push(`field "${field}" is blocked or not approved`);
  if (rules.readOnlyFields.some((h) => normaliseText(h) === normaliseText(field))) reasons.push(`field "${field}" is read-only in ${preset.label}`);
  if (normaliseText(field) === normaliseText(rules.fields.owner ?? '')) {
    const owner = roster.find(finding.proposedValue);
    if (!owner) reasons.push('proposed owner is not in the roster');
    else if (!owner.active) reasons.push('proposed owner is not active');
  }
  if (normaliseText(field) === normaliseText(rules.fields.lifecycleStage ?? '')) {
    const stages = rules.lifecycleStages.map(normaliseText);
    const to = stages.indexOf(normaliseText(finding.proposedValue));
    const from = stages.indexOf(normaliseText(finding.currentValue));
    if (to < 0) reasons.push('proposed stage is not a defined stage');
    else if (from >= 0 && to < from && preset.forwardOnlyStages) reasons.push(`moves the stage backwards (${preset.label} stages only move forward)`);
  }
  return reasons;
}
