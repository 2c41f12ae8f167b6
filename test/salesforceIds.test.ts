/** A Salesforce record id's key prefix names its object: detection weighs it, and the pull refuses a preset it contradicts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run';
import { resolveRules } from '../src/core/intake/config';
import { toCsv } from '../src/core/intake/csv';
import { detectPreset } from '../src/core/intake/presets';
import { csvOwnIds, pullCsv } from '../src/core/intake/pull';
import { countSalesforceObjects, dominantObject, ID_SAMPLE, isSalesforceId } from '../src/core/intake/salesforceIds';
import { memoryIo } from './memoryIo';

/** A 15- or 18-character Salesforce id of the object with this key prefix. */
const sfId = (prefix: string, n: number, long = true): string => `${prefix}5g00000${String(n).padStart(5, '0')}${long ? 'AAX' : ''}`;
const ids = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => sfId(prefix, i, i % 2 === 0));
/** A Data Loader export with just enough columns to fit the leads and the contacts presets alike. */
const HEADERS = ['Id', 'FirstName', 'LastName', 'Email', 'OwnerId', 'CreatedDate'];
const exportOf = (recordIds: readonly string[], headers = HEADERS): string =>
  toCsv([headers, ...recordIds.map((id, i) => [id, `Ann${i}`, `Lee${i}`, `ann${i}@example.com`, '0055g00000XyZaBAAV', '2026-10-01T10:00:00.000Z'].slice(0, headers.length))], {
    raw: true,
  });

/** The object the first ID_SAMPLE ids name, as detection reads them. */
const salesforceObjectOf = (list: Iterable<string>) => dominantObject(countSalesforceObjects(list, ID_SAMPLE));

describe('the object of a list of record ids', () => {
  it('names the object of ids that share a standard key prefix, in both lengths', () => {
    expect(salesforceObjectOf(ids('003', 20))).toEqual({ prefix: '003', object: 'contact' });
    expect(salesforceObjectOf(ids('00Q', 20))).toEqual({ prefix: '00Q', object: 'lead' });
    expect(salesforceObjectOf(ids('001', 3))).toEqual({ prefix: '001', object: 'account' });
    expect(salesforceObjectOf(ids('006', 3))).toEqual({ prefix: '006', object: 'opportunity' });
  });

  it('says nothing of HubSpot numbers, custom objects, lower-case prefixes, wrong lengths or nothing at all', () => {
    expect(salesforceObjectOf(['1001', '1002', '3000000001'])).toBeUndefined();
    expect(salesforceObjectOf(ids('a0X', 10))).toBeUndefined();
    expect(salesforceObjectOf(ids('00q', 10))).toBeUndefined(); // 00q is not Lead: prefixes are case-sensitive
    expect(salesforceObjectOf(['003A', '003B'])).toBeUndefined();
    expect(salesforceObjectOf(ids('003', 4).map((id) => `${id}Z`))).toBeUndefined();
    expect(salesforceObjectOf([])).toBeUndefined();
    expect(salesforceObjectOf(['', '  '])).toBeUndefined();
  });

  it('needs 90% of the ids read to agree, blanks not counted', () => {
    expect(salesforceObjectOf([...ids('003', 9), '42'])).toEqual({ prefix: '003', object: 'contact' });
    expect(salesforceObjectOf([...ids('003', 8), '42', '43'])).toBeUndefined();
    expect(salesforceObjectOf([...ids('003', 8), ...ids('00Q', 2)])).toBeUndefined();
    expect(salesforceObjectOf([...ids('003', 9), '', ' ', '42'])).toEqual({ prefix: '003', object: 'contact' });
  });

  it(`reads only the first ${ID_SAMPLE} ids`, () => {
    expect(salesforceObjectOf([...ids('003', ID_SAMPLE), ...ids('00Q', 5000)])).toEqual({ prefix: '003', object: 'contact' });
  });

  it('agrees with a plain count on random lists', () => {
    const anId = fc.oneof(
      fc.constantFrom('003', '00Q', '001', 'a0X').chain((p) => fc.integer({ min: 0, max: 99999 }).map((n) => sfId(p, n))),
      fc.constantFrom('', '17', 'x'),
    );
    fc.assert(
      fc.property(fc.array(anId, { maxLength: 40 }), (list) => {
        const read = list.filter((s) => s.trim() !== '');
        const plain = ['003', '00Q', '001'].find((p) => read.length > 0 && read.filter((s) => s.startsWith(p)).length >= 0.9 * read.length);
        expect(salesforceObjectOf(list)?.prefix).toBe(plain);
      }),
    );
  });
});

