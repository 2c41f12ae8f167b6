/**
 * Issue 12 fast paths of Run review (Issue and Evidence IDs, the Review order, the breakdowns, reading
 * tabs as text) against the plain code they replace, on random inputs (fast-check).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseGrid, readGrid, readTextTab } from '../src/addon/sheets';
import { OwnerRoster } from '../src/core/checks/owners';
import { CHECK_IDS } from '../src/core/checks/types';
import type { Rules } from '../src/core/intake/rules';
import { BLANK, type BatchRecords, type BreakdownLine, computeBreakdowns, NO_RULE, NOT_IN_ROSTER, roleIndex } from '../src/core/report/breakdowns';
import { firstBySeverity } from '../src/core/report/reportHtml';
import { DECISIONS, type ReviewRow, sortReviewRows } from '../src/core/review/rows';
import { type CellValue, cellToText, isBlank, memoText, normaliseText } from '../src/core/text/cells';
import { neutraliseForSheet } from '../src/core/text/safeText';
import { base36, Hash53Stream, hash53, shortHash } from '../src/core/text/hash';
import { sha256Hex } from '../src/core/text/sha256';
import { LocalRuntime } from '../src/local/runtime';
import { teamRules } from './fixtures';

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const text = (chars: string[], maxLength = 6) => fc.array(pick(chars), { maxLength }).map((xs) => xs.join(''));

describe('Run review fast paths agree with plain ones (property)', () => {
  it('base36 (digit loop) = toString(36), upper case, padded to 11', () => {
    const plain = (n: number): string => n.toString(36).toUpperCase().padStart(11, '0');
    for (const n of [0, 1, 35, 36, 36 ** 5 - 1, 36 ** 5, 36 ** 10, 2 ** 31, 2 ** 52, 2 ** 53 - 1]) expect(base36(n)).toBe(plain(n));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.string({ unit: 'binary', maxLength: 30 }), (n, s) => {
        expect(base36(n)).toBe(plain(n));
        expect(shortHash(s)).toBe(plain(hash53(s)));
        expect(new Hash53Stream().add(s).short()).toBe(plain(hash53(s)));
        // with a prefix (an Issue or Evidence ID, made at once), and after ids of other prefixes
        expect(base36(n, 'RG-')).toBe(`RG-${plain(n)}`);
        expect(new Hash53Stream().add(s).short('EV-')).toBe(`EV-${plain(hash53(s))}`);
        expect(base36(n, s.slice(0, 3))).toBe(s.slice(0, 3) + plain(n));
        expect(base36(n)).toBe(plain(n));
      }),
      { numRuns: 3000 },
    );
  });

  it('sha256Hex (computed constants, UTF-8 into one typed array) = node:crypto on the plain UTF-8 bytes', () => {
    // the plain encoder: code unit by code unit, a lone surrogate as three bytes (as the log chain always did)
    const utf8 = (t: string): number[] => {
      const out: number[] = [];
      for (let i = 0; i < t.length; i++) {
        let c = t.charCodeAt(i);
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < t.length && t.charCodeAt(i + 1) >= 0xdc00 && t.charCodeAt(i + 1) < 0xe000)
          c = 0x10000 + ((c - 0xd800) << 10) + (t.charCodeAt(++i) - 0xdc00);
        if (c < 0x80) out.push(c);
        else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
        else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      }
      return out;
    };
    const plain = (t: string): string =>
      createHash('sha256')
        .update(Buffer.from(utf8(t)))
        .digest('hex');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (let n = 50; n < 140; n++) expect(sha256Hex('é'.repeat(n % 7) + 'x'.repeat(n))).toBe(plain('é'.repeat(n % 7) + 'x'.repeat(n)));
    const unit = fc.oneof(fc.constantFrom('a', '\u001f', 'é', '€', '\ud83d\ude00', '\ud83d', '\ude00', '\u0000'), fc.string({ unit: 'binary', maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 90 }), (parts) => {
        const t = parts.join('');
        expect(sha256Hex(t)).toBe(plain(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('sortReviewRows (keys looked up once) = sort with the lookups in the comparator', () => {
    const checkOrder = new Map(CHECK_IDS.map((c, i) => [c, i]));
    const severity = { High: 0, Medium: 1, Low: 2 } as const;
    const plain = (rows: ReviewRow[], order: ReadonlyMap<string, number>): ReviewRow[] =>
      rows.sort(
        (a, b) =>
          (order.get(a.recordId) ?? 0) - (order.get(b.recordId) ?? 0) ||
          checkOrder.get(a.check)! - checkOrder.get(b.check)! ||
          severity[a.severity] - severity[b.severity] ||
          (a.field < b.field ? -1 : a.field > b.field ? 1 : 0),
      );
    const row = fc.record({
      recordId: pick(['1', '2', '3', '4', 'x']),
      check: pick(CHECK_IDS),
      severity: pick(['High', 'Medium', 'Low'] as const),
      field: text(['a', 'B', 'c'], 3),
      n: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.array(pick(['1', '2', '3', '4']), { maxLength: 4 }), (xs, ids) => {
        const rows = xs.map((x) => ({ ...x, issueId: String(x.n) }) as unknown as ReviewRow);
        const order = new Map(ids.map((id, i) => [id, i]));
        const fast = sortReviewRows([...rows], order);
        expect(fast.map((r) => r.issueId)).toEqual(plain([...rows], order).map((r) => r.issueId));
        const inPlace = [...rows];
        expect(sortReviewRows(inPlace, order)).toBe(inPlace);
      }),
      { numRuns: 1000 },
    );
  });

  it('computeBreakdowns (lines per record and per value, flagged records marked, a record’s rows together counted without sets) = one lookup per proposal', () => {
    const rules = teamRules().rules;
    const owner = text(['Alice Martin', 'alice@example.com', ' Ian Clarke', 'Zoe', ' ', 'Dana Brooks'], 1);
    const value = text(['Paid', ' Event', 'Event ', ' ', 'x'], 2);
    const record = fc.record({ id: pick(['1', '2', '3', '4', '5', '']), owner, lead: value, campaign: value, stage: value });
    const proposal = fc.record({
      recordId: pick(['1', '2', '3', '4', '5', 'gone']),
      check: pick([...CHECK_IDS, 'custom_check']),
      rule: fc.option(pick(['routing R-EMEA', 'recordRules P', '']), { nil: undefined }),
      decision: pick(DECISIONS),
    });
    const headers = ['Record ID', 'Contact owner', 'Lead Source', 'Original Source Drill-Down 1', 'Lifecycle Stage'];
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), fc.array(proposal, { maxLength: 30 }), fc.subarray(headers.slice(1)), fc.boolean(), (recs, props, dropped, noId) => {
        const keep = headers.filter((h) => !dropped.includes(h) && !(noId && h === 'Record ID'));
        const full = recs.map((r) => [r.id, r.owner, r.lead, r.campaign, r.stage]);
        const records: BatchRecords = { headers: keep, rows: full.map((r) => keep.map((h) => r[headers.indexOf(h)]!)) };
        const rows = props.map((p) => ({ ...p, rule: p.rule }) as unknown as ReviewRow);
        const matches = { 'R-EMEA': 2, 'R-NA': 0 };
        const checkIds = CHECK_IDS.slice(0, 3);
        expect(computeBreakdowns(rows, records, rules, checkIds, matches)).toEqual(plainBreakdowns(rows, records, rules, checkIds, matches));
        // each record's rows together, as sortReviewRows leaves them: a record's lines counted without sets
        const grouped = [...rows].sort((a, b) => (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));
        expect(computeBreakdowns(grouped, records, rules, checkIds, matches)).toEqual(plainBreakdowns(grouped, records, rules, checkIds, matches));
      }),
      { numRuns: 1500 },
    );
  });

  it('firstBySeverity (picked severity by severity) = a stable sort by severity, cut', () => {
    const rank = new Map([
      ['High', 0],
      ['Medium', 1],
      ['Low', 2],
    ]);
    const of = (s: string): number => rank.get(s) ?? 3;
    const plain = (rows: ReviewRow[], n: number): ReviewRow[] => [...rows].sort((a, b) => of(a.severity) - of(b.severity)).slice(0, n);
    fc.assert(
      // ("constructor": a name an object has without being given it still ranks last)
      fc.property(fc.array(pick(['High', 'Medium', 'Low', 'Other', 'constructor']), { maxLength: 40 }), fc.nat({ max: 45 }), (severities, n) => {
        const rows = severities.map((severity, i) => ({ severity, issueId: String(i) }) as unknown as ReviewRow);
        expect(firstBySeverity(rows, n)).toEqual(plain(rows, n));
      }),
      { numRuns: 1000 },
    );
  });

  it('neutraliseGrid (rows without formula-like text passed on) = every cell neutralised', () => {
    const cell = fc.oneof(text(['=', '+', '-', '@', '\t', '\r', 'a', '1', "'"], 3), fc.integer(), fc.boolean());
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 4 }), { maxLength: 6 }), (grid) => {
        const out = neutraliseGrid(grid);
        expect(out).toEqual(grid.map((row) => row.map((v) => (typeof v === 'string' ? neutraliseForSheet(v) : v))));
        out.forEach((row, i) => {
          if (row !== grid[i]) expect(grid[i]!.some((v) => typeof v === 'string' && neutraliseForSheet(v) !== v)).toBe(true);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('memoText (cached per value, up to its limit) = the function itself (stage values in QA, lines per value)', () => {
    fc.assert(
      fc.property(fc.array(text([' ', 'A', 'b', '\t', 'é'], 4), { maxLength: 30 }), fc.integer({ min: 0, max: 5 }), (values, limit) => {
        const memo = memoText(normaliseText, limit);
        for (const v of [...values, ...values]) expect(memo(v)).toBe(normaliseText(v));
      }),
      { numRuns: 1000 },
    );
  });

  it('readTextTab (in place, one pass) = readGrid, then cellToText of every cell', () => {
    const cell: fc.Arbitrary<CellValue> = fc.oneof(
      text(["'", '=', '+', '-', '@', 'a', '1', ' '], 4),
      fc.integer({ min: -50, max: 5000 }),
      fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
      fc.boolean(),
      fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2030, 0, 1)), noInvalidDate: true }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }), (grid) => {
        const rt = new LocalRuntime();
        rt.spreadsheet.addSheetWithValues('T', grid as (string | number | boolean | Date)[][]);
        const ss = rt.globals().SpreadsheetApp as typeof SpreadsheetApp;
        const sheet = ss.getActiveSpreadsheet().getSheetByName('T')!;
        const plain = readGrid(sheet).map((r) => r.map((c) => cellToText(c)));
        expect(readTextTab(ss.getActiveSpreadsheet(), 'T')).toEqual(plain);
        expect(readTextTab(ss.getActiveSpreadsheet(), 'missing')).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});

/** The breakdowns the plain way: each proposal looks its record up and counts its Record ID in a set per line. */
function plainBreakdowns(rows: readonly ReviewRow[], records: BatchRecords, rules: Rules, checkIds: readonly string[], matches: Record<string, number>) {
  type Line = { key: string; field?: BreakdownLine['field']; records: number; flagged: Set<string>; counts: number[]; checks: Map<string, number> };
  const tally = () => new Map<string, Line>();
  const line = (t: Map<string, Line>, key: string, field?: BreakdownLine['field']): Line => {
    const id = `${field ?? ''}\u0000${key}`;
    if (!t.has(id)) t.set(id, { key, field, records: 0, flagged: new Set(), counts: [0, 0, 0, 0], checks: new Map() });
    return t.get(id)!;
  };
  const add = (l: Line, row: ReviewRow) => {
    l.flagged.add(row.recordId);
    l.counts[['Approve', 'Reject', 'Escalate'].indexOf(row.decision) + 1]! += 1;
    l.checks.set(row.check, (l.checks.get(row.check) ?? 0) + 1);
  };
  const roster = new OwnerRoster(rules.owners);
  const col = { id: roleIndex(records, rules, 'id'), owner: roleIndex(records, rules, 'owner'), lead: roleIndex(records, rules, 'leadSource') };
  const campaign = roleIndex(records, rules, 'campaignSource');
  const stage = roleIndex(records, rules, 'lifecycleStage');
  const valueOr = (v: string | undefined) => (isBlank(v) ? BLANK : v!.trim());
  const lines = (r: readonly string[]): [Map<string, Line>, string, BreakdownLine['field']?][] => {
    const out: [Map<string, Line>, string, BreakdownLine['field']?][] = [];
    if (col.owner >= 0) {
      const v = r[col.owner]!;
      const o = isBlank(v) ? undefined : roster.find(v);
      out.push([byOwner, isBlank(v) ? BLANK : (o?.name ?? v.trim())]);
      out.push([byTeam, isBlank(v) ? BLANK : o ? o.team || BLANK : NOT_IN_ROSTER]);
    }
    if (col.lead >= 0) out.push([bySource, valueOr(r[col.lead]), 'leadSource']);
    if (campaign >= 0) out.push([bySource, valueOr(r[campaign]), 'campaignSource']);
    if (stage >= 0) out.push([byStage, valueOr(r[stage])]);
    return out;
  };
  const [byCheck, byRule, byOwner, byTeam, bySource, byStage] = [tally(), tally(), tally(), tally(), tally(), tally()];
  for (const id of checkIds) line(byCheck, id);
  for (const [id, n] of Object.entries(matches)) line(byRule, `routing ${id}`).records = n;
  const recordOf = new Map<string, readonly string[]>();
  for (const r of records.rows) {
    if (col.id >= 0) recordOf.set(r[col.id]!, r);
    for (const [t, key, field] of lines(r)) line(t, key, field).records++;
  }
  for (const row of rows) {
    add(line(byCheck, row.check), row);
    add(line(byRule, row.rule ? row.rule : NO_RULE), row);
    const r = recordOf.get(row.recordId);
    if (r) for (const [t, key, field] of lines(r)) add(line(t, key, field), row);
  }
  const finish = (t: Map<string, Line>, flaggedAsRecords = false): BreakdownLine[] =>
    [...t.values()]
      .map((l) => {
        const [pending, approved, rejected, escalated] = l.counts as [number, number, number, number];
        const n = flaggedAsRecords && l.records === 0 ? l.flagged.size : l.records;
        const decided = approved + rejected + escalated;
        const proposals = decided + pending;
        return {
          key: l.key,
          ...(l.field ? { field: l.field } : {}),
          records: n,
          recordsFlagged: l.flagged.size,
          proposals,
          approved,
          rejected,
          escalated,
          pending,
          recordsShare: records.rows.length ? n / records.rows.length : 0,
          exceptionShare: rows.length ? proposals / rows.length : 0,
          rejectionShare: decided ? rejected / decided : 0,
          checks: Object.fromEntries([...l.checks].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
        };
      })
      .sort((a, b) => b.proposals - a.proposals || b.records - a.records || (a.field ?? '').localeCompare(b.field ?? '') || a.key.localeCompare(b.key));
  return {
    byCheck: finish(byCheck, true),
    byRule: finish(byRule, true),
    byOwner: finish(byOwner),
    byTeam: finish(byTeam),
    bySource: finish(bySource),
    byStage: finish(byStage),
  };
}
