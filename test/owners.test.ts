/**
 * Owner cells as CRMs write them: HubSpot's "(Deactivated User)" label, Salesforce user ids in their 15-
 * and 18-character forms, Salesforce queues owning records, and Salesforce imports that take an owner by
 * id (found by probes on realistic exports, 2026-11-27).
 */
import { describe, expect, it } from 'vitest';
import { OwnerRoster } from '../src/core/checks/owners';
import { makeQa } from '../src/core/review/qa';
import { isApprovable } from '../src/core/review/rows';
import { resolveRules } from '../src/core/intake/config';
import { pullSnapshot } from '../src/core/intake/pull';
import { readSourceGrid } from '../src/core/intake/source';
import { reviewSnapshot } from '../src/core/review/workflow';
import { contact, teamRules, teamRulesFile } from './fixtures';
import { runCli } from '../src/cli/run';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { memoryIo } from './memoryIo';
import { byCheck, reviewOf } from './helpers';

describe('the owner roster', () => {
  const roster = new OwnerRoster([
    { name: 'Bob Active', email: 'bob@example.com', active: true, team: 'NA', id: '0054W00000AuCZZQAN' },
    { name: 'Zed Gone', email: 'zed@example.com', active: false, team: 'NA', id: '0054W00000AuCZz' },
    { name: 'Ian Clarke', email: 'ian@example.com', active: true, team: 'EMEA' },
  ]);

  it('finds a Salesforce user by either form of the id, and tells ids apart by case', () => {
    expect(roster.find('0054W00000AuCZZ')?.name).toBe('Bob Active');
    expect(roster.find('0054W00000AuCZZQAN')?.name).toBe('Bob Active');
    expect(roster.find(' 0054W00000AuCZZQAN ')?.name).toBe('Bob Active');
    expect(roster.find('0054W00000AuCZz')?.name).toBe('Zed Gone');
    expect(roster.find('0054W00000AuCZzQAB')?.name).toBe('Zed Gone');
    expect(roster.find('0054W00000AuCZY')).toBeUndefined();
    // names and emails as before, in any case
    expect(roster.find('BOB@example.com')?.name).toBe('Bob Active');
  });

  it('finds an owner whatever accents the roster or the export dropped (a person types the roster)', () => {
    const accented = new OwnerRoster([
      { name: 'Chloé Laurent', email: 'chloe@example.com', active: true, team: 'EMEA' },
      { name: 'Zoe Muller', email: 'zoe@example.com', active: true, team: 'EMEA' },
    ]);
    expect(accented.find('Chloe Laurent')?.name).toBe('Chloé Laurent');
    expect(accented.find('CHLOÉ LAURENT')?.name).toBe('Chloé Laurent');
    expect(accented.find('Zoë Müller')?.name).toBe('Zoe Muller');
    expect(accented.find('Chloé Laurant')).toBeUndefined();
    // two users whose names differ only by an accent: each spelling finds its own; a third spelling, only
    // without accents, is shared by both, and finds neither
    const two = new OwnerRoster([
      { name: 'José Garcia', email: 'jose1@example.com', active: true, team: 'NA' },
      { name: 'Jose Garcia', email: 'jose2@example.com', active: false, team: 'NA' },
    ]);
    expect(two.find('José Garcia')?.email).toBe('jose1@example.com');
    expect(two.find('jose garcia')?.email).toBe('jose2@example.com');
    expect(two.sharing('José Garcia')).toBe(0);
    expect(two.sharing('José García')).toBe(2);
    expect(two.find('José García')).toBeUndefined();
    expect(two.find('jose2@example.com')?.active).toBe(false);
  });

  it('reads "(Deactivated User)" as the CRM saying the user is inactive, whatever the roster says', () => {
    const ian = roster.find('Ian Clarke (Deactivated User)');
    expect(ian).toMatchObject({ name: 'Ian Clarke', team: 'EMEA', active: false });
    expect(roster.find('Ian Clarke')?.active).toBe(true);
    expect(roster.deactivatedInCrm('Ian Clarke (deactivated user)')).toBe(true);
    expect(roster.find('Nobody Known (Deactivated User)')).toBeUndefined();
  });
});

