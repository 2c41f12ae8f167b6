import { describe, expect, it } from 'vitest';
import { resolveRules } from '../src/core/intake/config';
import { detectPreset, PRESETS } from '../src/core/intake/presets';
import { runCli } from '../src/cli/run';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { memoryIo } from './memoryIo';

/** Header rows as each CRM exports them. */
const REALISTIC: Record<string, string[]> = {
  'hubspot-contacts': [
    'Record ID',
    'First Name',
    'Last Name',
    'Email',
    'Phone Number',
    'Contact owner',
    'Associated Company',
    'Lifecycle Stage',
    'Lead Status',
    'Original Source',
    'Create Date',
    'Last Activity Date',
  ],
  'hubspot-companies': [
    'Record ID',
    'Company name',
    'Company Domain Name',
    'Company owner',
    'Create Date',
    'Phone Number',
    'Country/Region',
    'City',
    'Industry',
    'Lifecycle Stage',
    'Last Activity Date',
  ],
  'hubspot-deals': ['Record ID', 'Deal Name', 'Deal Stage', 'Pipeline', 'Amount', 'Close Date', 'Deal owner', 'Create Date', 'Last Activity Date', 'Associated Company'],
  // Data Loader export: API names
  'salesforce-leads': ['Id', 'FirstName', 'LastName', 'Company', 'Email', 'Phone', 'Country', 'OwnerId', 'Status', 'LeadSource', 'IsConverted', 'CreatedDate', 'LastActivityDate'],
  // report export: field labels
  'salesforce-contacts': ['Contact ID', 'First Name', 'Last Name', 'Account Name', 'Title', 'Email', 'Phone', 'Mailing Country', 'Contact Owner', 'Lead Source', 'Created Date'],
  // Data Loader upper-case headers, as in the Salesforce sample org's Account_export.csv
  'salesforce-accounts': ['ID', 'NAME', 'ACCOUNTSOURCE', 'BILLINGCOUNTRY', 'INDUSTRY', 'OWNERID', 'PHONE', 'RATING', 'TYPE', 'WEBSITE', 'DESCRIPTION'],
  // report export: field labels
  'salesforce-opportunities': [
    'Opportunity ID',
    'Opportunity Name',
    'Account Name',
    'Stage',
    'Amount',
    'Close Date',
    'Probability (%)',
    'Forecast Category',
    'Opportunity Owner',
    'Lead Source',
    'Created Date',
  ],
};

describe('preset detection', () => {
  it('covers the seven presets', () => {
    expect(PRESETS.map((p) => p.id).sort()).toEqual(Object.keys(REALISTIC).sort());
  });

  it.each(Object.entries(REALISTIC))('detects %s from a realistic header row', (id, headers) => {
    const result = detectPreset(headers);
    expect(result.chosen?.preset.id).toBe(id);
    expect(result.chosen!.confidence).toBeGreaterThanOrEqual(0.75);
  });

  it('detects the Salesforce sample org lead file (no Id column)', () => {
    const sample = ['referenceId', 'CleanStatus', 'Company', 'Country', 'Email', 'FirstName', 'IsConverted', 'LastName', 'LeadSource', 'Status', 'Title'];
    expect(detectPreset(sample).chosen?.preset.id).toBe('salesforce-leads');
  });

  it('asks instead of guessing when two presets fit about as well', () => {
    const headers = ['First Name', 'Last Name', 'Email', 'Contact owner', 'Phone'];
    const result = detectPreset(headers);
    expect(result.chosen).toBeUndefined();
    expect(result.candidates.slice(0, 2).map((c) => c.preset.id)).toEqual(['hubspot-contacts', 'salesforce-contacts']);
    expect(() => resolveRules(undefined, headers)).toThrow(
      'Could not tell for sure which CRM export this is from its headers (best matches: hubspot-contacts (50%), salesforce-contacts (38%), salesforce-leads (25%)). Choose the preset (menu: Choose preset…; CLI: --preset; or "preset" in the rules), one of hubspot-contacts',
    );
  });

  it('asks when nothing fits', () => {
    expect(detectPreset(['foo', 'bar']).chosen).toBeUndefined();
    expect(() => resolveRules(undefined, ['foo', 'bar'])).toThrow('(best matches: none)');
  });

  it('lets the rules override detection', () => {
    const { preset, presetSource } = resolveRules({ preset: 'salesforce-contacts' }, REALISTIC['hubspot-contacts']!);
    expect(preset.id).toBe('salesforce-contacts');
    expect(presetSource).toEqual({ kind: 'rules' });
  });
});