describe('detection reads the record ids', () => {
  const sampleOf = (values: readonly string[]) => () => countSalesforceObjects(values, ID_SAMPLE);

  it('is unsure from these headers alone', () => {
    expect(detectPreset(HEADERS).chosen).toBeUndefined();
  });

  it('chooses the preset of the object the ids belong to', () => {
    expect(detectPreset(HEADERS, sampleOf(ids('003', 10))).chosen).toMatchObject({ preset: { id: 'salesforce-contacts' }, byIds: { prefix: '003' } });
    expect(detectPreset(HEADERS, sampleOf(ids('00Q', 10))).chosen).toMatchObject({ preset: { id: 'salesforce-leads' }, byIds: { prefix: '00Q' } });
  });

  it('lets the ids outweigh headers that look like another object', () => {
    const leadHeaders = ['Id', 'FirstName', 'LastName', 'Company', 'Email', 'Phone', 'Country', 'OwnerId', 'Status', 'LeadSource', 'IsConverted'];
    expect(detectPreset(leadHeaders).chosen?.preset.id).toBe('salesforce-leads');
    expect(detectPreset(leadHeaders, sampleOf(ids('003', 10))).chosen?.preset.id).toBe('salesforce-contacts');
  });

  it('chooses nothing when the preset of the ids fits under a quarter of its headers', () => {
    const result = detectPreset(['Id', 'Name', 'Amount'], sampleOf(ids('003', 10)));
    expect(result.chosen).toBeUndefined();
    expect(result.ids).toEqual({ prefix: '003', object: 'contact' });
  });

  it('reads no ids of a HubSpot export (its id column is "Record ID")', () => {
    let asked = 0;
    const result = detectPreset(['Record ID', 'First Name', 'Last Name', 'Email', 'Contact owner', 'Lifecycle Stage'], () => {
      asked++;
      return countSalesforceObjects(ids('003', 10));
    });
    expect(asked).toBe(0);
    expect(result.chosen?.preset.id).toBe('hubspot-contacts');
  });

  it('reads only the own "Id" column: a report\'s "Account ID" may be the account of an opportunity or contact', () => {
    const opportunityReport = ['Opportunity Name', 'Account Name', 'Account ID', 'Stage', 'Amount', 'Close Date', 'Opportunity Owner', 'Lead Source', 'Type', 'Opportunity ID'];
    let asked = 0;
    const sample = () => {
      asked++;
      return countSalesforceObjects(ids('001', 10));
    };
    // (its headers choose the opportunities preset; the accounts' ids in "Account ID" are never read)
    expect(detectPreset(opportunityReport, sample).chosen?.preset.id).toBe('salesforce-opportunities');
    expect(asked).toBe(0);
    const contactReport = ['First Name', 'Last Name', 'Title', 'Account Name', 'Account ID', 'Email', 'Contact Owner', 'Mailing Country'];
    expect(detectPreset(contactReport, sample).chosen?.preset.id).toBe('salesforce-contacts');
    expect(asked).toBe(0);
    // Data Loader's own id, in any case, is read: ids of accounts choose accounts (Id and OwnerId: a quarter of its headers)
    expect(detectPreset(['ID', ...HEADERS.slice(1)], sample).chosen?.preset.id).toBe('salesforce-accounts');
    expect(asked).toBe(1);
  });

  it('never overrules headers that clearly fit a HubSpot preset (a legacy Salesforce id column)', () => {
    const hubspot = ['Record ID', 'First Name', 'Last Name', 'Email', 'Contact owner', 'Lifecycle Stage', 'Lead Status', 'Phone Number', 'Id'];
    expect(detectPreset(hubspot, sampleOf(ids('003', 10))).chosen?.preset.id).toBe('hubspot-contacts');
  });

  it("reads no ids beside HubSpot's own Record ID, however few HubSpot headers there are", () => {
    let asked = 0;
    const sample = () => {
      asked++;
      return countSalesforceObjects(ids('003', 10));
    };
    expect(detectPreset(['Record ID', 'First Name', 'Last Name', 'Email', 'Id'], sample).chosen).toBeUndefined();
    expect(detectPreset(['hs_object_id', 'firstname', 'Id'], sample).chosen).toBeUndefined();
    expect(detectPreset(['Company ID', 'Company name', 'Company owner', 'Id'], sample).chosen).toBeUndefined();
    expect(asked).toBe(0);
    // a deals export with a legacy opportunity id is not refused as opportunities
    expect(() => resolveRules(undefined, ['Record ID', 'Deal Name', 'Amount', 'Id'], undefined, sampleOf(ids('006', 5)))).toThrow(/^Could not tell for sure/);
  });

  it('falls back to the headers when the ids say nothing', () => {
    expect(detectPreset(HEADERS, sampleOf(['1', '2'])).chosen).toBeUndefined();
    const leadHeaders = ['Id', 'LastName', 'Company', 'Status', 'LeadSource', 'OwnerId', 'IsConverted'];
    expect(detectPreset(leadHeaders, sampleOf(ids('a0X', 5))).chosen?.preset.id).toBe('salesforce-leads');
  });

  it('refuses an export of an object no preset reviews, naming it', () => {
    expect(() => resolveRules(undefined, ['Id', 'Subject', 'Status', 'Priority', 'OwnerId'], undefined, sampleOf(ids('500', 5)))).toThrow(
      "This export's record ids are Salesforce case ids (500…), and no preset reviews that object. Export Salesforce leads, contacts, accounts or opportunities (or HubSpot contacts, companies or deals).",
    );
    // opportunities have their preset: their ids choose it, from a few of its headers
    expect(resolveRules(undefined, ['Id', 'Name', 'StageName', 'Amount', 'OwnerId'], undefined, sampleOf(ids('006', 5))).rules.preset).toBe('salesforce-opportunities');
  });

  it('names the ids beside the best matches when it must ask', () => {
    expect(() => resolveRules(undefined, ['Id', 'Name', 'Amount'], undefined, sampleOf(ids('003', 10)))).toThrow(
      /^Could not tell for sure which CRM export this is from its headers \(best matches: .*; its record ids are Salesforce contact ids \(003…\)\)\. Choose the preset/,
    );
  });

  it("reads a CSV's Id column from the head of its text: quoted values, a cut, short rows", () => {
    const csv = exportOf(ids('003', 3));
    expect(csvOwnIds(csv, HEADERS)).toEqual(ids('003', 3));
    expect(csvOwnIds(csv, [' ID ', ...HEADERS.slice(1)])).toEqual(ids('003', 3));
    expect(csvOwnIds(csv, ['Record ID', ...HEADERS.slice(1)])).toEqual([]);
    // a head cut inside a quoted value keeps the rows before it
    expect(csvOwnIds('Id,Note\n"003a",x\n"003b","y\n', ['Id', 'Note'])).toEqual(['003a']);
    expect(csvOwnIds(exportOf(ids('003', ID_SAMPLE + 50)), HEADERS)).toHaveLength(ID_SAMPLE);
    // the parser reuses its row: a short row's missing id is blank, not the row before's
    expect(csvOwnIds('Name,Id\nx,003A\ny\nz\n', ['Name', 'Id'])).toEqual(['003A', '', '']);
  });

  it('tests a Salesforce id, of an object when given its prefix, as the owner checks and the counts do', () => {
    expect(isSalesforceId(' 0055g00000XyZaBAAV ')).toBe(true);
    expect(isSalesforceId('0055g00000XyZaB', '005')).toBe(true);
    expect(isSalesforceId('0055g00000XyZaBAAV', '00G')).toBe(false);
    expect(isSalesforceId('0055g00000XyZaBAA')).toBe(false);
    expect(isSalesforceId('0055g00000XyZa-AAV')).toBe(false);
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (v) => {
        expect(isSalesforceId(v)).toBe(/^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/.test(v.trim()));
      }),
    );
  });
});