describe('inactive_owner on CRM owner labels', () => {
  it('never proposes a user the export labels deactivated, on any record of the batch', () => {
    // Alice is active in the roster; the CRM says she is deactivated: her records go to Bruno, and so does
    // any other EMEA record's proposal, never to her
    const contacts = Array.from({ length: 12 }, (_, i) => contact({ 'Contact owner': i < 8 ? 'Alice Martin (Deactivated User)' : 'Ian Clarke' }));
    const rows = byCheck(reviewOf(contacts), 'inactive_owner');
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.proposedValue))).toEqual(new Set(['bruno@example.com']));
    expect(rows.every((r) => r.qa === '')).toBe(true);
  });

  it('leaves an active owner the export spells without the accent the roster has alone', () => {
    const rules = teamRules({ owners: teamRulesFile.owners!.map((o) => (o.name === 'Alice Martin' ? { ...o, name: 'Alicé Martin' } : o)) });
    const contacts = [contact({ 'Contact owner': 'Alice Martin' }), contact({ 'Contact owner': 'ALICÉ MARTIN' })];
    expect(byCheck(reviewOf(contacts, rules), 'inactive_owner')).toEqual([]);
    expect(byCheck(reviewOf(contacts, rules), 'routing_exception')).toEqual([]);
  });

  it('flags a HubSpot owner labelled deactivated as inactive, keeping the team for the proposal', () => {
    const rows = byCheck(
      reviewOf([contact({ 'Contact owner': 'Alice Martin (Deactivated User)' }), contact({ 'Contact owner': 'Someone Else (Deactivated User)' })]),
      'inactive_owner',
    );
    expect(rows.map((r) => r.reason)).toEqual(['Owner is inactive', 'Owner is inactive']);
    expect(rows[0]!.evidence).toContain('Contact owner "Alice Martin (Deactivated User)": the CRM marks this user deactivated (Rules: owners "Alice Martin").');
    expect(rows[0]!.proposedValue).not.toBe('');
    expect(rows[1]!.evidence).toContain('the CRM marks this user deactivated.');
  });

  const headers = ['Id', 'LastName', 'Company', 'OwnerId', 'Status', 'LeadSource', 'IsConverted'];
  const review = (owners: object[], cells: string[][]) => {
    const resolved = resolveRules({ preset: 'salesforce-leads', asOf: '2026-11-20', owners } as never, headers);
    const snapshot = pullSnapshot(readSourceGrid([headers, ...cells], { sourceName: 'test' }), resolved.rules, new Date('2026-11-20T09:00:00Z'), 'test');
    return reviewSnapshot(snapshot, resolved, '2026-11-20').filter((r) => r.check === 'inactive_owner');
  };
  const lead = (id: string, owner: string): string[] => [id, `L${id}`, 'Acme', owner, 'Open - Not Contacted', 'Web', 'false'];

  it('leaves a lead a Salesforce queue owns alone, and matches an 18-character owner id to its 15-character roster entry', () => {
    const owners = [
      { name: 'Bob Active', email: 'bob@example.com', active: true, team: 'NA', id: '0054W00000AuCZZ' },
      { name: 'Cy Active', email: 'cy@example.com', active: true, team: 'NA', id: '0054W00000AuCYY' },
    ];
    const rows = review(owners, [lead('00Q1', '00G4W000001AbCdUAE'), lead('00Q2', '0054W00000AuCZZQAN'), lead('00Q3', '0054W00000AuCXX')]);
    expect(rows.map((r) => [r.recordId, r.reason])).toEqual([['00Q3', 'Owner is not in the roster']]);
  });

  it('proposes no owner Salesforce cannot import: an owner without a user id', () => {
    const withIds = [
      { name: 'Gone', email: 'g@example.com', active: false, team: 'NA', id: '0054W00000AuCXX' },
      { name: 'Bob Active', email: 'bob@example.com', active: true, team: 'NA', id: '0054W00000AuCZZ' },
    ];
    const [ok] = review(withIds, [lead('00Q1', '0054W00000AuCXX')]);
    expect(ok).toMatchObject({ proposedValue: '0054W00000AuCZZ', qa: '' });
    // an active owner without a user id is never proposed: another with one is, or none (needs evidence)
    const mixed = [...withIds, { name: 'Cy NoId', email: 'cy@example.com', active: true, team: 'NA' }];
    const picks = review(
      mixed,
      ['00Q1', '00Q2', '00Q3', '00Q4', '00Q5', '00Q6'].map((id) => lead(id, '0054W00000AuCXX')),
    );
    expect(new Set(picks.map((r) => r.proposedValue))).toEqual(new Set(['0054W00000AuCZZ']));
    const withoutIds = [withIds[0]!, { name: 'Bob Active', email: 'bob@example.com', active: true, team: 'NA' }];
    const [none] = review(withoutIds, [lead('00Q1', '0054W00000AuCXX')]);
    expect(none).toMatchObject({ proposedValue: '', qa: 'Not approvable: no proposed value: needs evidence' });
    expect(none!.evidence).toContain('Team NA has no active owner with a CRM user id in the roster: needs evidence.');
  });
});

