import type { PresetId, RecordRule, Role, Rules } from './rules';
import { describeObject, dominantObject, type ObjectCounts, OWN_ID_HEADER, type SalesforceObject } from './salesforceIds';

export type Crm = 'hubspot' | 'salesforce';

/** A header as a CRM may spell it: HubSpot export labels; Salesforce API names and report labels. */
type Aliases = readonly string[];
type FieldRef = Role | Aliases;

/** An example record rule, its headers named by role or alias so it follows the export's spelling. */
type ExampleRule = Omit<RecordRule, 'header' | 'when' | 'notBefore' | 'notAfter'> & {
  header: FieldRef;
  when?: readonly (readonly [FieldRef, readonly string[]])[];
  notBefore?: FieldRef;
};

/**
 * What one CRM object's export looks like and the defaults a team starts from. Header names follow
 * HubSpot's export labels and Salesforce's API names (Data Loader) and field/report labels; matching
 * is case-insensitive, so Data Loader's upper-case headers ("OWNERID") match too.
 */
export interface Preset {
  id: PresetId;
  crm: Crm;
  label: string;
  /** The value the CRM's import expects in the owner column. */
  ownerImportValue: 'email' | 'id' | 'name';
  /** HubSpot's lifecycle stage only moves forward; deal stages and Salesforce statuses move freely. */
  forwardOnlyStages: boolean;
  roles: Partial<Record<Role, Aliases>>;
  /** Approved besides the role headers. */
  approvedExtra: readonly Aliases[];
  required: readonly FieldRef[];
  readOnly: readonly FieldRef[];
  /**
   * Records the CRM refuses to change, as a header and the values that mark one (Rules: readOnlyRecords):
   * the first whose header the export has, else the first.
   */
  readOnlyRecords?: readonly (readonly [FieldRef, readonly string[]])[];
  /** Why the CRM cannot merge this object's records, if it cannot: QA refuses its merges, saying so. */
  noMerge?: string;
  /** Headers whose presence identifies this export (detection). */
  signature: readonly FieldRef[];
  /** Salesforce: the key prefix of the object's record ids (00Q for leads), which outweighs the headers. */
  objectPrefix?: string;
  /** HubSpot: the owner header that names the object ("Contact owner"), which tells two HubSpot presets apart. */
  ownerLabel?: string;
  /** Salesforce: fields only this object has (MailingCity is a contact's, IsConverted a lead's), which tell its presets apart. */
  ownHeaders?: Aliases;
  /**
   * Where a record is, as coarse as a duplicate needs it: approved, and compared by duplicate_record
   * (duplicateRecord.ts: for people without an email or phone). The street is not among them.
   */
  location?: PresetLocation;
  lifecycleStages: readonly string[];
  openStages: readonly string[];
  statusStages: Readonly<Record<string, readonly string[]>>;
  stageRequiredFields: Readonly<Record<string, readonly Aliases[]>>;
  /** Example system-of-record rules, written into the Rules tab where a team edits or deletes them. */
  recordRules: readonly ExampleRule[];
}

const UNCLEAR_SOURCES = ['Unknown', 'Other', 'N/A', 'None', '-', '?'];
const HS_STAGES = ['Subscriber', 'Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead', 'Opportunity', 'Customer', 'Evangelist', 'Other'];
const HS_OPEN = ['Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead', 'Opportunity'];
// HubSpot headers, in each role: the export's labels first, then older exports' labels (the id was
// "Contact ID" before "Record ID"), then the internal names of an API or data-warehouse export
// (hs_object_id, firstname), which match only in such an export (PresentHeaders)
const HS_COMMON_ROLES = {
  createdAt: ['Create Date', 'createdate'],
  updatedAt: ['Last Modified Date', 'lastmodifieddate', 'hs_lastmodifieddate'],
  lastActivityAt: ['Last Activity Date', 'notes_last_updated'],
} as const;
/** HubSpot's owner as its internal name: the owner id, which an import of that column expects too. */
export const HUBSPOT_OWNER_ID = 'hubspot_owner_id';
const SF_COMMON_ROLES = {
  createdAt: ['CreatedDate', 'Created Date', 'Create Date'],
  updatedAt: ['LastModifiedDate', 'Last Modified Date'],
  lastActivityAt: ['LastActivityDate', 'Last Activity'],
} as const;
const COUNTRY_RULE = { format: 'country' } as const;
const EMAIL_RULE = { format: 'email', severity: 'Low' } as const;
const US = ['United States', 'US', 'USA'];
const HS_ORIGINAL_SOURCE = ['Original Source', 'hs_analytics_source'];
const HS_READ_ONLY: FieldRef[] = [
  'id',
  'createdAt',
  'updatedAt',
  'lastActivityAt',
  HS_ORIGINAL_SOURCE,
  ['Original Source Drill-Down 1', 'hs_analytics_source_data_1'],
  ['Original Source Drill-Down 2', 'hs_analytics_source_data_2'],
];
const HS_CUSTOMER_DATE = ['Became a Customer Date', 'hs_lifecyclestage_customer_date'];
const DEAL_NAME = ['Deal Name', 'dealname'];
const CLOSE_DATE = ['Close Date', 'closedate'];
/**
 * A Salesforce sample-data file's (sf data import tree) own key, where an export has Id: read as the
 * record id only when the file has no Id column (the pull says what its import files are then keyed by).
 */
