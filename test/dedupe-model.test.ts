import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LEVELS } from '../src/core/checks/dedupe/comparisons';
import { estimateU, expectationMaximisation, mulberry32 } from '../src/core/checks/dedupe/em';
import { compareRaw, defaultMatchConfig, type LinkResult, linkRecords, type MatchValues, distinctPairs } from '../src/core/checks/dedupe/engine';
import { digits, email, phone } from '../src/core/checks/dedupe/normalize';
import { validateRulesFile } from '../src/core/intake/rules';
import { rulesFromGrid, rulesToGrid } from '../src/core/intake/rulesSheet';
import { generateContacts } from '../src/sample/generator';
import { contact, teamRules } from './fixtures';
import { byCheck, reviewOf } from './helpers';

const person = defaultMatchConfig('person');

/** A batch of people drawn from known distributions, with duplicates corrupted with known probabilities. */
function knownBatch(seed: number, people: number, dupShare: number): { values: MatchValues[]; ids: string[]; entity: number[] } {
  const r = mulberry32(seed);
  const pick = (k: number): number => Math.floor(r() * k);
  const name = (k: number, prefix: string): string =>
    `${prefix}${'bcdfghjklmnpqrstvwz'[k % 19]}${'aeiou'[Math.floor(k / 19) % 5]}${'rstlnm'[Math.floor(k / 95) % 6]}${'aeiou'[Math.floor(k / 570) % 5]}x`;
  const typo = (s: string): string => s.slice(0, 2) + s[3] + s[2] + s.slice(4);
  const values: MatchValues[] = [];
  const entity: number[] = [];
  for (let p = 0; p < people; p++) {
    const v = {
      firstName: name(pick(200), 'A'),
      lastName: name(pick(300), 'Z'),
      email: `p${p}.${pick(1e6)}@mail${pick(50)}.example`,
      phone: `+1 555 ${String(pick(1e7)).padStart(7, '0')}`,
    };
    values.push(v);
    entity.push(p);
    if (r() < dupShare) {
      // true m: first name exact 0.8, last name exact 0.9, email exact 0.7, phone exact 0.6
      values.push({
        firstName: r() < 0.8 ? v.firstName : typo(v.firstName),
        lastName: r() < 0.9 ? v.lastName : typo(v.lastName),
        email: r() < 0.7 ? v.email : `other${p}@mail${pick(50)}.example`,
        phone: r() < 0.6 ? v.phone : `+1 555 ${String(pick(1e7)).padStart(7, '0')}`,
      });
      entity.push(p);
    }
  }
  return { values, ids: values.map((_, i) => `R${String(i).padStart(6, '0')}`), entity };
}