describe('an owner column of user ids with a roster that gives none', () => {
  it('skips the owner checks, saying why, instead of flagging every owner as unknown', () => {
    const headers = ['Id', 'LastName', 'Company', 'Email', 'OwnerId', 'Status', 'LeadSource'];
    const rows = [
      ['00Q5g00000AbCdEAAV', 'Lee', 'Acme', 'ann@acme.example', '0055g00000XyZaBAAV', 'Open - Not Contacted', 'Web'],
      ['00Q5g00000AbCdFAAV', 'Ng', 'Beta', 'bo@beta.example', '00G5g00000QuEuEAAV', 'Working - Contacted', 'Web'],
    ];
    const names = { owners: [{ name: 'Ada Active', email: 'ada@us.example', active: true, team: 'Sales' }] };
    const run = (rules: object) => {
      const m = memoryIo({ 'e.csv': toCsv([headers, ...rows], { raw: true }), 'rules.json': JSON.stringify(rules) });
      expect(runCli(['review', 'e.csv', '--rules', 'rules.json', '--as-of', '2026-11-27'], m.io)).toBe(0);
      return { out: m.out, summary: JSON.parse(m.files['out/summary.json']!) };
    };
    const without = run(names);
    expect(without.out).toContain('  skipped inactive_owner: the owner column holds CRM user ids and no owner in the Rules has one (owners, id): every owner would look unknown');
    expect(without.summary.checksSkipped.map((s: { check: string }) => s.check)).toEqual(['inactive_owner', 'stale_owner', 'routing_exception']);
    // with one id in the roster the checks run, and the other owner is unknown
    const withIds = run({ owners: [{ ...names.owners[0], id: '0055g00000XyZaBAAV' }] });
    expect(withIds.summary.checksSkipped.map((s: { check: string }) => s.check)).not.toContain('inactive_owner');
  });

  it('runs the owner checks when the roster finds the owners, even by names of digits', () => {
    const headers = ['Record ID', 'Email', 'Contact owner', 'Lifecycle Stage'];
    const m = memoryIo({
      'e.csv': toCsv([headers, ['1', 'a@x.example', '101', 'Lead'], ['2', 'b@x.example', '102', 'Lead'], ['3', 'c@x.example', '999', 'Lead']], { raw: true }),
      'rules.json': JSON.stringify({
        owners: [
          { name: '101', active: true, team: 'Sales' },
          { name: '102', active: false, team: 'Sales' },
        ],
      }),
    });
    expect(runCli(['review', 'e.csv', '--rules', 'rules.json', '--as-of', '2026-11-27'], m.io)).toBe(0);
    const summary = JSON.parse(m.files['out/summary.json']!);
    expect(summary.checksSkipped.map((s: { check: string }) => s.check)).not.toContain('inactive_owner');
    expect(summary.breakdowns.byCheck.find((b: { key: string }) => b.key === 'inactive_owner')?.proposals).toBe(2);
  });

  it('runs the owner checks on names and emails, however few the roster knows', () => {
    const headers = ['Record ID', 'Email', 'Contact owner', 'Lifecycle Stage'];
    const m = memoryIo({
      'e.csv': toCsv([headers, ['1', 'a@x.example', 'Nobody Known', 'Lead'], ['2', 'b@x.example', '12 Main St', 'Lead']], { raw: true }),
      'rules.json': JSON.stringify({ owners: [{ name: 'Ada Active', active: true, team: 'Sales' }] }),
    });
    expect(runCli(['review', 'e.csv', '--rules', 'rules.json', '--as-of', '2026-11-27'], m.io)).toBe(0);
    expect(JSON.parse(m.files['out/summary.json']!).checksSkipped.map((s: { check: string }) => s.check)).not.toContain('inactive_owner');
  });
});