const SF_SAMPLE_ID = 'referenceId';
const OPPORTUNITY_NAME = ['Name', 'Opportunity Name'];
const SF_CLOSE_DATE = ['CloseDate', 'Close Date'];
const SF_OPEN_STAGES = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
];
/** A preset's city, postcode and state columns (Preset.location). */
export type PresetLocation = Partial<Record<'city' | 'postcode' | 'state', Aliases>>;
const HS_LOCATION: PresetLocation = { city: ['City', 'city'], state: ['State/Region', 'state'], postcode: ['Postal Code', 'zip'] };
/** An association shown in the export, not a property: a contact or deal import cannot write it. */
const ASSOCIATED_COMPANY = ['Associated Company'];
const SF_READ_ONLY: FieldRef[] = ['id', 'createdAt', 'updatedAt', 'lastActivityAt', ['IsConverted', 'Converted']];

export const PRESETS: readonly Preset[] = [
  {
    id: 'hubspot-contacts',
    crm: 'hubspot',
    label: 'HubSpot contacts',
    ownerImportValue: 'email',
    forwardOnlyStages: true,
    roles: {
      id: ['Record ID', 'Contact ID', 'hs_object_id'],
      ...HS_COMMON_ROLES,
      email: ['Email'],
      firstName: ['First Name', 'firstname'],
      lastName: ['Last Name', 'lastname'],
      phone: ['Phone Number', 'Mobile Phone Number', 'phone', 'mobilephone'],
      company: ['Company Name', 'Associated Company', 'company'],
      country: ['Country/Region', 'Country'],
      owner: ['Contact owner', HUBSPOT_OWNER_ID],
      lifecycleStage: ['Lifecycle Stage', 'lifecyclestage'],
      leadStatus: ['Lead Status', 'hs_lead_status'],
      leadSource: ['Lead Source', 'Original Source', 'lead_source', 'hs_analytics_source'],
      campaignSource: ['Original Source Drill-Down 1', 'UTM Campaign', 'hs_analytics_source_data_1', 'utm_campaign'],
    },
    approvedExtra: [HS_ORIGINAL_SOURCE, HS_CUSTOMER_DATE, ['Job Title', 'jobtitle']],
    location: HS_LOCATION,
    required: ['email', 'owner', 'lifecycleStage', 'leadSource'],
    readOnly: [...HS_READ_ONLY, ASSOCIATED_COMPANY],
    signature: [['Record ID', 'hs_object_id'], 'firstName', 'lastName', 'email', ['Contact owner', HUBSPOT_OWNER_ID], 'lifecycleStage', 'leadStatus', ['Phone Number', 'phone']],
    ownerLabel: 'Contact owner',
    lifecycleStages: HS_STAGES,
    openStages: HS_OPEN,
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
    stageRequiredFields: { Customer: [HS_CUSTOMER_DATE] },
    recordRules: [
      { id: 'C-EMAIL', header: 'email', ...EMAIL_RULE },
      { id: 'C-COUNTRY', header: 'country', ...COUNTRY_RULE },
      { id: 'C-PHONE', header: 'phone', format: 'phone', severity: 'Low' },
      { id: 'C-CUSTOMER-COMPANY', header: 'company', when: [['lifecycleStage', ['Customer']]], require: true, message: 'A customer needs its company.' },
    ],
  },
  {
    id: 'hubspot-companies',
    crm: 'hubspot',
    label: 'HubSpot companies',
    ownerImportValue: 'email',
    forwardOnlyStages: true,
    roles: {
      id: ['Record ID', 'Company ID', 'hs_object_id'],
      ...HS_COMMON_ROLES,
      company: ['Company name', 'Name'],
      domain: ['Company Domain Name', 'Website URL', 'domain', 'website'],
      phone: ['Phone Number', 'phone'],
      country: ['Country/Region', 'Country'],
      owner: ['Company owner', HUBSPOT_OWNER_ID],
      lifecycleStage: ['Lifecycle Stage', 'lifecyclestage'],
      leadStatus: ['Lead Status', 'hs_lead_status'],
      leadSource: ['Lead Source', 'Original Source Type', 'hs_analytics_source'],
    },
    approvedExtra: [['Website URL', 'website'], ['Industry'], ['Number of Employees', 'numberofemployees'], ['Annual Revenue', 'annualrevenue'], ['Type'], HS_CUSTOMER_DATE],
    location: HS_LOCATION,
    required: ['company', 'domain', 'owner'],
    readOnly: [...HS_READ_ONLY, ['Original Source Type']],
    signature: [
      ['Record ID', 'hs_object_id'],
      ['Company name', 'name'],
      ['Company Domain Name', 'domain'],
      ['Company owner', HUBSPOT_OWNER_ID],
      'lifecycleStage',
      ['Industry'],
      ['Phone Number', 'phone'],
      ['Country/Region', 'country'],
    ],
    ownerLabel: 'Company owner',
    lifecycleStages: HS_STAGES,
    openStages: HS_OPEN,
    statusStages: {},
    stageRequiredFields: { Customer: [HS_CUSTOMER_DATE] },
    recordRules: [
      { id: 'CO-DOMAIN', header: 'domain', format: 'domain' },
      { id: 'CO-COUNTRY', header: 'country', ...COUNTRY_RULE },
      { id: 'CO-CUSTOMER-INDUSTRY', header: ['Industry'], when: [['lifecycleStage', ['Customer']]], require: true, message: 'A customer needs an industry.' },
    ],
  },
  {
    id: 'hubspot-deals',
    crm: 'hubspot',
    label: 'HubSpot deals',
    ownerImportValue: 'email',
    forwardOnlyStages: false,
    roles: {
      id: ['Record ID', 'Deal ID', 'hs_object_id'],
      ...HS_COMMON_ROLES,
      owner: ['Deal owner', HUBSPOT_OWNER_ID],
      lifecycleStage: ['Deal Stage', 'dealstage'],
      company: ['Associated Company'],
      leadSource: ['Original Source Type', 'hs_analytics_source'],
    },
    approvedExtra: [DEAL_NAME, ['Pipeline'], ['Amount'], CLOSE_DATE, ['Deal Type', 'dealtype']],
    required: [DEAL_NAME, 'lifecycleStage', 'owner', ['Pipeline']],
    readOnly: [...HS_READ_ONLY, ['Original Source Type'], ASSOCIATED_COMPANY],
    signature: [['Record ID', 'hs_object_id'], DEAL_NAME, ['Deal Stage', 'dealstage'], ['Pipeline'], ['Deal owner', HUBSPOT_OWNER_ID], ['Amount'], CLOSE_DATE],
    ownerLabel: 'Deal owner',
    // HubSpot's default sales pipeline
    lifecycleStages: ['Appointment Scheduled', 'Qualified To Buy', 'Presentation Scheduled', 'Decision Maker Bought-In', 'Contract Sent', 'Closed Won', 'Closed Lost'],
    openStages: ['Appointment Scheduled', 'Qualified To Buy', 'Presentation Scheduled', 'Decision Maker Bought-In', 'Contract Sent'],
    statusStages: {},
    stageRequiredFields: { 'Closed Won': [['Amount'], CLOSE_DATE], 'Closed Lost': [CLOSE_DATE] },
    recordRules: [
      { id: 'D-AMOUNT', header: ['Amount'], format: 'decimal' },
      { id: 'D-CLOSE-AFTER-CREATE', header: CLOSE_DATE, notBefore: 'createdAt', message: 'A deal cannot close before it was created.' },
    ],
  },
  {
    id: 'salesforce-leads',
    crm: 'salesforce',
    label: 'Salesforce leads',
    ownerImportValue: 'id',
    forwardOnlyStages: false,
    roles: {
      ...SF_COMMON_ROLES,
      id: ['Id', 'Lead ID', SF_SAMPLE_ID],
      email: ['Email'],
      firstName: ['FirstName', 'First Name'],
      lastName: ['LastName', 'Last Name'],
      phone: ['Phone'],
      company: ['Company', 'Company / Account'],
      country: ['Country'],
      owner: ['OwnerId', 'Lead Owner', 'Owner ID'],
      // a lead's "stage" is its Status; IsConverted plays the lead-status role, so "Closed - Converted"
      // with IsConverted false is a lifecycle mismatch
      lifecycleStage: ['Status', 'Lead Status'],
      leadStatus: ['IsConverted', 'Converted'],
      leadSource: ['LeadSource', 'Lead Source'],
    },
    approvedExtra: [['Industry'], ['Rating'], ['Title'], ['Suffix']],
    location: { state: ['State', 'State/Province'], city: ['City'], postcode: ['PostalCode', 'Zip/Postal Code', 'Postal Code'] },
    required: ['lastName', 'company', 'lifecycleStage', 'owner', 'leadSource'],
    readOnly: SF_READ_ONLY,
    // Salesforce refuses any change to a converted lead (CANNOT_UPDATE_CONVERTED_LEAD), and a merge
    // into one, unless the importing user may edit converted leads: such a team deletes this Rules row.
    // Without IsConverted, a converted status marks one (as Salesforce's LeadStatus reference tells it).
    readOnlyRecords: [
      [
        ['IsConverted', 'Converted'],
        ['true', '1'],
      ],
      ['lifecycleStage', ['Closed - Converted']],
    ],
    signature: ['id', 'lastName', 'company', 'lifecycleStage', 'leadSource', 'owner', 'leadStatus', 'email'],
    ownHeaders: ['IsConverted', 'Converted', 'ConvertedDate', 'Converted Date', 'ConvertedAccountId', 'ConvertedContactId', 'ConvertedOpportunityId', 'Lead ID', 'Lead Owner'],
    objectPrefix: '00Q',
    lifecycleStages: ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'],
    openStages: ['Open - Not Contacted', 'Working - Contacted'],
    statusStages: {
      false: ['Open - Not Contacted', 'Working - Contacted', 'Closed - Not Converted'],
      true: ['Closed - Converted'],
      0: ['Open - Not Contacted', 'Working - Contacted', 'Closed - Not Converted'],
      1: ['Closed - Converted'],
    },
    stageRequiredFields: {},
    recordRules: [
      { id: 'L-EMAIL', header: 'email', ...EMAIL_RULE },
      { id: 'L-COUNTRY', header: 'country', ...COUNTRY_RULE },
      { id: 'L-US-STATE', header: ['State', 'State/Province'], when: [['country', US]], format: 'usState' },
      { id: 'L-WORKING-PHONE', header: 'phone', when: [['lifecycleStage', ['Working - Contacted']]], require: true, message: 'A lead being worked needs a phone number.' },
    ],
  },
  {
    id: 'salesforce-contacts',
    crm: 'salesforce',
    label: 'Salesforce contacts',
    ownerImportValue: 'id',
    forwardOnlyStages: false,
    roles: {
      ...SF_COMMON_ROLES,
      id: ['Id', 'Contact ID', SF_SAMPLE_ID],
      email: ['Email'],
      firstName: ['FirstName', 'First Name'],
      lastName: ['LastName', 'Last Name'],
      phone: ['Phone', 'MobilePhone'],
      company: ['Account Name', 'AccountId', 'Account ID'],
      country: ['MailingCountry', 'Mailing Country'],
      owner: ['OwnerId', 'Contact Owner', 'Owner ID'],
      leadSource: ['LeadSource', 'Lead Source'],
    },
    approvedExtra: [['Title'], ['Department'], ['Suffix']],
    location: { state: ['MailingState', 'Mailing State/Province'], city: ['MailingCity', 'Mailing City'], postcode: ['MailingPostalCode', 'Mailing Zip/Postal Code'] },
    required: ['lastName', 'email', 'owner'],
    // a contact's "Account Name" is its account's Name: no contact field an import could write it to
    readOnly: [...SF_READ_ONLY, ['Account Name']],
    signature: [
      'id',
      'lastName',
      ['AccountId', 'Account Name', 'Account ID'],
      ['OwnerId', 'Contact Owner'],
      ['MailingCountry', 'Mailing Country', 'MailingCity', 'Mailing City'],
      'email',
      ['Title'],
      ['Department'],
    ],
    ownHeaders: [
      'MailingStreet',
      'MailingCity',
      'MailingState',
      'MailingPostalCode',
      'MailingCountry',
      'Mailing Street',
      'Mailing City',
      'Mailing State/Province',
      'Mailing Zip/Postal Code',
      'Mailing Country',
      'ReportsToId',
      'Birthdate',
    ],
    objectPrefix: '003',
    lifecycleStages: [],
    openStages: [],
    statusStages: {},
    stageRequiredFields: {},
    recordRules: [
      { id: 'SC-EMAIL', header: 'email', ...EMAIL_RULE },
      { id: 'SC-COUNTRY', header: 'country', ...COUNTRY_RULE },
      { id: 'SC-US-STATE', header: ['MailingState', 'Mailing State/Province'], when: [['country', US]], format: 'usState' },
    ],
  },
  {
    id: 'salesforce-accounts',
    crm: 'salesforce',
    label: 'Salesforce accounts',
    ownerImportValue: 'id',
    forwardOnlyStages: false,
    roles: {
      ...SF_COMMON_ROLES,
      id: ['Id', 'Account ID', SF_SAMPLE_ID],
      company: ['Name', 'Account Name'],
      domain: ['Website'],
      phone: ['Phone'],
      country: ['BillingCountry', 'Billing Country'],
      owner: ['OwnerId', 'Account Owner', 'Owner ID'],
      lifecycleStage: ['Type', 'Account Type'],
      leadSource: ['AccountSource', 'Account Source'],
    },
    approvedExtra: [['Industry'], ['Rating'], ['NumberOfEmployees', 'Employees'], ['AnnualRevenue', 'Annual Revenue']],
    location: { state: ['BillingState', 'Billing State/Province'], city: ['BillingCity', 'Billing City'], postcode: ['BillingPostalCode', 'Billing Zip/Postal Code'] },
    required: ['company', 'owner'],
    readOnly: SF_READ_ONLY,
    signature: ['id', 'company', ['Website'], 'owner', 'lifecycleStage', ['Industry'], ['BillingCountry', 'Billing Country', 'BillingCity', 'Billing City'], 'leadSource'],
    ownHeaders: [
      'BillingStreet',
      'BillingCity',
      'BillingState',
      'BillingPostalCode',
      'BillingCountry',
      'Billing Street',
      'Billing City',
      'Billing State/Province',
      'Billing Zip/Postal Code',
      'Billing Country',
      'ShippingStreet',
      'ShippingCity',
      'ShippingCountry',
      'ParentId',
      'AccountSource',
      'Account Source',
    ],
    objectPrefix: '001',
    lifecycleStages: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Channel Partner / Reseller', 'Installation Partner', 'Technology Partner', 'Other'],
    openStages: ['Prospect'],
    statusStages: {},
    stageRequiredFields: {},
    recordRules: [
      { id: 'A-WEBSITE', header: 'domain', format: 'website', severity: 'Low' },
      { id: 'A-COUNTRY', header: 'country', ...COUNTRY_RULE },
      {
        id: 'A-CUSTOMER-INDUSTRY',
        header: ['Industry'],
        when: [['lifecycleStage', ['Customer - Direct', 'Customer - Channel']]],
        require: true,
        message: 'A customer needs an industry.',
      },
    ],
  },
  {
    id: 'salesforce-opportunities',
    crm: 'salesforce',
    label: 'Salesforce opportunities',
    ownerImportValue: 'id',
    forwardOnlyStages: false,
    roles: {
      ...SF_COMMON_ROLES,
      id: ['Id', 'Opportunity ID', SF_SAMPLE_ID],
      owner: ['OwnerId', 'Opportunity Owner', 'Owner ID'],
      lifecycleStage: ['StageName', 'Stage'],
      company: ['AccountId', 'Account Name', 'Account ID'],
      leadSource: ['LeadSource', 'Lead Source'],
      campaignSource: ['CampaignId', 'Primary Campaign Source'],
    },
    approvedExtra: [
      OPPORTUNITY_NAME,
      ['Amount'],
      SF_CLOSE_DATE,
      ['Type'],
      ['Probability', 'Probability (%)'],
      ['ForecastCategoryName', 'Forecast Category'],
      ['NextStep', 'Next Step'],
    ],
    // Salesforce's own required fields: Name, Stage and Close Date
    required: [OPPORTUNITY_NAME, 'lifecycleStage', SF_CLOSE_DATE, 'owner'],
    readOnly: [...SF_READ_ONLY, ['Account Name'], ['IsClosed', 'Closed'], ['IsWon', 'Won']],
    noMerge: 'Salesforce cannot merge opportunities: close or delete the duplicate by hand',
    signature: ['id', OPPORTUNITY_NAME, 'lifecycleStage', SF_CLOSE_DATE, ['Amount'], 'owner', ['Probability', 'Probability (%)'], ['ForecastCategoryName', 'Forecast Category']],
    ownHeaders: ['StageName', 'CloseDate', 'ForecastCategoryName', 'Forecast Category', 'IsWon', 'IsClosed', 'Opportunity ID', 'Opportunity Name', 'Opportunity Owner'],
    objectPrefix: '006',
    // Salesforce's default sales process
    lifecycleStages: [...SF_OPEN_STAGES, 'Closed Won', 'Closed Lost'],
    openStages: SF_OPEN_STAGES,
    statusStages: {},
    stageRequiredFields: { 'Closed Won': [['Amount']] },
    recordRules: [
      { id: 'O-AMOUNT', header: ['Amount'], format: 'decimal' },
      { id: 'O-CLOSE-AFTER-CREATE', header: SF_CLOSE_DATE, notBefore: 'createdAt', message: 'An opportunity cannot close before it was created.' },
    ],
  },
];

