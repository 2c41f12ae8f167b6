import { describe, expect, it } from 'vitest';
import { resolveRules } from '../src/core/intake/config';
import { validateRulesFile } from '../src/core/intake/rules';
import { rulesFromGrid, rulesToGrid } from '../src/core/intake/rulesSheet';
import { HUBSPOT_HEADERS, teamRules } from './fixtures';

describe('rules file validation', () => {
  it('accepts a partial file and fills the rest from the preset', () => {
    const { rules, preset } = resolveRules(validateRulesFile({ preset: 'hubspot-contacts', staleAfterDays: 14 }), []);
    expect(preset.id).toBe('hubspot-contacts');
    expect(rules.staleAfterDays).toBe(14);
    expect(rules.lifecycleStages).toContain('Marketing Qualified Lead');
    expect(rules.fields.owner).toBe('Contact owner');
  });

  it.each([
    [{ staleAfterDays: 'thirty' }, 'rules key "staleAfterDays": expected a whole number of days'],
    [{ staleAfterDays: 2.5 }, 'rules key "staleAfterDays": expected a whole number of days'],
    [{ staleAfterDays: 0 }, 'rules key "staleAfterDays": expected a number of days above 0'],
    [{ asOf: '20/11/2026' }, 'rules key "asOf": expected a date YYYY-MM-DD'],
    [{ preset: 'pipedrive' }, 'rules key "preset": expected one of hubspot-contacts'],
    [{ owners: [{ name: 'Ann', active: 'yes' }] }, 'rules key "owners[0].active": expected TRUE or FALSE'],
    [{ fields: { owner: '' } }, 'rules key "fields.owner": expected a column header, got an empty value'],
    [{ approvedField: [] }, 'rules file: unknown key "approvedField"'],
  ])('names the failing key: %j', (file, message) => {
    expect(() => validateRulesFile(file)).toThrow(message);
  });

  it('checks consistency across keys', () => {
    expect(() => teamRules({ openStages: ['Prospect'] })).toThrow('rules key "openStages[0]": "Prospect" is not one of the lifecycle stages');
    expect(() =>
      teamRules({
        routing: [
          { id: 'R1', when: { X: ['a'] }, team: 'A' },
          { id: 'R1', when: { X: ['b'] }, team: 'B' },
        ],
      }),
    ).toThrow('routing rule id "R1" is used twice');
  });
});

describe('the Rules tab', () => {
  it('round-trips the rules through its grid', () => {
    const { rules } = teamRules();
    const parsed = rulesFromGrid(rulesToGrid(rules));
    expect(resolveRules(parsed.file, HUBSPOT_HEADERS).rules).toEqual(rules);
  });

  it('round-trips duplicate matching settings', () => {
    const { rules } = teamRules({
      duplicates: { shape: 'organization', threshold: 0.9, possibleThreshold: 0.6, maxGroupSize: 12, learn: false, match: { address: ['Street', 'City'] } },
    });
    expect(resolveRules(rulesFromGrid(rulesToGrid(rules)).file, HUBSPOT_HEADERS).rules.duplicates).toEqual(rules.duplicates);
  });

  it('names the cell of an invalid duplicate setting', () => {
    const g = rulesToGrid(teamRules().rules);
    const row = g.findIndex((r) => r[0] === 'duplicates.threshold');
    g[row]![1] = 'high';
    expect(() => rulesFromGrid(g)).toThrow(`Invalid rules: Rules!B${row + 1} (duplicates.threshold): expected a match probability between 0 and 1 (e.g. 0.95).`);
    expect(() => teamRules({ duplicates: { threshold: 0.5, possibleThreshold: 0.8 } })).toThrow(
      'rules key "duplicates.possibleThreshold": the possible-duplicate threshold (0.8) must not be above the duplicate threshold (0.5)',
    );
  });

  it('names the cell of an invalid value', () => {
    const g = rulesToGrid(teamRules().rules);
    const row = g.findIndex((r) => r[0] === 'staleAfterDays');
    g[row]![1] = 'soon';
    expect(() => rulesFromGrid(g)).toThrow(`Invalid rules: Rules!B${row + 1} (staleAfterDays): expected a whole number of days.`);
  });

  it('names the cell of a bad owner flag', () => {
    const g = rulesToGrid(teamRules().rules);
    const row = g.findIndex((r) => r[0] === 'owner');
    g[row]![3] = 'maybe';
    expect(() => rulesFromGrid(g)).toThrow(`Rules!D${row + 1} (owners.0.active): expected TRUE or FALSE`);
  });

  it('names the cell of a stage that is not defined', () => {
    const g = rulesToGrid(teamRules().rules);
    const row = g.findIndex((r) => r[0] === 'openStages');
    g[row]![2] = 'Prospect';
    const parsed = rulesFromGrid(g);
    expect(() => resolveRules(parsed.file, HUBSPOT_HEADERS, parsed.locate)).toThrow(`Rules!C${row + 1} (openStages.1): "Prospect" is not one of the lifecycle stages`);
  });

  it('refuses an unknown setting, naming its cell', () => {
    const g = rulesToGrid(teamRules().rules);
    g.push(['staleAfter', '3', ...Array(g[0]!.length - 2).fill('')]);
    expect(() => rulesFromGrid(g)).toThrow(`Rules!A${g.length}: unknown setting "staleAfter"`);
  });

  it('refuses a route without values', () => {
    const g = [['route', 'R1', 'EMEA', 'Country/Region']];
    expect(() => rulesFromGrid(g)).toThrow('Rules!E1: route R1 needs at least one value from column E on.');
  });
});