describe("preset defaults follow the export's spelling", () => {
  it('uses API names for a Data Loader export and labels for a report', () => {
    const api = resolveRules(undefined, REALISTIC['salesforce-leads']!).rules;
    expect(api.fields).toMatchObject({ id: 'Id', owner: 'OwnerId', lifecycleStage: 'Status', leadStatus: 'IsConverted' });
    expect(api.requiredFields).toEqual(['LastName', 'Company', 'Status', 'OwnerId', 'LeadSource']);
    const report = resolveRules(undefined, REALISTIC['salesforce-contacts']!).rules;
    expect(report.fields).toMatchObject({ id: 'Contact ID', owner: 'Contact Owner', company: 'Account Name' });
    const upper = resolveRules(undefined, REALISTIC['salesforce-accounts']!).rules;
    expect(upper.fields).toMatchObject({ id: 'ID', owner: 'OWNERID', company: 'NAME' });
    expect(upper.approvedFields).toContain('INDUSTRY');
  });

  it('carries the real lifecycle values', () => {
    const leads = resolveRules({ preset: 'salesforce-leads' }, []).rules;
    expect(leads.lifecycleStages).toEqual(['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted']);
    expect(leads.statusStages.false).not.toContain('Closed - Converted');
    const deals = resolveRules({ preset: 'hubspot-deals' }, []).rules;
    expect(deals.stageRequiredFields['Closed Won']).toEqual(['Amount', 'Close Date']);
    const contacts = resolveRules({ preset: 'hubspot-contacts' }, []).rules;
    expect(contacts.lifecycleStages).toEqual(['Subscriber', 'Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead', 'Opportunity', 'Customer', 'Evangelist', 'Other']);
  });
});

describe('the Salesforce accounts preset on a Data Loader export', () => {
  it('takes a Website typed without its scheme (as Salesforce stores it) and flags one that is not a host', async () => {
    const { runCli } = await import('../src/cli/run');
    const { memoryIo } = await import('./memoryIo');
    const csv = [
      '"ID","NAME","WEBSITE","OWNERID","TYPE","INDUSTRY","BILLINGCOUNTRY","ACCOUNTSOURCE"',
      '"0014W00002578rVQAQ","Burlington Textiles Corp of America","www.burlington.com","0054W00000AuCYfQAN","Customer - Direct","Apparel","USA","Web"',
      '"0014W00002578rXQAQ","Dickenson plc","dickenson-consulting.com","0054W00000AuCYfQAN","Customer - Channel","Consulting","USA","Web"',
      '"0014W00002578raQAA","Express Logistics and Transport","www.expressl&t.net","0054W00000AuCYfQAN","Customer - Channel","Transportation","USA","Web"',
    ].join('\r\n');
    const m = memoryIo({ 'a.csv': csv });
    expect(runCli(['review', 'a.csv', '--as-of', '2026-11-27'], m.io)).toBe(0);
    const review = m.files['out/review.csv']!;
    const websites = review.split('\r\n').filter((l) => l.includes('A-WEBSITE'));
    expect(websites).toHaveLength(1);
    expect(websites[0]).toContain('0014W00002578raQAA');
    expect(websites[0]).toContain('is not a website (example.com or https://example.com)');
  });
});