/**
 * The column a readOnlyRecords header names in this data: itself, else its other spelling in the preset
 * (a report's "Converted" for Data Loader's "IsConverted", and back): Rules written from one export
 * must not let the next week's other export's converted leads through.
 */
export function readOnlyMarkColumn(preset: Preset, header: string, has: (header: string) => boolean): string | undefined {
  if (has(header)) return header;
  const h = header.trim().toLowerCase();
  const aliases = preset.readOnlyRecords?.find(([r]) => typeof r !== 'string' && r.some((a) => a.toLowerCase() === h))?.[0];
  return typeof aliases === 'object' ? aliases.find(has) : undefined;
}

export function getPreset(id: PresetId): Preset {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`No preset ${id}`);
  return preset;
}

/**
 * An export's headers, looked up by alias. Labels and Salesforce API names match whatever their case
 * (Data Loader writes "OWNERID"). A HubSpot internal name (all lower case: "phone", "firstname") matches
 * only as written ("Phone" and "FirstName" are Salesforce's), and only in an export by internal names,
 * one with HubSpot's internal id or owner column: in a label export, "phone" or "name" is a team's own
 * property, not HubSpot's.
 */
class PresentHeaders {
  private readonly byLower = new Map<string, string>();
  private readonly exact = new Map<string, string>();
  private readonly internal: boolean;