describe('what the batch teaches the model', () => {
  it('expectation maximisation recovers known m and the share of matches (within 0.03) from comparison patterns', () => {
    const r = mulberry32(7);
    const m = [
      [0.8, 0.15, 0.05],
      [0.7, 0.1, 0.2],
      [0.9, 0.1],
    ];
    const u = [
      [0.01, 0.04, 0.95],
      [0.005, 0.015, 0.98],
      [0.3, 0.7],
    ];
    const draw = (p: number[]): number => {
      let x = r();
      for (let l = 0; l < p.length; l++) {
        x -= p[l]!;
        if (x < 0) return l;
      }
      return p.length - 1;
    };
    const counts = new Map<string, number>();
    const lambda = 0.1;
    for (let k = 0; k < 40_000; k++) {
      const match = r() < lambda;
      const key = (match ? m : u).map((p) => draw(p)).join(',');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const patterns = [...counts.keys()].map((k) => Int8Array.from(k.split(',').map(Number)));
    const start = [
      [0.6, 0.2, 0.2],
      [0.6, 0.2, 0.2],
      [0.6, 0.4],
    ];
    const blockedU = [
      [0.1, 0.1, 0.8],
      [0.1, 0.1, 0.8],
      [0.5, 0.5],
    ];
    const em = expectationMaximisation(patterns, [...counts.values()], start, blockedU, 0.3);
    em.m.forEach((levels, role) => levels.forEach((v, l) => expect(Math.abs(v - m[role]![l]!)).toBeLessThan(0.03)));
    em.u.forEach((levels, role) => levels.forEach((v, l) => expect(Math.abs(v - u[role]![l]!)).toBeLessThan(0.03)));
    expect(Math.abs(em.lambda - lambda)).toBeLessThan(0.01);
  });

  it('learns m, u and the prior on a generated batch with known m and u (tolerance 0.08 on m, 30% on u)', () => {
    const { values, ids, entity } = knownBatch(11, 3000, 0.3);
    const model = linkRecords(values, person, ids).model;
    expect(model.learned).toBe('batch');
    const level = (role: string, label: string) => model.roles.find((r) => r.role === role)!.levels.find((l) => l.label === label)!;
    expect(Math.abs(level('firstName', 'exact').m - 0.8)).toBeLessThan(0.08);
    expect(Math.abs(level('lastName', 'exact').m - 0.9)).toBeLessThan(0.08);
    expect(Math.abs(level('email', 'exact').m - 0.7)).toBeLessThan(0.08);
    expect(Math.abs(level('phone', 'exact').m - 0.6)).toBeLessThan(0.08);
    // u of an exact agreement: first names uniform over 200, last names over 300
    expect(level('firstName', 'exact').u).toBeGreaterThan(0.005 * 0.7);
    expect(level('firstName', 'exact').u).toBeLessThan(0.005 * 1.3);
    expect(level('lastName', 'exact').u).toBeGreaterThan(0.0033 * 0.7);
    expect(level('lastName', 'exact').u).toBeLessThan(0.0033 * 1.3);
    // the prior: about 900 true pairs among 4.4 million
    const truePairs = entity.length - new Set(entity).size;
    const share = truePairs / ((values.length * (values.length - 1)) / 2);
    expect(model.prior / share).toBeGreaterThan(0.7);
    expect(model.prior / share).toBeLessThan(1.3);
  });

  it('estimates u from random pairs, pulled towards the defaults when the batch shows few', () => {
    expect(estimateU([0.01, 0.09, 0.9], 0, 0, [0, 0, 0])).toEqual([0.01, 0.09, 0.9].map((x) => expect.closeTo(x, 10)));
    const learned = estimateU([0.01, 0.09, 0.9], 5_000_000, 100_000_000, [0, 20_000, 20_000]);
    expect(learned[0]).toBeCloseTo(0.05, 3);
    expect(learned[1]).toBeCloseTo((0.95 * (20_000 + 100)) / 41_000, 3);
  });

  it('uses the documented defaults alone on a small batch', () => {
    const model = linkRecords(
      [
        { firstName: 'Ada', lastName: 'Lovelace' },
        { firstName: 'Alan', lastName: 'Turing' },
      ],
      person,
    ).model;
    expect(model.learned).toBe('defaults');
    expect(model.roles.find((r) => r.role === 'firstName')!.levels.map((l) => [l.m, l.u])).toEqual(DEFAULT_LEVELS.person.firstName.levels.map((l) => [l.m, l.u]));
  });

  it('a common name agreeing counts less than a rare one', () => {
    const values: MatchValues[] = [];
    for (let i = 0; i < 60; i++) values.push({ firstName: `Given${i}`, lastName: 'Smith', email: `smith${i}@x.example` });
    values.push({ firstName: 'Ada', lastName: 'Zyxwort', email: 'ada@x.example' }, { firstName: 'Ada', lastName: 'Zyxwort', email: 'ada@x.example' });
    values.push({ firstName: 'Ada', lastName: 'Smith', email: 'ada.smith@x.example' }, { firstName: 'Ada', lastName: 'Smith', email: 'ada.smith@x.example' });
    const result = linkRecords(values, person);
    const lastNameWeight = (a: number) => result.groups.find((g) => g.members.includes(a))!.links[0]!.fields.find((f) => f.role === 'lastName')!;
    const rare = lastNameWeight(60);
    const common = lastNameWeight(62);
    expect(rare.level).toBe('exact');
    expect(common.level).toBe('exact');
    expect(rare.weight - common.weight).toBeGreaterThan(3);
    expect(common.common).toEqual({ count: 62, by: expect.any(Number) });
    expect(rare.common).toBeUndefined();
  });
});

describe('groups', () => {
  // a1, a2, a3 are one person; b shares a1's phone and last name (and initial) but nothing of a2 and a3
  const a1 = { firstName: 'John', lastName: 'Keller', email: 'jk@acme.example', phone: '+1 212 555 0101' };
  const a2 = { firstName: 'John', lastName: 'Keller', email: 'jk@acme.example', phone: '+1 212 555 0177' };
  const a3 = { ...a2 };
  const b = { firstName: 'J', lastName: 'Keller', email: 'jon@globex.example', phone: '+1 212 555 0101' };

  it('a strong pair held out of a group is still proposed, as a possible duplicate', () => {
    const result = linkRecords([a1, a2, a3, b], person);
    expect(result.groups.map((g) => g.members)).toEqual([[0, 1, 2]]);
    expect(compareRaw(a1, b, person).probability).toBeGreaterThan(person.threshold);
    expect(result.possible.find((p) => p.a === 0 && p.b === 3)).toMatchObject({ heldOut: true });
  });

  it('the held-out record gets a row of its own and the group names it', () => {
    const ids = ['9001', '9002', '9003', '9004'];
    const [c1, c2, c3, c4] = [a1, a2, a3, b].map((v, i) =>
      contact({ 'Record ID': ids[i]!, 'First Name': v.firstName, 'Last Name': v.lastName, Email: v.email, 'Phone Number': v.phone, 'Company Name': '' }),
    );
    const rows = byCheck(reviewOf([c1!, c2!, c3!, c4!]), 'duplicate_record');
    expect(rows.map((r) => r.recordId).sort()).toEqual(ids);
    const held = rows.find((r) => r.recordId === '9004')!;
    expect(held).toMatchObject({ severity: 'Low', reason: 'Possible duplicate (strong pair kept out of a group)' });
    expect(held.evidence).toMatch(/^Possible duplicate: this record and 9001\. /);
    expect(held.evidence).toContain("but the pair was kept out of 9001's group because the records do not agree as a whole");
    expect(held.proposedValue).toMatch(/^Merge into 900[123]$/);
    expect(rows.find((r) => r.recordId === '9001')!.evidence).toMatch(/Also a possible duplicate of 9004 \(match probability 0\.\d{3}, strong but kept out of this group/);
  });

  it('a 30-record group of generic values is reported as suspicious, not merged', () => {
    const data = generateContacts(400, 3, { names: 'realistic' });
    const generic = Array.from({ length: 30 }, (_, i) =>
      contact({
        'Record ID': `77${String(i).padStart(3, '0')}`,
        'First Name': 'Test',
        'Last Name': 'User',
        Email: 'test@example.com',
        'Phone Number': '+1 555 0100 000',
        'Company Name': 'Example',
      }),
    );
    const col = (h: string) => data.headers.indexOf(h);
    const others = data.rows.map((r) =>
      contact({
        'Record ID': r[col('Record ID')]!,
        'First Name': r[col('First Name')]!,
        'Last Name': r[col('Last Name')]!,
        Email: r[col('Email')]!,
        'Phone Number': r[col('Phone Number')]!,
        'Company Name': r[col('Company Name')]!,
      }),
    );
    const rows = byCheck(reviewOf([...others, ...generic]), 'duplicate_record');
    const flagged = rows.filter((r) => r.recordId.startsWith('77'));
    expect(flagged).toHaveLength(30);
    for (const r of flagged) {
      expect(r).toMatchObject({ proposedValue: '', severity: 'Low', reason: 'Suspicious duplicate group (too large to merge as one)' });
      // the group's members, the same list on each of its rows, so the rows can be told apart by group
      expect(r.evidence).toMatch(
        /^Suspicious duplicate group of 30 records \(77000, 77001, 77002, 77003, 77004, 77005, 77006, 77007, 77008, 77009 and 20 more\), above the limit of 20 for one merge \(Rules: duplicates\.maxGroupSize\): not proposed as a merge/,
      );
      expect(r.qa).toMatch(/^Not approvable/);
    }
    // the limit is a setting
    const merged = byCheck(reviewOf([...others, ...generic], teamRules({ duplicates: { maxGroupSize: 40 } })), 'duplicate_record').filter((r) => r.recordId.startsWith('77'));
    expect(merged.filter((r) => r.proposedValue === 'Keep as survivor')).toHaveLength(1);
  });

  it('no evidence names the record itself (a name that repeats, a company name that repeats a word)', () => {
    const frank = contact({ 'Record ID': '5001', 'First Name': 'Frank', 'Last Name': 'Franke', Email: 'frank@franke.example', 'Company Name': 'Franke Franke & Franke' });
    const frank2 = contact({ 'Record ID': '5002', 'First Name': 'Frank', 'Last Name': 'Franke', Email: 'frank@franke.example', 'Company Name': 'Franke Franke' });
    const rows = byCheck(reviewOf([frank, frank2, contact({ 'First Name': 'Frank', 'Last Name': 'Frank' })]), 'duplicate_record');
    expect(rows.slice(0, 2).map((r) => [r.recordId, r.proposedValue])).toEqual([
      ['5001', 'Keep as survivor'],
      ['5002', 'Merge into 5001'],
    ]);
    for (const r of rows) {
      expect(r.evidence).not.toContain(`Compared with ${r.recordId}`);
      expect(r.evidence).not.toMatch(new RegExp(`this record and [^.]*\\b${r.recordId}\\b`));
    }
  });

  it('never pairs a record with itself, whatever the batch', () => {
    const value = fc.record({
      firstName: fc.constantFrom('Frank', 'Franke', 'Ada', ''),
      lastName: fc.constantFrom('Frank', 'Franke', 'Lovelace', ''),
      email: fc.constantFrom('f@x.example', 'a@x.example', ''),
      company: fc.constantFrom('Franke Franke', 'Acme Acme Labs', ''),
    });
    fc.assert(
      fc.property(fc.array(value, { minLength: 2, maxLength: 25 }), (values) => {
        const result = linkRecords(values, { ...person, possibleThreshold: 0.01 });
        for (const p of [...result.groups.flatMap((g) => g.links), ...result.possible]) expect(p.a).not.toBe(p.b);
      }),
      { numRuns: 60 },
    );
  });
});

describe('deterministic, whatever the row order', () => {
  const key = (result: LinkResult, ids: readonly string[]) => ({
    groups: result.groups
      .map((g) =>
        g.members
          .map((m) => ids[m])
          .sort()
          .join(' '),
      )
      .sort(),
    possible: result.possible.map((p) => [ids[p.a], ids[p.b]].sort().join(' ') + p.probability.toFixed(6)).sort(),
    evidence: result.groups
      .flatMap((g) =>
        g.links.map((l) => [[ids[l.a], ids[l.b]].sort().join(' '), l.weight.toFixed(9), l.fields.map((f) => `${f.role} ${f.level} ${f.weight.toFixed(9)}`).join(';')].join('|')),
      )
      .sort(),
    prior: result.model.prior,
  });

  it('shuffling the rows gives the same groups, evidence and learned weights', () => {
    const data = generateContacts(1500, 9, { names: 'realistic' });
    const col = (h: string) => data.headers.indexOf(h);
    const rows = data.rows.map((r) => ({
      id: r[col('Record ID')]!,
      v: { firstName: r[col('First Name')], lastName: r[col('Last Name')], email: r[col('Email')], phone: r[col('Phone Number')], company: r[col('Company Name')] } as MatchValues,
    }));
    const r = mulberry32(3);
    const shuffled = [...rows]
      .map((x) => ({ x, k: r() }))
      .sort((p, q) => p.k - q.k)
      .map(({ x }) => x);
    const run = (list: typeof rows) =>
      key(
        linkRecords(
          list.map((x) => x.v),
          person,
          list.map((x) => x.id),
        ),
        list.map((x) => x.id),
      );
    const first = run(rows);
    expect(first.groups.length).toBeGreaterThan(20);
    expect(run(shuffled)).toEqual(first);
  });
});

describe('fast paths match a plain reference', () => {
  it('distinctPairs keeps each pair where it first came, as a Set of strings does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(300), fc.nat(300)), { maxLength: 3000 }), (pairs) => {
        const ordered = pairs.filter(([x, y]) => x !== y).map(([x, y]) => [Math.min(x, y), Math.max(x, y)] as const);
        const a = Int32Array.from(ordered, (p) => p[0]);
        const b = Int32Array.from(ordered, (p) => p[1]);
        const plain = [...new Set(ordered.map(([x, y]) => `${x},${y}`))];
        const kept = distinctPairs(a, b, a.length, 301);
        expect(Array.from(a.subarray(0, kept), (x, k) => `${x},${b[k]}`)).toEqual(plain);
      }),
    );
  });

  it('the hand-written phone and email normalisers agree with the plain ones', () => {
    const plainEmail = (value: string): string => {
      const v = value.trim().toLowerCase().replace(/\s+/g, '');
      const at = v.lastIndexOf('@');
      if (at <= 0) return '';
      let local = v.slice(0, at);
      let domain = v.slice(at + 1);
      if (domain === 'googlemail.com') domain = 'gmail.com';
      const plus = local.indexOf('+');
      if (plus > 0) local = local.slice(0, plus);
      if (domain === 'gmail.com') local = local.replace(/\./g, '');
      return `${local}@${domain}`;
    };
    const text = fc.string({ unit: fc.constantFrom('a', 'B', '.', '+', '@', ' ', '1', '-', '\t', 'g', 'm', 'i', 'l', 'c', 'o') });
    fc.assert(
      fc.property(fc.oneof(text, fc.emailAddress(), fc.constantFrom('x@gmail.com', 'A.B+c@GoogleMail.com', ' a b@c.d ')), (v) => {
        expect(email(v)).toBe(plainEmail(v));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string(), (v) => {
        const d = digits(v);
        expect(phone(v)).toBe(d.length >= 7 ? d.slice(-9) : '');
      }),
      { numRuns: 500 },
    );
  });

  it("a pair's total is the prior plus its fields, as the waterfall says", () => {
    const data = generateContacts(600, 4, { names: 'realistic' });
    const col = (h: string) => data.headers.indexOf(h);
    const values = data.rows.map((r) => ({
      firstName: r[col('First Name')],
      lastName: r[col('Last Name')],
      email: r[col('Email')],
      phone: r[col('Phone Number')],
      company: r[col('Company Name')],
    }));
    const result = linkRecords(values, { ...person, possibleThreshold: 0.001 });
    const pairs = [...result.groups.flatMap((g) => g.links), ...result.possible];
    expect(pairs.length).toBeGreaterThan(10);
    for (const p of pairs) {
      expect(p.weight).toBeCloseTo(result.model.priorWeight + p.fields.reduce((s, f) => s + f.weight, 0), 9);
      expect(p.probability).toBeCloseTo(1 / (1 + 2 ** -p.weight), 12);
    }
  });
});