describe('two Salesforce users of one name', () => {
  it('are told apart by id; a name alone finds neither, and the finding says why', () => {
    const headers = ['Lead ID', 'Last Name', 'Company', 'Lead Owner', 'Lead Status', 'Lead Source'];
    const rows = [
      ['00Q5g00000AbCdEAAV', 'Lee', 'Acme', 'Ann Lee', 'Open - Not Contacted', 'Web'],
      ['00Q5g00000AbCdFAAV', 'Ng', 'Beta', '0055g00000AnNoLAAV', 'Open - Not Contacted', 'Web'],
    ];
    const rules = {
      preset: 'salesforce-leads',
      owners: [
        { name: 'Ann Lee', id: '0055g00000AnNoLAAV', active: false, team: 'NA' },
        { name: 'Ann Lee', id: '0055g00000AnNeWAAV', active: true, team: 'NA' },
      ],
    };
    const m = memoryIo({ 'e.csv': toCsv([headers, ...rows], { raw: true }), 'rules.json': JSON.stringify(rules) });
    expect(runCli(['review', 'e.csv', '--rules', 'rules.json', '--as-of', '2026-11-27'], m.io)).toBe(0);
    const review = parseCsv(m.files['out/review.csv']!);
    const h = review[0]!;
    const found = review.filter((r) => r[h.indexOf('Check')] === 'inactive_owner').map((r) => [r[h.indexOf('Record ID')], r[h.indexOf('Evidence')]]);
    expect(found).toHaveLength(2);
    expect(found[0]![1]).toMatch(
      /^Lead Owner "Ann Lee" names 2 owners in the roster, told apart by email or user id \(Rules: owners\): which one owns the record, the export does not say\. Export the owner's email or user id to tell\. No owner is proposed until the export says which of them owns the record: needs evidence\.$/,
    );
    const reasons = review.filter((r) => r[h.indexOf('Check')] === 'inactive_owner').map((r) => [r[h.indexOf('Proposed value')], r[h.indexOf('Reason')]]);
    expect(reasons[0]).toEqual(['', 'Owner name is shared in the roster']);
    // by id, the old user is found, and is inactive
    expect(found[1]![1]).toMatch(/^Lead Owner "0055g00000AnNoLAAV" is marked inactive in the owner roster \(Rules: owners "Ann Lee"\)\./);
  });
});

describe('a deactivated label on a name two owners share', () => {
  it('makes neither owner a proposal, since which one the CRM deactivated is unknown, and marks neither inactive', () => {
    const roster = new OwnerRoster([
      { name: 'Alex Kim', email: 'alex.kim@x.example', active: true, team: 'NA' },
      { name: 'Alex Kim', email: 'alex.kim2@x.example', active: true, team: 'NA' },
      { name: 'Bo Ng', email: 'bo@x.example', active: true, team: 'NA' },
    ]);
    roster.learnDeactivated([['Alex Kim (Deactivated User)']], 0);
    expect(roster.activeInTeam('NA').map((o) => o.email)).toEqual(['bo@x.example']);
    // a record whose email names one of them keeps its owner: the label said nothing of which one
    expect(roster.find('alex.kim2@x.example')?.active).toBe(true);
    expect(roster.sharing('Alex Kim')).toBe(2);
    expect(roster.find('Alex Kim')).toBeUndefined();
  });
});