  constructor(headers: readonly string[]) {
    for (const raw of headers) {
      const h = raw.trim();
      this.byLower.set(h.toLowerCase(), h);
      this.exact.set(h, h);
    }
    this.internal = INTERNAL_EXPORT.some((h) => this.exact.has(h));
  }

  /** The header an alias names, as the export spells it. */
  get(alias: string): string | undefined {
    if (!INTERNAL_NAME.test(alias)) return this.byLower.get(alias.toLowerCase());
    return this.internal || INTERNAL_EXPORT.includes(alias) ? this.exact.get(alias) : undefined;
  }
}

/** Headers only an export by HubSpot's internal names has. */
const INTERNAL_EXPORT = ['hs_object_id', 'hubspot_owner_id'];

const INTERNAL_NAME = /^[a-z][a-z0-9_]*$/;

/** The alias as the export spells it, else the preset's own name for it. */
function pick(aliases: Aliases, present: PresentHeaders): string {
  for (const a of aliases) {
    const hit = present.get(a);
    if (hit !== undefined) return hit;
  }
  return aliases[0]!;
}

const unique = (xs: string[]): string[] => [...new Map(xs.map((x) => [x.toLowerCase(), x])).values()];

/**
 * The preset's default rules for an export with these headers, each header spelled as the export spells it. `teamFields` (the Rules' own `fields`) name a
 * role's column where the preset's spellings do not (an export labelled in another language): the
 * preset's required fields, approved columns and example rules that name the role follow it, when the
 * export has that column (a header it lacks leaves the preset's own in place). Read-only fields are
 * both: a role the team moved to its own column leaves the system's column read-only still.
 */
