/**
 * Values that are the names of Object.prototype's properties ("constructor", "toString", "__proto__"):
 * data, never a lookup into a plain object. A first name "Constructor" once stopped the whole review
 * (the nickname table was an object, so it found Object.prototype.constructor).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run';
import { addressTokens, givenName, sameGivenName } from '../src/core/checks/dedupe/normalize';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { resolveRules } from '../src/core/intake/config';
import { validateRulesFile } from '../src/core/intake/rules';
import { rulesFromGrid, rulesToGrid } from '../src/core/intake/rulesSheet';
import { rulesKeyOfCheck } from '../src/core/report/patterns';
import { contact, exportCsv, HUBSPOT_HEADERS, teamRulesFile } from './fixtures';
import { memoryIo } from './memoryIo';

const NAMES = Object.getOwnPropertyNames(Object.prototype);
// every case a person may type them in
const SPELLINGS = NAMES.flatMap((n) => [n, n[0]!.toUpperCase() + n.slice(1), n.toUpperCase()]);

describe("Object.prototype's property names as values", () => {
  it('are names, words and checks like any other in the lookups that take them', () => {
    expect(NAMES).toContain('constructor');
    expect(NAMES).toContain('__proto__');
    for (const name of NAMES) {
      expect(rulesKeyOfCheck(name)).toBe(name);
      const plain = name.toLowerCase().replace(/[^a-z]/g, '');
      expect(givenName(name)).toBe(plain);
      expect(sameGivenName(givenName(name), givenName('Robert'))).toBe(false);
      expect(addressTokens(`12 ${name} Street`)).toEqual([
        '12',
        ...name
          .toLowerCase()
          .split(/[^a-z0-9]+/)
          .filter(Boolean),
        'st',
      ]);
    }
    expect(rulesKeyOfCheck('stale_owner')).toBe('staleAfterDays');
  });

  it('in every text column of an export: the review runs, decides, exports and runs again', () => {
    const records = SPELLINGS.map((name, i) =>
      contact({
        'Record ID': String(9000 + i),
        'First Name': name,
        'Last Name': name,
        'Company Name': name,
        'Job Title': name,
        'Lead Status': name,
        'Lifecycle Stage': name,
        'Lead Source': name,
        'Original Source': name,
        'Original Source Drill-Down 1': name,
        'Contact owner': name,
        'Country/Region': name,
      }),
    );
    // two records of one person named Constructor: found as duplicates, as any name would be
    const twin = { 'First Name': 'Constructor', 'Last Name': 'Prototype', Email: 'constructor@example.com', 'Company Name': 'Acme' };
    records.push(contact({ ...twin, 'Record ID': '8001' }), contact({ ...twin, 'Record ID': '8002' }));
    const m = memoryIo({ 'export.csv': exportCsv(records), 'rules.json': JSON.stringify(teamRulesFile) });
    expect(runCli(['review', 'export.csv', '--rules', 'rules.json', '--out', 'o'], m.io)).toBe(0);
    expect(m.err).toEqual([]);
    const review = parseCsv(m.files['o/review.csv']!);
    const col = (name: string): number => review[0]!.indexOf(name);
    const rows = review.slice(1);
    const duplicates = rows.filter((r) => r[col('Check')] === 'duplicate_record').map((r) => r[col('Record ID')]);
    expect(duplicates).toEqual(expect.arrayContaining(['8001', '8002']));
    // the values are quoted back as they are, in every check that reads them
    for (const check of ['lifecycle_mismatch', 'inactive_owner', 'record_rule_violation']) {
      expect(
        rows.some((r) => r[col('Check')] === check && r[col('Current value')] === 'constructor'),
        check,
      ).toBe(true);
    }
    // a person approves every proposal that has a value, and the run goes on: log, exports, report
    for (const r of rows) if (r[col('Proposed value')] !== '') r[col('Decision')] = 'Approve';
    m.files['o/review.csv'] = toCsv(review);
    expect(runCli(['review', 'export.csv', '--rules', 'rules.json', '--out', 'o'], m.io)).toBe(0);
    expect(m.err).toEqual([]);
    expect(parseCsv(m.files['o/decision-log.csv']!).length).toBeGreaterThan(1);
    expect(m.files['o/approved-changes.csv']).toBeDefined();
    expect(m.files['o/report.html']).toContain('constructor');
  });

  // A "__proto__" key in JSON is an ordinary key to JSON.parse, but the rules schema's records drop it
  // without a word: a routing or record rule's condition keyed by it vanished, and the rule then applied
  // to every record (found by an adversarial probe, 2026-11-27). It is refused, naming where it is.
  // (written as JSON text: in an object literal "__proto__" sets the prototype, it is not a key)
  it.each([
    ['a routing condition', '"routing": [{"id": "R-P", "when": {"__proto__": ["x"]}, "team": "EMEA"}]', 'routing.0.when.__proto__'],
    ['a record rule condition', '"recordRules": [{"id": "X1", "header": "Job Title", "when": {"__proto__": ["x"]}, "oneOf": ["Buyer"]}]', 'recordRules.0.when.__proto__'],
    ['an alias variant', '"recordRules": [{"id": "X1", "header": "Job Title", "aliases": {"__proto__": "Buyer"}}]', 'recordRules.0.aliases.__proto__'],
    ['a lead status', '"statusStages": {"__proto__": ["Lead"]}', 'statusStages.__proto__'],
    ['a stage', '"stageRequiredFields": {"__proto__": ["Email"]}', 'stageRequiredFields.__proto__'],
    ['a field role', '"fields": {"__proto__": "Email"}', 'fields.__proto__'],
    // with spaces around it: the header schema trims the key before the record would drop it
    ['a spaced record rule condition', '"recordRules": [{"id": "X1", "header": "Email", "when": {" __proto__": ["a"]}, "require": true}]', 'recordRules.0.when. __proto__'],
  ])('refuses "__proto__" as the key of %s in a rules file, naming its path, in the CLI and the add-on alike', (_what, json, path) => {
    // the last of two equal keys wins in JSON.parse: the case's key replaces the team's
    const text = `${JSON.stringify(teamRulesFile).slice(0, -1)}, ${json}}`;
    const message = `"__proto__" cannot be a name in the rules (a header, status, stage or variant of that name is not supported).`;
    // (the add-on's rules JSON names list items as [0], the CLI's as .0)
    expect(() => validateRulesFile(JSON.parse(text))).toThrow(`Invalid rules: rules key "${path.replace(/\.(\d+)\./g, '[$1].')}": ${message}`);
    const m = memoryIo({ 'export.csv': exportCsv([contact(), contact()]), 'rules.json': text });
    expect(runCli(['review', 'export.csv', '--rules', 'rules.json', '--out', 'o'], m.io)).toBe(2);
    expect(m.err.join('\n')).toContain(`rules.json key "${path}": ${message}`);
    expect(m.files['o/review.csv']).toBeUndefined();
  });

  it('refuses a routing rule without a condition (it would route every record), and names the file for an unknown key', () => {
    const noCondition = { ...teamRulesFile, routing: [{ id: 'R-ALL', when: {}, team: 'EMEA' }] };
    expect(() => validateRulesFile(noCondition)).toThrow(
      'Invalid rules: rules key "routing[0].when": a routing rule needs at least one condition { header: [values] } ("*" matches any value).',
    );
    const m = memoryIo({ 'export.csv': exportCsv([contact()]), 'rules.json': JSON.stringify({ ...teamRulesFile, foo: 1 }) });
    expect(runCli(['review', 'export.csv', '--rules', 'rules.json'], m.io)).toBe(2);
    expect(m.err.join('\n')).toContain('Invalid rules: rules.json: unknown key "foo"');
  });

  it('in the Rules tab: a condition on a column named "constructor" round-trips; "__proto__" as a name is refused with its cell', () => {
    const headers = [...HUBSPOT_HEADERS, 'constructor'];
    const file = {
      ...teamRulesFile,
      approvedFields: [...resolveRules(teamRulesFile, HUBSPOT_HEADERS).rules.approvedFields, 'constructor'],
      recordRules: [{ id: 'X1', header: 'Job Title', when: { constructor: ['x'] }, oneOf: ['Buyer'] }],
      routing: [{ id: 'R-C', when: { constructor: ['*'] }, team: 'EMEA' }],
    };
    const { rules } = resolveRules(file, headers);
    const grid = rulesToGrid(rules);
    const parsed = rulesFromGrid(grid);
    expect(resolveRules(parsed.file, headers, parsed.locate).rules).toEqual(rules);
    // each place the tab writes a name as a key, with "__proto__" typed into it
    const rowOf = (key: string): number => grid.findIndex((r) => r[0] === key);
    const cases: [string, (g: string[][]) => void, string][] = [
      ['statusStages', (g) => (g[rowOf('statusStages')]![1] = '__proto__'), 'B'],
      ['stageRequiredFields', (g) => (g[rowOf('stageRequiredFields')]![1] = '__proto__'), 'B'],
      ['route', (g) => (g[rowOf('route')]![3] = '__proto__'), 'D'],
      ['fields', (g) => (g[rowOf('fields.email')]![0] = 'fields.__proto__'), 'A'],
      ['duplicates.match', (g) => g.push(['duplicates.match.__proto__', 'Email']), 'A'],
      ['recordRule when', (g) => (g[rowOf('recordRule')]![3] = '__proto__'), 'D'],
      ['recordRule alias', (g) => (g[rowOf('recordRule')]![7] = 'Byer=Buyer; __proto__=Buyer'), 'H'],
    ];
    for (const [what, edit, column] of cases) {
      const g = grid.map((r) => [...r]);
      edit(g);
      const row = g.findIndex((r) => r.some((c) => c.includes('__proto__'))) + 1;
      expect(() => rulesFromGrid(g), what).toThrow(`Invalid rules: Rules!${column}${row}: `);
      expect(() => rulesFromGrid(g), what).toThrow('"__proto__" cannot be');
    }
  });
});