describe('the owner roster lists each user once', () => {
  const owner = (name: string, extra: Record<string, string> = {}) => ({ name, email: '', active: true, team: 'Sales', ...extra });

  it('refuses a user id on two rows, a Salesforce id in its 15- and 18-character forms included, naming both', () => {
    expect(() => teamRules({ owners: [owner('Ann', { id: '0055g00000AuCZZ' }), owner('Ann Again', { id: '0055g00000AuCZZAAX' })] })).toThrow(
      'Invalid rules: rules key "owners[1].id": user id "0055g00000AuCZZAAX" is already the roster\'s owner 1 (Ann); list each user once.',
    );
    expect(() => teamRules({ owners: [owner('Ann', { id: '9001' }), owner('Bo', { id: '9001' })] })).toThrow('rules key "owners[1].id": user id "9001" is already');
  });

  it('lets Salesforce users share an email (an old and a new user of one person), told apart by id', () => {
    const shared = [
      owner('Dana Brooks', { email: 'dana@x.example', id: '0055e000001AbCdAAK' }),
      { ...owner('Dana Brooks (old user)', { email: 'dana@x.example', id: '0055e000000XyZwAAC' }), active: false },
    ];
    expect(() => resolveRules({ preset: 'salesforce-contacts', owners: shared }, [])).not.toThrow();
    expect(() => resolveRules({ preset: 'hubspot-contacts', owners: shared }, [])).toThrow('rules key "owners[1].email": email "dana@x.example" is already');
  });

  it('refuses a name on two rows, unless both rows have their user id (or, for HubSpot, email): then the name alone finds neither', () => {
    expect(() => teamRules({ owners: [owner('Ann Lee', { email: 'a@x.example' }), owner(' ann  lee ')] })).toThrow(
      'rules key "owners[1].name": name "ann  lee" is already the roster\'s owner 1 (Ann Lee); list each user once; if they are two users, give each their email or user id.',
    );
    expect(() => teamRules({ owners: [owner('Ann Lee', { email: 'a@x.example' }), owner(' ann  lee ', { email: 'b@x.example' })] })).not.toThrow();
    expect(() => resolveRules({ preset: 'salesforce-leads', owners: [owner('Ann Lee', { id: '0055g00000AbCdEAAK' }), owner('Ann Lee', { email: 'x@y.example' })] }, [])).toThrow(
      'rules key "owners[1].name": name "Ann Lee" is already',
    );
    expect(() =>
      resolveRules({ preset: 'salesforce-leads', owners: [owner('Ann Lee', { id: '0055g00000AbCdEAAK' }), owner('Ann Lee', { id: '0055g00000XyZwAAC0' })] }, []),
    ).not.toThrow();
  });

  it("refuses a name that is another user's email or user id, since it would find that user", () => {
    expect(() => teamRules({ owners: [owner('Alex Kim', { email: 'alex@x.example' }), owner('ALEX@x.example', { email: 'other@x.example' })] })).toThrow(
      'rules key "owners[1].name": name "ALEX@x.example" is the email of the roster\'s owner 1 (Alex Kim); give each user their own name.',
    );
    expect(() => resolveRules({ preset: 'salesforce-leads', owners: [owner('0055g00000AbCdEAAK'), owner('Bo', { id: '0055g00000AbCdEAAK' })] }, [])).toThrow(
      'rules key "owners[0].name": name "0055g00000AbCdEAAK" is the user id of the roster\'s owner 2 (Bo)',
    );
  });

  it('refuses an email on two rows of a HubSpot roster, whatever its case', () => {
    expect(() => teamRules({ owners: [owner('Ann', { email: 'ann@x.example' }), owner('Bo', { email: ' ANN@x.example' })] })).toThrow(
      'rules key "owners[1].email": email "ANN@x.example" is already the roster\'s owner 1 (Ann); list each user once.',
    );
  });

  it('accepts ids that differ only in case (two Salesforce users), blank emails and ids, and one row with the same email and id as nobody else', () => {
    expect(() =>
      teamRules({
        owners: [
          owner('Ann', { id: '0055g00000AuCZz' }),
          owner('Bo', { id: '0055g00000AuCZZ' }),
          owner('Cy', { email: '' }),
          owner('Di', { email: '' }),
          owner('Ed', { email: 'ed@x.example', id: '9' }),
        ],
      }),
    ).not.toThrow();
  });

  it('names the Rules tab cell', () => {
    const { rules } = teamRules({ owners: [owner('Ann', { email: 'ann@x.example' }), owner('Bo', { email: 'bo@x.example' })] });
    const grid = rulesToGrid(rules).map((r) => r.map((c) => (c === 'bo@x.example' ? 'ann@x.example' : c)));
    const parsed = rulesFromGrid(grid);
    expect(() => resolveRules(parsed.file, HUBSPOT_HEADERS, parsed.locate)).toThrow(
      /^Invalid rules: Rules!C\d+ \(owners\.1\.email\): email "ann@x.example" is already the roster's owner 1 \(Ann\); list each user once\.$/,
    );
  });
});