export function presetDefaults(
  preset: Preset,
  headers: readonly string[],
  teamFields: Partial<Record<Role, string>> = {},
): Omit<Rules, 'preset' | 'patterns' | 'routingClosedStages'> {
  const present = new PresentHeaders(headers);
  const fields: Partial<Record<Role, string>> = {};
  for (const [role, aliases] of Object.entries(preset.roles) as [Role, Aliases][]) fields[role] = pick(aliases, present);
  const own = { ...fields };
  for (const [role, header] of Object.entries(teamFields) as [Role, string | undefined][]) if (header && present.get(header) !== undefined) fields[role] = header;
  const ref = (r: FieldRef): string => (typeof r === 'string' ? (fields[r as Role] ?? r) : pick(r, present));
  const ownRef = (r: FieldRef): string => (typeof r === 'string' ? (own[r as Role] ?? r) : pick(r, present));
  const locked = preset.readOnlyRecords?.find(([h]) => present.get(ref(h)) !== undefined) ?? preset.readOnlyRecords?.[0];
  return {
    fields,
    approvedFields: unique([...Object.values(fields), ...preset.approvedExtra.map((a) => pick(a, present)), ...Object.values(preset.location ?? {}).map((a) => pick(a, present))]),
    blockedFields: [],
    requiredFields: preset.required.map(ref),
    readOnlyFields: unique([...preset.readOnly.map(ref), ...preset.readOnly.map(ownRef)]),
    readOnlyRecords: locked ? { [ref(locked[0])]: [...locked[1]] } : {},
    owners: [],
    staleAfterDays: 30,
    lifecycleStages: [...preset.lifecycleStages],
    openStages: [...preset.openStages],
    statusStages: Object.fromEntries(Object.entries(preset.statusStages).map(([k, v]) => [k, [...v]])),
    stageRequiredFields: Object.fromEntries(Object.entries(preset.stageRequiredFields).map(([k, v]) => [k, v.map((a) => pick(a, present))])),
    sources: { mapping: [], unclear: [...UNCLEAR_SOURCES] },
    routing: [],
    duplicates: {},
    recordRules: preset.recordRules.map((e) => {
      const rule: RecordRule = { ...e, header: ref(e.header), when: undefined, notBefore: e.notBefore === undefined ? undefined : ref(e.notBefore) };
      if (e.when) rule.when = Object.fromEntries(e.when.map(([h, values]) => [ref(h), [...values]]));
      // no undefined keys: the rules round-trip through JSON and the Rules tab
      return Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== undefined)) as RecordRule;
    }),
    standards: {},
  };
}

