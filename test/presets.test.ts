import { describe, expect, it } from 'vitest';
import { resolveRules } from '../src/core/intake/config';
import { detectPreset, PRESETS } from '../src/core/intake/presets';

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
};

describe('preset detection', () => {
  it('covers the six presets', () => {
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
