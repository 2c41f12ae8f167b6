import type { PresetId, Role, Rules } from './rules';

export type Crm = 'hubspot' | 'salesforce';

/**
 * A preset: what one CRM object's export looks like and the defaults a team starts from.
 * Header names follow the vendors' export labels (HubSpot) and API names (Salesforce).
 */
export interface Preset {
  id: PresetId;
  crm: Crm;
  label: string;
  /** Headers whose presence identifies this export; used by detection. */
  signature: string[];
  /** The value the CRM's import expects in the owner column. */
  ownerImportValue: 'email' | 'id' | 'name';
  defaults: Omit<Rules, 'preset'>;
}

const HUBSPOT_STAGES = [
  'Subscriber', 'Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead',
  'Opportunity', 'Customer', 'Evangelist', 'Other',
];
const HUBSPOT_OPEN = ['Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead', 'Opportunity'];
const UNCLEAR_SOURCES = ['Unknown', 'Other', 'N/A', 'None', '-', '?'];

const hubspotContacts: Preset = {
  id: 'hubspot-contacts',
  crm: 'hubspot',
  label: 'HubSpot contacts',
  signature: ['Record ID', 'First Name', 'Last Name', 'Email', 'Contact owner', 'Lifecycle Stage', 'Lead Status', 'Phone Number'],
  ownerImportValue: 'email',
  defaults: {
    fields: {
      id: 'Record ID', email: 'Email', firstName: 'First Name', lastName: 'Last Name', phone: 'Phone Number',
      company: 'Company Name', country: 'Country/Region', owner: 'Contact owner',
      lifecycleStage: 'Lifecycle Stage', leadStatus: 'Lead Status', leadSource: 'Lead Source',
      campaignSource: 'Original Source Drill-Down 1', createdAt: 'Create Date',
      updatedAt: 'Last Modified Date', lastActivityAt: 'Last Activity Date',
    },
    approvedFields: [
      'Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Company Name', 'Country/Region',
      'Contact owner', 'Lifecycle Stage', 'Lead Status', 'Lead Source', 'Original Source',
      'Original Source Drill-Down 1', 'Became a Customer Date', 'Create Date', 'Last Modified Date',
      'Last Activity Date',
    ],
    blockedFields: [],
    requiredFields: ['Email', 'Contact owner', 'Lifecycle Stage', 'Lead Source'],
    // HubSpot calculates these; an import cannot set them.
    readOnlyFields: ['Record ID', 'Original Source', 'Original Source Drill-Down 1', 'Create Date', 'Last Modified Date', 'Last Activity Date'],
    owners: [],
    staleAfterDays: 30,
    lifecycleStages: HUBSPOT_STAGES,
    openStages: HUBSPOT_OPEN,
    statusStages: {
      New: ['Subscriber', 'Lead', 'Marketing Qualified Lead'],
      Open: ['Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead'],
      'In Progress': ['Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead', 'Opportunity'],
      'Open Deal': ['Sales Qualified Lead', 'Opportunity', 'Customer'],
      Unqualified: ['Subscriber', 'Lead', 'Other'],
      'Attempted to Contact': ['Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead'],
      Connected: ['Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead', 'Opportunity'],
      'Bad Timing': ['Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead', 'Other'],
    },
    stageRequiredFields: { Customer: ['Became a Customer Date'] },
    sources: { mapping: [], unclear: UNCLEAR_SOURCES },
    routing: [],
  },
};

const salesforceLeads: Preset = {
  id: 'salesforce-leads',
  crm: 'salesforce',
  label: 'Salesforce leads',
  signature: ['Id', 'FirstName', 'LastName', 'Company', 'Email', 'Status', 'LeadSource', 'OwnerId', 'IsConverted'],
  ownerImportValue: 'id',
  defaults: {
    fields: {
      id: 'Id', email: 'Email', firstName: 'FirstName', lastName: 'LastName', phone: 'Phone', company: 'Company',
      country: 'Country', owner: 'OwnerId', lifecycleStage: 'Status', leadSource: 'LeadSource',
      createdAt: 'CreatedDate', updatedAt: 'LastModifiedDate', lastActivityAt: 'LastActivityDate',
    },
    approvedFields: [
      'Id', 'FirstName', 'LastName', 'Company', 'Email', 'Phone', 'Country', 'State', 'OwnerId', 'Status',
      'LeadSource', 'IsConverted', 'Industry', 'CreatedDate', 'LastModifiedDate', 'LastActivityDate',
    ],
    blockedFields: [],
    requiredFields: ['LastName', 'Company', 'Status', 'OwnerId', 'LeadSource'],
    readOnlyFields: ['Id', 'IsConverted', 'CreatedDate', 'LastModifiedDate', 'LastActivityDate'],
    owners: [],
    staleAfterDays: 30,
    lifecycleStages: ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'],
    openStages: ['Open - Not Contacted', 'Working - Contacted'],
    statusStages: {},
    stageRequiredFields: {},
    sources: { mapping: [], unclear: UNCLEAR_SOURCES },
    routing: [],
  },
};

export const PRESETS: readonly Preset[] = [hubspotContacts, salesforceLeads];

export function getPreset(id: PresetId): Preset {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`No preset ${id}`);
  return preset;
}

export interface Detection {
  preset: Preset;
  /** Share of the preset's signature headers found, 0..1. */
  confidence: number;
}

/** The preset whose signature headers best match; undefined when none fits at least half. */
export function detectPreset(headers: readonly string[]): Detection | undefined {
  const present = new Set(headers.map((h) => h.trim().toLowerCase()));
  let best: Detection | undefined;
  for (const preset of PRESETS) {
    const hits = preset.signature.filter((h) => present.has(h.toLowerCase())).length;
    const confidence = hits / preset.signature.length;
    if (!best || confidence > best.confidence) best = { preset, confidence };
  }
  return best && best.confidence >= 0.5 ? best : undefined;
}

export function roleHeader(rules: Pick<Rules, 'fields'>, role: Role): string | undefined {
  return rules.fields[role];
}