export interface Detection {
  preset: Preset;
  /** Share of the preset's signature headers found, 0..1. */
  confidence: number;
  /** Set when the record ids chose this preset (their Salesforce key prefix). */
  byIds?: SalesforceObject;
}

export interface DetectionResult {
  /** Set when one preset fits clearly; otherwise ask the user. */
  chosen?: Detection;
  /** Every preset, best first by its headers. */
  candidates: Detection[];
  /** The Salesforce object the record ids belong to, when they say. */
  ids?: SalesforceObject;
}

/** HubSpot's own record id headers, which no Salesforce export has ("Contact ID" is a Salesforce report's too). */
const HUBSPOT_ID_HEADERS = ['Record ID', 'hs_object_id', 'Company ID', 'Deal ID'];

/**
 * A preset is chosen by its headers when it matches at least half its signature and beats the next by 0.2
 * (a HubSpot owner header rules out the other HubSpot presets first); by its record ids when it fits at
 * least a quarter (withIds).
 */
export const DETECTION = { minimum: 0.5, margin: 0.2, withIds: 0.25 } as const;

/** What the first ID_SAMPLE values of the export's "Id" column say of Salesforce objects (read only when detection needs it). */
export type IdCounts = () => ObjectCounts;

/**
 * Deals and opportunities: a company has many (no identity to match by default), and a closed one's owner
 * is who is credited with it.
 */