describe('HubSpot exports by internal names and older labels', () => {
  /** An API or data-warehouse export: HubSpot's internal property names. */
  const INTERNAL: Record<string, string[]> = {
    'hubspot-contacts': [
      'hs_object_id',
      'firstname',
      'lastname',
      'email',
      'phone',
      'company',
      'hubspot_owner_id',
      'lifecyclestage',
      'hs_lead_status',
      'hs_analytics_source',
      'createdate',
      'lastmodifieddate',
      'notes_last_updated',
    ],
    'hubspot-companies': ['hs_object_id', 'name', 'domain', 'phone', 'country', 'industry', 'hubspot_owner_id', 'lifecyclestage', 'createdate', 'hs_lastmodifieddate'],
    'hubspot-deals': ['hs_object_id', 'dealname', 'dealstage', 'pipeline', 'amount', 'closedate', 'hubspot_owner_id', 'createdate', 'notes_last_updated'],
  };

  it.each(Object.entries(INTERNAL))('detects %s from its internal names and maps each role to one', (id, headers) => {
    const result = detectPreset(headers);
    expect(result.chosen?.preset.id).toBe(id);
    expect(result.chosen!.confidence).toBeGreaterThanOrEqual(0.75);
    const { rules, preset } = resolveRules(undefined, headers);
    expect(rules.fields.id).toBe('hs_object_id');
    expect(rules.fields.owner).toBe('hubspot_owner_id');
    expect(rules.fields.createdAt).toBe('createdate');
    // the column holds owner ids, and an import of it expects one
    expect(preset.ownerImportValue).toBe('id');
  });

  it('maps the contacts roles and the read-only source to internal names', () => {
    const { rules } = resolveRules(undefined, INTERNAL['hubspot-contacts']!);
    expect(rules.fields).toMatchObject({
      firstName: 'firstname',
      lastName: 'lastname',
      lifecycleStage: 'lifecyclestage',
      leadStatus: 'hs_lead_status',
      leadSource: 'hs_analytics_source',
      lastActivityAt: 'notes_last_updated',
    });
    expect(rules.readOnlyFields).toContain('hs_analytics_source');
    expect(rules.approvedFields).toContain('hs_analytics_source');
  });

  it('keeps the export labels and the owner email for a labelled export', () => {
    const { rules, preset } = resolveRules(undefined, REALISTIC['hubspot-contacts']!);
    expect(rules.fields.owner).toBe('Contact owner');
    expect(preset.ownerImportValue).toBe('email');
  });

  it("reads a label export's lower-case columns as the team's own properties, not HubSpot's internal names", () => {
    // "phone", "company", "country" and "name" here are a team's custom properties beside HubSpot's labels
    const labels = ['Record ID', 'First Name', 'Last Name', 'Email', 'Contact owner', 'company', 'phone', 'country'];
    const { rules } = resolveRules(undefined, labels);
    expect(rules.fields.phone).toBe('Phone Number');
    expect(rules.fields.company).toBe('Company Name');
    expect(rules.approvedFields).not.toContain('phone');
    expect(detectPreset(['Record ID', 'Email', 'Lifecycle Stage', 'industry', 'country', 'phone', 'name']).chosen).toBeUndefined();
    expect(detectPreset(['Record ID', 'First Name', 'Last Name', 'Email', 'country', 'domain', 'name', 'phone']).chosen?.preset.id).toBe('hubspot-contacts');
  });

  it('reads an older export\'s "Contact ID", "Company ID" and "Deal ID" as the record id', () => {
    const older = (id: string, headers: string[]) => resolveRules(undefined, [id, ...headers.slice(1)]).rules.fields.id;
    expect(older('Contact ID', REALISTIC['hubspot-contacts']!)).toBe('Contact ID');
    expect(older('Company ID', REALISTIC['hubspot-companies']!)).toBe('Company ID');
    expect(older('Deal ID', REALISTIC['hubspot-deals']!)).toBe('Deal ID');
    expect(detectPreset(['Contact ID', ...REALISTIC['hubspot-contacts']!.slice(1)]).chosen?.preset.id).toBe('hubspot-contacts');
  });

  it("matches an internal name only as HubSpot writes it: Salesforce's Phone and PHONE are not HubSpot's phone", () => {
    const hubspotContacts = (headers: string[]) => detectPreset(headers).candidates.find((c) => c.preset.id === 'hubspot-contacts')!.confidence;
    expect(hubspotContacts(['hs_object_id', 'phone'])).toBe(2 / 8);
    expect(hubspotContacts(['hs_object_id', 'Phone'])).toBe(1 / 8);
    expect(hubspotContacts(['hubspot_owner_id', 'PHONE'])).toBe(1 / 8);
    expect(hubspotContacts(['hs_object_id', 'FirstName', 'LastName'])).toBe(1 / 8);
    expect(resolveRules({ preset: 'hubspot-contacts' }, ['Record ID', 'Phone']).rules.fields.phone).toBe('Phone Number');
  });
});