describe('owners the roster cannot tell apart by what the export shows', () => {
  it('finds neither Salesforce user of a shared email, whichever row comes last', () => {
    const a = { name: 'Sam New', email: 'sam@x.example', id: '0055g00000SaMnEAAV', active: true, team: 'NA' };
    const b = { name: 'Sam Old', email: 'sam@x.example', id: '0055g00000SaMoLAAV', active: false, team: 'NA' };
    for (const owners of [
      [a, b],
      [b, a],
    ]) {
      const roster = new OwnerRoster(owners);
      expect(roster.find('sam@x.example')).toBeUndefined();
      expect(roster.sharing('SAM@x.example')).toBe(2);
      expect(roster.find('0055g00000SaMoLAAV')?.name).toBe('Sam Old');
    }
  });

  it('proposes an owner without an email by name only if the name finds them alone', () => {
    const roster = new OwnerRoster([
      { name: 'Alex Kim', email: '', id: '1', active: true, team: 'NA' },
      { name: 'Alex Kim', email: '', id: '2', active: true, team: 'NA' },
      { name: 'Bo Ng', email: '', active: true, team: 'NA' },
    ]);
    for (const id of ['r1', 'r2', 'r3', 'r4', 'r5']) expect(roster.pickForTeam('NA', id)?.owner.name).toBe('Bo Ng');
  });
});

describe('two HubSpot users of one name, told apart by email', () => {
  const alexes = [
    { name: 'Alex Kim', email: 'alex.kim@x.example', active: true, team: 'EMEA' },
    { name: 'Alex Kim', email: 'alex.kim2@x.example', active: true, team: 'EMEA' },
    { name: 'Ian Clarke', email: 'ian@x.example', active: false, team: 'EMEA' },
  ];

  it('are proposed by email, and the evidence names which one', () => {
    const resolved = resolveRules({ preset: 'hubspot-contacts', owners: alexes }, ['Record ID', 'Email', 'Contact owner', 'Country/Region']);
    const rows = byCheck(reviewOf([contact({ 'Record ID': '5', 'Contact owner': 'Ian Clarke' })], resolved), 'inactive_owner');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.proposedValue).toMatch(/^alex\.kim2?@x\.example$/);
    expect(rows[0]!.evidence).toContain(`Proposed Alex Kim (${rows[0]!.proposedValue}): one of 2 active owners of team EMEA`);
    expect(isApprovable(rows[0]!)).toBe(true);
  });

  it('flag a record shown by the shared name at Medium, and QA refuses the bare name as a proposal', () => {
    const resolved = resolveRules({ preset: 'hubspot-contacts', owners: alexes }, ['Record ID', 'Email', 'Contact owner', 'Country/Region']);
    const [row] = byCheck(reviewOf([contact({ 'Record ID': '6', 'Contact owner': 'Alex Kim' })], resolved), 'inactive_owner');
    expect(row).toMatchObject({ severity: 'Medium', reason: 'Owner name is shared in the roster', proposedValue: '' });
    const qa = makeQa(resolved.rules, resolved.preset, new OwnerRoster(alexes));
    expect(qa({ ...row!, check: 'record_rule_violation', proposedValue: 'Alex Kim', currentValue: 'Ian Clarke' })).toEqual([
      'proposed owner "Alex Kim" names 2 owners in the roster, so the import cannot tell which',
    ]);
  });
});