export const isDealPreset = (id: PresetId): boolean => id === 'hubspot-deals' || id === 'salesforce-opportunities';

/** Where a person chooses the preset, for messages. */
export const HOW_TO_CHOOSE_PRESET = 'menu: Choose preset…; CLI: --preset; or "preset" in the rules';
/** What a message says of ids of an object no preset reviews. */
export const NO_PRESET_FOR_OBJECT = 'no preset reviews that object. Export Salesforce leads, contacts, accounts or opportunities';

/** The preset that reviews a Salesforce object, by its key prefix. */
export function presetForObject(prefix: string): Preset | undefined {
  return PRESETS.find((p) => p.objectPrefix === prefix);
}

/**
 * The preset the headers fit. With a sample of the record ids (the "Id" column), a Salesforce key prefix
 * outweighs Salesforce headers: ids of leads (00Q…) choose the leads preset when it fits at least a
 * quarter of its headers (a Data Loader export of Id, LastName, Email and OwnerId fits leads and contacts
 * alike), and ids of an object no preset reviews (006…, opportunities) choose nothing. They are not read
 * in a HubSpot export (its Record ID column, or headers that clearly fit): it may carry a legacy
 * Salesforce id.
 */
export function detectPreset(headers: readonly string[], idCounts?: IdCounts): DetectionResult {
  const present = new PresentHeaders(headers);
  const candidates = PRESETS.map((preset) => {
    const hits = preset.signature.filter((ref) => {
      const aliases = typeof ref === 'string' ? (preset.roles[ref as Role] ?? []) : ref;
      return aliases.some((a) => present.get(a) !== undefined);
    }).length;
    return { preset, confidence: hits / preset.signature.length };
  }).sort((a, b) => b.confidence - a.confidence);
  // a HubSpot export names its object in its owner header: with "Contact owner" and no "Company owner",
  // it is not a companies export, however many company columns it has
  const owners = PRESETS.filter((p) => p.ownerLabel !== undefined && present.get(p.ownerLabel) !== undefined);
  let rivals = owners.length === 1 ? candidates.filter((c) => c.preset.ownerLabel === undefined || c.preset === owners[0]) : candidates;
  // a Salesforce export names its object in the fields only that object has: with one object's present,
  // the other objects' presets step aside (a contacts export scored close to leads by its shared fields)
  // (only when that object's preset fits the export itself: a contacts report carries its account's
  // Billing City, and must not lose to HubSpot for it)
  const own = PRESETS.filter((p) => p.ownHeaders?.some((h) => present.get(h) !== undefined));
  const ownFit = own.length === 1 ? candidates.find((c) => c.preset === own[0]) : undefined;
  if (ownFit && ownFit.confidence >= DETECTION.minimum) rivals = rivals.filter((c) => c.preset.crm !== ownFit.preset.crm || c.preset === ownFit.preset);
  const [best, second] = rivals;
  const clear = best && best.confidence >= DETECTION.minimum && (!second || best.confidence - second.confidence >= DETECTION.margin);
  const byHeaders = clear ? best : undefined;
  // a HubSpot export (its own id column, or headers that clearly fit) may carry a legacy Salesforce id
  const hubspot = byHeaders?.preset.crm === 'hubspot' || HUBSPOT_ID_HEADERS.some((h) => present.get(h) !== undefined);
  const ids = idCounts && !hubspot && present.get(OWN_ID_HEADER) !== undefined ? dominantObject(idCounts()) : undefined;
  if (ids) {
    const fit = candidates.find((c) => c.preset.objectPrefix === ids.prefix);
    return fit && fit.confidence >= DETECTION.withIds ? { chosen: { ...fit, byIds: ids }, candidates, ids } : { candidates, ids };
  }
  return byHeaders ? { chosen: byHeaders, candidates } : { candidates };
}

export function describeCandidates(result: DetectionResult, max = 3): string {
  const headers =
    result.candidates
      .filter((c) => c.confidence > 0)
      .slice(0, max)
      .map((c) => `${c.preset.id} (${Math.round(c.confidence * 100)}%)`)
      .join(', ') || 'none';
  return result.ids ? `${headers}; its record ids are ${describeObject(result.ids)}` : headers;
}