describe('duplicate settings in the Rules', () => {
  it('refuses a threshold that is not a probability, naming the key', () => {
    expect(() => validateRulesFile({ duplicates: { threshold: 5 } })).toThrow(
      'Invalid rules: rules key "duplicates.threshold": expected a match probability above 0 and below 1 (e.g. 0.95).',
    );
    expect(() => validateRulesFile({ duplicates: { possibleThreshold: 0 } })).toThrow('rules key "duplicates.possibleThreshold": expected a match probability above 0 and below 1');
    expect(() => validateRulesFile({ duplicates: { maxGroupSize: 1 } })).toThrow('rules key "duplicates.maxGroupSize": expected 2 or more records.');
    expect(() => validateRulesFile({ duplicates: { maxGroupSize: 2.5 } })).toThrow('rules key "duplicates.maxGroupSize": expected a whole number of records.');
    expect(() => validateRulesFile({ duplicates: { weights: {} } })).toThrow('rules key "duplicates": unknown key "weights"');
  });

  it('reads learn and maxGroupSize from the Rules tab and names the cell of a bad value', () => {
    const g = rulesToGrid(teamRules({ duplicates: { learn: false, maxGroupSize: 12 } }).rules);
    expect(g.find((r) => r[0] === 'duplicates.learn')![1]).toBe('FALSE');
    expect(rulesFromGrid(g).file.duplicates).toMatchObject({ learn: false, maxGroupSize: 12 });
    const row = g.findIndex((r) => r[0] === 'duplicates.learn');
    g[row]![1] = 'maybe';
    expect(() => rulesFromGrid(g)).toThrow(`Invalid rules: Rules!B${row + 1} (duplicates.learn): expected TRUE or FALSE.`);
  });

  it('with learn FALSE the defaults alone are used, even on a large batch', () => {
    const { values, ids } = knownBatch(5, 600, 0.2);
    expect(linkRecords(values, { ...person, learn: false }, ids).model.learned).toBe('defaults');
    expect(linkRecords(values, person, ids).model.learned).toBe('batch');
  });
});