describe('a review of a HubSpot export by internal names', () => {
  it('finds inactive owners by owner id and proposes an owner id, which the import of hubspot_owner_id expects', () => {
    const headers = [
      'hs_object_id',
      'firstname',
      'lastname',
      'email',
      'hubspot_owner_id',
      'lifecyclestage',
      'hs_lead_status',
      'hs_analytics_source',
      'createdate',
      'notes_last_updated',
    ];
    const rows = [
      ['101', 'Ann', 'Lee', 'ann@acme.example', '9001', 'salesqualifiedlead', 'OPEN', 'ORGANIC_SEARCH', '2026-01-01T10:00:00Z', '2026-11-20T10:00:00Z'],
      ['102', 'Bo', 'Ng', 'bo@beta.example', '9002', 'lead', 'NEW', 'PAID_SEARCH', '2026-01-02T10:00:00Z', '2026-11-21T10:00:00Z'],
    ];
    const rules = {
      owners: [
        { name: 'Ada Active', email: 'ada@us.example', id: '9001', active: true, team: 'Sales' },
        { name: 'Ian Inactive', email: 'ian@us.example', id: '9002', active: false, team: 'Sales' },
      ],
    };
    const m = memoryIo({ 'e.csv': toCsv([headers, ...rows], { raw: true }), 'rules.json': JSON.stringify(rules) });
    expect(runCli(['review', 'e.csv', '--rules', 'rules.json', '--as-of', '2026-11-27'], m.io)).toBe(0);
    expect(m.out[0]).toBe('e.csv: HubSpot contacts (detected, 88% of its headers); review date 2026-11-27');
    const [head, ...lines] = parseCsv(m.files['out/review.csv']!);
    const col = (name: string) => head!.indexOf(name);
    const inactive = lines.filter((l) => l[col('Check')] === 'inactive_owner');
    expect(inactive.map((l) => [l[col('Record ID')], l[col('Field')], l[col('Current value')], l[col('Proposed value')]])).toEqual([['102', 'hubspot_owner_id', '9002', '9001']]);
    // internal stage and status values are read as their labels: no lifecycle finding
    expect(lines.filter((l) => l[col('Check')] === 'lifecycle_mismatch')).toEqual([]);
  });
});

describe('a HubSpot export names its object in its owner header', () => {
  const contactsWithCompanyColumns = ['Record ID', 'Company Name', 'Contact owner', 'Lifecycle Stage', 'Phone Number', 'Country/Region'];

  it('is a contacts export with "Contact owner", however many company columns it has', () => {
    // by the headers alone the companies preset fits better (5 of 8 against 4 of 8)
    const scores = Object.fromEntries(detectPreset(contactsWithCompanyColumns).candidates.map((c) => [c.preset.id, c.confidence]));
    expect(scores['hubspot-companies']).toBeGreaterThan(scores['hubspot-contacts']!);
    expect(detectPreset(contactsWithCompanyColumns).chosen?.preset.id).toBe('hubspot-contacts');
  });

  it('is a companies export with "Company owner"', () => {
    expect(detectPreset(['Record ID', 'Company name', 'Company owner', 'Phone Number', 'First Name', 'Last Name']).chosen?.preset.id).toBe('hubspot-companies');
  });

  it('leaves the choice to the other headers when two owner headers are present, or none', () => {
    expect(detectPreset(['Record ID', 'Company Name', 'Contact owner', 'Company owner', 'Lifecycle Stage', 'Phone Number', 'Country/Region']).chosen?.preset.id).toBe(
      'hubspot-companies',
    );
    expect(detectPreset(['Record ID', 'Company Name', 'Lifecycle Stage', 'Phone Number', 'Country/Region']).chosen?.preset.id).toBe('hubspot-companies');
  });

  it('leaves Salesforce\'s presets in the running (Salesforce labels its contacts\' owner "Contact Owner" too)', () => {
    expect(detectPreset(REALISTIC['salesforce-contacts']!).chosen?.preset.id).toBe('salesforce-contacts');
  });
});

describe('an export whose labels no preset knows', () => {
  it('is refused with a hint about the CRM user language (HubSpot labels an export in it)', () => {
    const german = ['Datensatz-ID', 'Vorname', 'Nachname', 'E-Mail', 'Telefonnummer', 'Kontaktinhaber', 'Lifecycle-Phase', 'Lead-Status'];
    expect(() => resolveRules(undefined, german)).toThrow(
      /set your CRM user language to English and export again, or choose the preset and name the columns in the Rules \(fields\)\.$/,
    );
    // an export that nearly fits two presets is not told about languages
    expect(() => resolveRules(undefined, ['Id', 'First Name', 'Last Name', 'Email', 'Contact owner'])).toThrow(/one of hubspot-contacts, [^.]*salesforce-opportunities\.$/);
  });
});