describe('a Salesforce queue named in the roster (a report shows its name, not its 00G id)', () => {
  const queue = { name: 'EMEA Lead Queue', email: '', active: true, team: 'EMEA', queue: true };
  const owners = [
    queue,
    { name: 'Alice Martin', email: 'alice@example.com', active: true, team: 'EMEA' },
    { name: 'Ian Clarke', email: 'ian@example.com', active: false, team: 'EMEA' },
  ];
  const headers = ['Record ID', 'Email', 'Contact owner', 'Country/Region'];

  it('owns records by design: no finding; and it is never proposed as an owner, QA refusing it by hand', () => {
    const resolved = resolveRules({ preset: 'hubspot-contacts', owners, routing: [{ id: 'R-EMEA', when: { 'Country/Region': ['United Kingdom'] }, team: 'EMEA' }] }, headers);
    const rows = reviewOf(
      [
        contact({ 'Record ID': '11', 'Contact owner': 'EMEA Lead Queue', 'Country/Region': 'United Kingdom' }),
        ...['12', '13', '14', '15', '16'].map((id) => contact({ 'Record ID': id, 'Contact owner': 'Ian Clarke', 'Country/Region': 'United Kingdom' })),
      ],
      resolved,
    );
    expect(rows.filter((r) => r.recordId === '11' && r.field === 'Contact owner')).toEqual([]);
    const inactive = byCheck(rows, 'inactive_owner');
    expect(inactive).toHaveLength(5);
    expect(new Set(inactive.map((r) => r.proposedValue))).toEqual(new Set(['alice@example.com']));
    const qa = makeQa(resolved.rules, resolved.preset, new OwnerRoster(owners));
    expect(qa({ ...inactive[0]!, proposedValue: 'EMEA Lead Queue' })).toEqual(['proposed owner "EMEA Lead Queue" is a queue, not a person (Rules: owners)']);
  });

  it("is never a stale owner; a team's queue is routed like its owners, a queue of no team not at all", () => {
    const withQueues = [...owners, { name: 'Web Leads Queue', email: '', active: true, team: '', queue: true }];
    const resolved = resolveRules({ preset: 'hubspot-contacts', owners: withQueues, routing: [{ id: 'R-NA', when: { 'Country/Region': ['United States'] }, team: 'NA' }] }, [
      ...headers,
      'Lifecycle Stage',
      'Last Activity Date',
    ]);
    const stale = { 'Lifecycle Stage': 'Lead', 'Last Activity Date': '2025-01-01' };
    const rows = reviewOf(
      [
        contact({ 'Record ID': '21', 'Contact owner': 'EMEA Lead Queue', 'Country/Region': 'United States', ...stale }),
        contact({ 'Record ID': '22', 'Contact owner': 'Web Leads Queue', 'Country/Region': 'United States', ...stale }),
      ],
      resolved,
    );
    expect(byCheck(rows, 'stale_owner')).toEqual([]);
    // the EMEA queue holds a record routing expects in NA: a routing exception; the queue of no team does not
    expect(byCheck(rows, 'routing_exception').map((r) => r.recordId)).toEqual(['21']);
  });

  it('is one column more of the Rules tab, read back as written, and refused naming the cell when not TRUE or FALSE', async () => {
    const { rulesFromGrid, rulesToGrid } = await import('../src/core/intake/rulesSheet');
    const resolved = resolveRules({ preset: 'hubspot-contacts', owners }, headers);
    const grid = rulesToGrid(resolved.rules);
    const row = grid.findIndex((r) => r[0] === 'owner' && r[1] === 'EMEA Lead Queue');
    expect(grid[row]!.slice(0, 8)).toEqual(['owner', 'EMEA Lead Queue', '', 'TRUE', 'EMEA', '', 'TRUE', '']);
    expect(grid.find((r) => r[0] === 'owner' && r[1] === 'Alice Martin')![6]).toBe('');
    expect(resolveRules(rulesFromGrid(grid).file, headers).rules.owners).toEqual(resolved.rules.owners);
    // a tab made before the column existed may hold a note there: the message says what the column is now
    const bad = grid.map((r, i) => (i === row ? [...r.slice(0, 6), 'on leave until May', ...r.slice(7)] : r));
    expect(() => rulesFromGrid(bad)).toThrow(
      `Invalid rules: Rules!G${row + 1}: this column of an owner row is "queue" (TRUE for a Salesforce queue, else blank), and "on leave until May" is neither. Move a note to a column further right.`,
    );
    const moved = grid.map((r, i) => (i === row ? [...r.slice(0, 7), 'on leave until May', ...r.slice(8)] : r));
    expect(resolveRules(rulesFromGrid(moved).file, headers).rules.owners).toEqual(resolved.rules.owners);
  });
});