describe('stageRequiredFields', () => {
  it('refuses a stage the Rules do not define, as openStages does: its fields would never be asked for', () => {
    const headers = ['Record ID', 'Deal Name', 'Deal Stage'];
    expect(() => resolveRules({ preset: 'hubspot-deals', lifecycleStages: ['Won', 'Lost'], openStages: [], stageRequiredFields: { 'Closed Won': ['Amount'] } }, headers)).toThrow(
      'Invalid rules: rules key "stageRequiredFields.Closed Won": "Closed Won" is not one of the lifecycle stages.',
    );
    // a team's own stages without its own stageRequiredFields keep the preset's for the stages they still have
    expect(resolveRules({ preset: 'hubspot-deals', lifecycleStages: ['Discovery', 'Won', 'Lost'], openStages: ['Discovery'] }, headers).rules.stageRequiredFields).toEqual({});
    expect(
      resolveRules({ preset: 'hubspot-deals', lifecycleStages: ['Discovery', 'closed won', 'Closed Lost'], openStages: ['Discovery'] }, headers).rules.stageRequiredFields,
    ).toEqual({ 'Closed Won': ['Amount', 'Close Date'], 'Closed Lost': ['Close Date'] });
    expect(
      resolveRules({ preset: 'hubspot-deals', lifecycleStages: ['Won', 'Lost'], openStages: [], stageRequiredFields: { Won: ['Amount'] } }, [
        'Record ID',
        'Deal Name',
        'Deal Stage',
      ]).rules.stageRequiredFields,
    ).toEqual({ Won: ['Amount'] });
  });
});