describe('a Salesforce export names its object in the fields only that object has', () => {
  // a Data Loader contacts export whose ids are not Salesforce's (a sandbox copy, a migration file)
  const contacts = [
    'Id',
    'FirstName',
    'LastName',
    'Email',
    'Phone',
    'MailingStreet',
    'MailingCity',
    'MailingPostalCode',
    'MailingState',
    'MailingCountry',
    'AccountId',
    'OwnerId',
    'LeadSource',
    'CreatedDate',
  ];

  it("Mailing address fields are a contact's: not a leads export, however close the leads preset scores", () => {
    const scores = Object.fromEntries(detectPreset(contacts).candidates.map((c) => [c.preset.id, c.confidence]));
    expect(scores['salesforce-contacts']! - scores['salesforce-leads']!).toBeLessThan(0.2);
    expect(detectPreset(contacts).chosen?.preset.id).toBe('salesforce-contacts');
  });

  it("IsConverted is a lead's, Billing address fields an account's, StageName an opportunity's", () => {
    expect(detectPreset(['Id', 'FirstName', 'LastName', 'Email', 'OwnerId', 'LeadSource', 'IsConverted']).chosen?.preset.id).toBe('salesforce-leads');
    expect(detectPreset(['Id', 'Name', 'OwnerId', 'BillingCity', 'BillingCountry', 'Phone']).chosen?.preset.id).toBe('salesforce-accounts');
    expect(detectPreset(['Id', 'Name', 'OwnerId', 'StageName', 'AccountId', 'Amount']).chosen?.preset.id).toBe('salesforce-opportunities');
  });

  it("a contacts report carrying its account's Billing fields stays Salesforce contacts (the accounts preset does not fit it)", () => {
    const report = ['Contact ID', 'First Name', 'Last Name', 'Email', 'Phone', 'Account Name', 'Contact Owner', 'Lead Source', 'Title', 'Billing City', 'Billing State/Province'];
    expect(detectPreset(report).chosen?.preset.id).toBe('salesforce-contacts');
  });

  it('leaves the choice to the scores when the fields of two objects are present (a contacts and accounts report)', () => {
    const both = [...contacts, 'BillingCity', 'IsConverted'];
    expect(detectPreset(both).chosen).toBeUndefined();
  });
});

describe("the team's own fields", () => {
  it("carry the preset's required fields, read-only fields and example rules to the columns they name (a German export)", () => {
    const german = ['Datensatz-ID', 'Vorname', 'Nachname', 'E-Mail', 'Telefonnummer', 'Kontaktinhaber', 'Lifecycle-Phase', 'Lead-Status', 'Quelle', 'Erstellungsdatum'];
    const fields = {
      id: 'Datensatz-ID',
      firstName: 'Vorname',
      lastName: 'Nachname',
      email: 'E-Mail',
      phone: 'Telefonnummer',
      owner: 'Kontaktinhaber',
      lifecycleStage: 'Lifecycle-Phase',
      leadStatus: 'Lead-Status',
      leadSource: 'Quelle',
      createdAt: 'Erstellungsdatum',
    };
    const { rules } = resolveRules({ preset: 'hubspot-contacts', fields }, german);
    expect(rules.requiredFields).toEqual(['E-Mail', 'Kontaktinhaber', 'Lifecycle-Phase', 'Quelle']);
    expect(rules.readOnlyFields).toEqual(expect.arrayContaining(['Datensatz-ID', 'Erstellungsdatum']));
    expect(rules.approvedFields).toEqual(expect.arrayContaining(Object.values(fields)));
    expect(rules.recordRules.find((r) => r.id === 'C-EMAIL')?.header).toBe('E-Mail');
  });

  it("a header the export lacks leaves the preset's own column in place; a role moved to another column leaves the system column read-only", () => {
    const english = ['Record ID', 'First Name', 'Last Name', 'Email', 'Contact owner', 'Lifecycle Stage', 'Lead Source', 'Last Activity Date', 'Last Touch'];
    const typo = resolveRules({ preset: 'hubspot-contacts', fields: { email: 'E-Mail' } }, english).rules;
    expect(typo.requiredFields).toContain('Email');
    expect(typo.approvedFields).toContain('Email');
    const moved = resolveRules({ preset: 'hubspot-contacts', fields: { lastActivityAt: 'Last Touch' } }, english).rules;
    expect(moved.readOnlyFields).toEqual(expect.arrayContaining(['Last Touch', 'Last Activity Date']));
  });
});