describe('the pull refuses a preset the record ids contradict', () => {
  const run = (csv: string, args: string[] = []) => {
    const m = memoryIo({ 'e.csv': csv });
    const code = runCli(['review', 'e.csv', '--as-of', '2026-11-27', ...args], m.io);
    return { code, out: m.out, err: m.err, files: m.files };
  };

  it('detects Salesforce contacts by their ids, and says so', () => {
    const r = run(exportOf(ids('003', 4)));
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('e.csv: Salesforce contacts (detected, 50% of its headers and its record ids, Salesforce contact ids (003…)); review date 2026-11-27');
  });

  it('refuses contact ids reviewed as leads, naming the preset that fits, and writes nothing', () => {
    const r = run(exportOf(ids('003', 4)), ['--preset', 'salesforce-leads']);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([
      'crm-review-gate: e.csv: its record ids ("Id") are Salesforce contact ids (003…), but the Rules use the Salesforce leads preset. Choose the salesforce-contacts preset (menu: Choose preset…; CLI: --preset; or "preset" in the rules), or export Salesforce leads.',
    ]);
    expect(Object.keys(r.files)).toEqual(['e.csv']);
  });

  it('refuses Salesforce ids reviewed with a HubSpot preset', () => {
    const r = run(exportOf(ids('00Q', 4), ['Record ID', 'First Name', 'Last Name', 'Email']), ['--preset', 'hubspot-contacts']);
    expect(r.err[0]).toContain('its record ids ("Record ID") are Salesforce lead ids (00Q…), but the Rules use the HubSpot contacts preset. Choose the salesforce-leads preset');
  });

  it('refuses an object no preset reviews', () => {
    const r = run(exportOf(ids('500', 4)), ['--preset', 'salesforce-leads']);
    expect(r.err).toEqual([
      'crm-review-gate: e.csv: its record ids ("Id") are Salesforce case ids (500…), but the Rules use the Salesforce leads preset, and no preset reviews that object. Export Salesforce leads, contacts, accounts or opportunities.',
    ]);
  });

  it('accepts the ids of the preset, custom objects, and a few stray ids', () => {
    expect(run(exportOf(ids('00Q', 4)), ['--preset', 'salesforce-leads']).code).toBe(0);
    expect(run(exportOf(ids('a0X', 4)), ['--preset', 'salesforce-leads']).code).toBe(0);
    expect(run(exportOf([...ids('00Q', 19), sfId('003', 99)]), ['--preset', 'salesforce-leads']).code).toBe(0);
  });

  it('reads every id for a Salesforce preset: contacts with leads appended after the first 1,000 are refused', () => {
    const r = run(exportOf([...ids('003', ID_SAMPLE), ...ids('00Q', 2000)]), ['--preset', 'salesforce-contacts']);
    expect(r.err).toEqual([
      'crm-review-gate: e.csv: 2,000 of its 3,000 record ids ("Id") belong to other objects than the Salesforce contacts preset reviews (2,000 Salesforce lead ids (00Q…)). Export one object per file.',
    ]);
    expect(Object.keys(r.files)).toEqual(['e.csv']);
    // a tenth of the file or more; under that, stray ids are the review's to find
    expect(run(exportOf([...ids('003', 90), ...ids('00Q', 5), ...ids('001', 5)]), ['--preset', 'salesforce-contacts']).err[0]).toContain(
      '10 of its 100 record ids ("Id") belong to other objects than the Salesforce contacts preset reviews (5 Salesforce lead ids (00Q…), 5 Salesforce account ids (001…))',
    );
    expect(run(exportOf([...ids('003', 91), ...ids('00Q', 9)]), ['--preset', 'salesforce-contacts']).code).toBe(0);
  });

  it('refuses the same way however the pull is fed', () => {
    const csv = exportOf(ids('003', 4));
    const rules = resolveRules({ preset: 'salesforce-leads' }, HEADERS).rules;
    expect(() => pullCsv(csv, { sourceName: 'e.csv' }, () => rules, new Date())).toThrow('are Salesforce contact ids (003…), but the Rules use the Salesforce leads preset');
  });
});
