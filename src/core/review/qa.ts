import { isHeaderAllowed } from '../intake/boundary';
import { isBlank, memoText, normaliseText } from '../text/cells';
import { type Finding, stageIndexer } from '../checks/types';
import type { Preset } from '../intake/presets';
import type { Rules } from '../intake/rules';
import type { OwnerRoster } from '../checks/owners';
import { MERGE_PREFIX, SURVIVOR_VALUE } from '../checks/duplicateRecord';

/**
 * Proposed change QA (step 3): every proposal is checked against the rules before a person sees it.
 * The returned function gives the reasons a proposal cannot be written back (empty: approvable); the
 * per-field answers (approved? read-only?) are worked out once per field, not once per proposal.
 * `readOnlyRecords`: the record ids the CRM refuses to change, each with what marks it (CheckContext.readOnlyRows).
 */
export function makeQa(
  rules: Rules,
  preset: Preset,
  roster: OwnerRoster,
  stageIndex = stageIndexer(rules),
  readOnlyRecords: ReadonlyMap<string, string> = new Map(),
): (finding: Finding) => string[] {
  const allowed = memoText((field: string) => isHeaderAllowed(field, rules));
  const readOnly = new Set(rules.readOnlyFields.map(normaliseText));
  const ownerField = normaliseText(rules.fields.owner ?? '');
  const stageField = normaliseText(rules.fields.lifecycleStage ?? '');
  // stages are compared as the checks compare them (stageIndex: the checks' own): "salesqualifiedlead"
  // (HubSpot's internal name) is "Sales Qualified Lead", so a backward move written either way is caught
  // fields and stage values: few distinct ones, each normalised once (issue 12)
  const fieldKey = memoText(normaliseText);
  const locked = (id: string, who: string): string => `${who} is read-only in ${preset.label} (${readOnlyRecords.get(id)}; Rules: readOnlyRecords)`;
  return (finding) => {
    const reasons: string[] = [];
    if (isBlank(finding.evidence)) reasons.push('no evidence');
    if (finding.proposedValue === '' || isBlank(finding.proposedValue)) {
      reasons.push(finding.proposedValue !== '' && !isBlank(finding.currentValue) ? 'would blank a filled value' : 'no proposed value: needs evidence');
      return reasons;
    }
    // a merge is not a field update: it is checked for evidence and a survivor, and exported apart; the
    // survivor takes the merge, so it must be one the CRM lets change (Salesforce: no converted lead)
    if (finding.check === 'duplicate_record') {
      if (preset.noMerge) reasons.push(preset.noMerge);
      const survivor = finding.proposedValue === SURVIVOR_VALUE ? finding.recordId : finding.proposedValue.slice(MERGE_PREFIX.length);
      if (readOnlyRecords.has(survivor)) reasons.push(`${locked(survivor, survivor === finding.recordId ? 'the record' : `survivor ${survivor}`)}, so it cannot take a merge`);
      return reasons;
    }
    if (readOnlyRecords.has(finding.recordId)) reasons.push(locked(finding.recordId, 'the record'));
    const field = fieldKey(finding.field);
    if (!allowed(finding.field)) reasons.push(`field "${finding.field}" is blocked or not approved`);
    if (readOnly.has(field)) reasons.push(`field "${finding.field}" is read-only in ${preset.label}`);
    if (field === ownerField) {
      const owner = roster.find(finding.proposedValue);
      const sharing = owner ? 0 : roster.sharing(finding.proposedValue);
      if (!owner)
        reasons.push(
          sharing > 1 ? `proposed owner "${finding.proposedValue}" names ${sharing} owners in the roster, so the import cannot tell which` : 'proposed owner is not in the roster',
        );
      else if (!owner.active) reasons.push('proposed owner is not active');
      else if (owner.queue) reasons.push(`proposed owner "${owner.name}" is a queue, not a person (Rules: owners)`);
      // (the import takes a user id: a name in OwnerId fails it, so an owner without one cannot be proposed)
      else if (preset.ownerImportValue === 'id' && !owner.id)
        reasons.push(`proposed owner "${owner.name}" has no CRM user id in the owner roster (${preset.label} imports an owner by id)`);
    }
    if (field === stageField) {
      const to = stageIndex(finding.proposedValue);
      const from = stageIndex(finding.currentValue);
      if (to < 0) reasons.push('proposed stage is not a defined stage');
      else if (from >= 0 && to < from && preset.forwardOnlyStages) reasons.push(`moves the stage backwards (${preset.label} stages only move forward)`);
    }
    return reasons;
  };
}
