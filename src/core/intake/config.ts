import { UserError } from '../text/errors';
import {
  describeCandidates,
  detectPreset,
  getPreset,
  HOW_TO_CHOOSE_PRESET,
  HUBSPOT_OWNER_ID,
  type IdCounts,
  NO_PRESET_FOR_OBJECT,
  type Preset,
  presetDefaults,
  presetForObject,
} from './presets';
import { describeObject, type SalesforceObject } from './salesforceIds';
import { checkMappedHeaders } from './mappedHeaders';
import { DEFAULT_PATTERNS, headerRefusal, PRESET_IDS, type PresetId, type RecordRule, type Rules, type RulesFile, checkRulesConsistency, defaultLocate } from './rules';

export interface ResolvedRules {
  rules: Rules;
  preset: Preset;
  /** How the preset was chosen: from the rules, or detected from the headers (and the record ids) with a confidence. */
  presetSource: { kind: 'rules' } | { kind: 'detected'; confidence: number; byIds?: SalesforceObject };
}

/**
 * Rules = the preset's defaults, overridden key by key by the team's rules file or Rules tab. Without a
 * preset in the rules it is detected from the headers, and from the record ids when `idCounts` reads them.
 */
export function resolveRules(
  file: RulesFile | undefined,
  headers: readonly string[],
  locate: (path: readonly PropertyKey[]) => string = defaultLocate,
  idCounts?: IdCounts,
): ResolvedRules {
  let presetId: PresetId;
  let presetSource: ResolvedRules['presetSource'];
  if (file?.preset) {
    presetId = file.preset;
    presetSource = { kind: 'rules' };
  } else {
    const detection = detectPreset(headers, idCounts);
    if (!detection.chosen && detection.ids && !presetForObject(detection.ids.prefix)) {
      throw new UserError(`This export's record ids are ${describeObject(detection.ids)}, and ${NO_PRESET_FOR_OBJECT} (or HubSpot contacts, companies or deals).`);
    }
    if (!detection.chosen) {
      // (hardly a header known: most often labels in another language, as HubSpot and Salesforce label an
      // export in the user's language)
      const unknown = (detection.candidates[0]?.confidence ?? 0) < 0.25;
      throw new UserError(
        `Could not tell for sure which CRM export this is from its headers (best matches: ${describeCandidates(detection)}). Choose the preset (${HOW_TO_CHOOSE_PRESET}), one of ${PRESET_IDS.join(', ')}.${unknown ? ' If its column labels are in another language, set your CRM user language to English and export again, or choose the preset and name the columns in the Rules (fields).' : ''}`,
      );
    }
    presetId = detection.chosen.preset.id;
    presetSource = { kind: 'detected', confidence: detection.chosen.confidence, ...(detection.chosen.byIds ? { byIds: detection.chosen.byIds } : {}) };
  }
  const base = getPreset(presetId);
  const d = presetDefaults(base, headers, file?.fields);
  const f = file ?? {};
  const rules: Rules = {
    preset: presetId,
    asOf: f.asOf,
    fields: { ...d.fields, ...f.fields },
    approvedFields: f.approvedFields ?? d.approvedFields,
    blockedFields: f.blockedFields ?? d.blockedFields,
    requiredFields: f.requiredFields ?? d.requiredFields,
    readOnlyFields: f.readOnlyFields ?? d.readOnlyFields,
    readOnlyRecords: f.readOnlyRecords ?? d.readOnlyRecords,
    owners: (f.owners ?? d.owners).map((o) => ({ ...o })),
    staleAfterDays: f.staleAfterDays ?? d.staleAfterDays,
    lifecycleStages: f.lifecycleStages ?? d.lifecycleStages,
    openStages: f.openStages ?? d.openStages,
    statusStages: f.statusStages ?? d.statusStages,
    // (a team's own stages without its own stageRequiredFields: the preset's, for stages it still has)
    stageRequiredFields:
      f.stageRequiredFields ??
      (f.lifecycleStages
        ? Object.fromEntries(Object.entries(d.stageRequiredFields).filter(([s]) => f.lifecycleStages!.some((t) => t.trim().toLowerCase() === s.toLowerCase())))
        : d.stageRequiredFields),
    sources: f.sources ?? d.sources,
    routing: f.routing ?? d.routing,
    routingClosedStages: f.routingClosedStages ?? 'low',
    patterns: { ...DEFAULT_PATTERNS, ...f.patterns },
    recordUrlTemplate: f.recordUrlTemplate ?? d.recordUrlTemplate,
    duplicates: f.duplicates ?? d.duplicates,
    recordRules: [],
    standards: f.standards ?? d.standards,
  };
  // the preset's example rules give way quietly to a team that un-approved a column they use; the team's own rules do not
  rules.recordRules = f.recordRules ?? d.recordRules.filter((r) => ruleHeaders(r).every((h) => !headerRefusal(h, rules)));
  checkRulesConsistency(rules, locate);
  checkMappedHeaders(rules, file, headers, locate);
  // HubSpot's internal owner column (an API export's hubspot_owner_id) holds owner ids, and an import of
  // it expects one: owners are proposed, and checked, by id as for Salesforce
  const ownerById = base.crm === 'hubspot' && rules.fields.owner?.trim() === HUBSPOT_OWNER_ID;
  const preset: Preset = ownerById ? { ...base, ownerImportValue: 'id' } : base;
  return { rules, preset, presetSource };
}

function ruleHeaders(r: RecordRule): string[] {
  return [r.header, ...Object.keys(r.when ?? {}), ...(r.notBefore ? [r.notBefore] : []), ...(r.notAfter ? [r.notAfter] : [])];
}
