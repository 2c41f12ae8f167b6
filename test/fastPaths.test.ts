/**
 * Every speed-up of issue 12 against the plain code it replaces, on random input (fast-check).
 * The CSV parser and value masking have their own files: csv.property.test.ts, masking.property.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeContext } from '../src/core/checks/types';
import { firstMatchingRoute } from '../src/core/checks/routing';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { maskFor, sensitiveKind } from '../src/core/intake/masking';
import { pullSnapshot } from '../src/core/intake/pull';
import { findCountry } from '../src/core/intake/standards/countries';
import { readSourceGrid } from '../src/core/intake/source';
import { normaliseText } from '../src/core/text/cells';
import { shortHash } from '../src/core/text/hash';
import { evidenceIdFor, issueIdFor, reviewIdsFor } from '../src/core/review/rows';
import { recordUrlMaker } from '../src/core/review/workflow';
import { columnDayOrder, parseCrmDate } from '../src/core/text/dates';
import { isFormulaLike, neutraliseForCsv } from '../src/core/text/safeText';
import { contact, grid, HUBSPOT_HEADERS, teamRules } from './fixtures';

const text = (chars: string[], maxLength = 12) => fc.array(fc.constantFrom(...chars), { maxLength }).map((xs) => xs.join(''));

describe('fast paths agree with plain ones (property)', () => {
  it('toCsv (one appended string, loop quoting test) = map/join with a regex', () => {
    const plain = (rows: string[][]): string =>
      rows
        .map((r) =>
          r
            .map((v) => {
              const safe = neutraliseForCsv(v);
              return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
            })
            .join(','),
        )
        .join('\r\n') + (rows.length ? '\r\n' : '');
    const cell = text(['a', ' ', ',', '"', '\n', '\r', '=', '-', '+', '@', '1', 'é'], 6);
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 5 }), (rows) => {
        expect(toCsv(rows)).toBe(plain(rows));
        if (rows.length) expect(parseCsv(toCsv(rows, { raw: true }))).toEqual(rows);
      }),
      { numRuns: 2000 },
    );
  });

  it('isFormulaLike (first character, then the regex) = the regex alone', () => {
    fc.assert(
      fc.property(text(['=', '+', '-', '@', '\t', '\r', 'a', '1', ' ', "'"], 4), (v) => {
        expect(isFormulaLike(v)).toBe(/^[=+\-@\t\r]/.test(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('columnDayOrder (pre-filtered) = the slash regex on every value; parseCrmDate (unrolled ISO) = Date.UTC', () => {
    const SLASH = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:(?:,\s*|[ T])(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;
    // proof from a value that reads one way only; else the hint (dots: day first)
    const plainOrder = (values: string[]): string => {
      const matches = values.map((v) => SLASH.exec(v.trim())).filter((m) => m !== null);
      const dmy = matches.some((m) => Number(m[1]) > 12 && Number(m[2]) <= 12);
      const mdy = matches.some((m) => Number(m[2]) > 12 && Number(m[1]) <= 12);
      if (dmy && mdy) return 'unknown';
      if (dmy || mdy) return dmy ? 'dmy' : 'mdy';
      return matches.some((m) => m.input.includes('.')) ? 'dmy' : 'unknown';
    };
    const dateish = fc
      .tuple(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1990, max: 2030 }),
        fc.constantFrom('/', '.', '-'),
        fc.constantFrom('', ' ', '\u00a0'),
        fc.constantFrom('', '', ' 2:05 PM', ', 9:00 am', ' 14:05', ',16:05:09'),
      )
      .map(([a, b, y, sep, pad, time]) => `${pad}${a}${sep}${b}${sep}${y}${time}`);
    const other = text(['2', '0', '1', '-', '/', '.', ' ', 'a'], 12);
    fc.assert(
      fc.property(fc.array(fc.oneof(dateish, other), { maxLength: 6 }), (values) => {
        expect(columnDayOrder(values)).toBe(plainOrder(values));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.boolean(), (y, m, d, time) => {
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}${time ? ' 09:30' : ''}`;
        const t = Date.UTC(y, m - 1, d);
        const valid = m >= 1 && m <= 12 && d >= 1 && new Date(t).getUTCDate() === d;
        expect(parseCrmDate(iso)).toEqual(valid ? { ok: true, day: Math.floor(t / 86_400_000) } : { ok: false, reason: 'unreadable' });
      }),
      { numRuns: 3000 },
    );
  });

  it('firstMatchingRoute (cached on a key built in a loop) = a plain search of the rules', () => {
    const { rules, preset } = teamRules({
      routing: [
        { id: 'R-1', when: { 'Country/Region': ['United Kingdom'], 'Lifecycle Stage': ['Lead'] }, team: 'EMEA' },
        { id: 'R-2', when: { 'Country/Region': ['United Kingdom', 'Germany'] }, team: 'EMEA' },
        { id: 'R-3', when: { 'Lead Source': ['*'] }, team: 'NA' },
      ],
    });
    const value = fc.constantFrom('United Kingdom', ' united kingdom ', 'UK', 'GB', 'Great Britain', 'Germany', 'DE', 'Deutschland', 'France', '', 'Lead', 'lead', 'Paid Search');
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value, value), { minLength: 1, maxLength: 20 }), (triples) => {
        const rows = triples.map(([country, stage, source]) =>
          HUBSPOT_HEADERS.map((h) => (h === 'Country/Region' ? country : h === 'Lifecycle Stage' ? stage : h === 'Lead Source' ? source : 'x')),
        );
        const ctx = makeContext(rules, preset, HUBSPOT_HEADERS, rows, '2026-11-20');
        for (const row of rows) {
          const plain = ctx.routes.find((route) =>
            route.conditions.every((c) => {
              const v = normaliseText(row[c.column] ?? '');
              // the country column: any spelling of a country the rule names (findCountry, the country standard's table)
              const sameCountry = c.header === 'Country/Region' && v !== '' && [...c.values].some((w) => findCountry(w) !== undefined && findCountry(w) === findCountry(v));
              return c.column >= 0 && (c.values.has(v) || (v !== '' && c.values.has('*')) || sameCountry);
            }),
          );
          expect(firstMatchingRoute(ctx.routes, row)?.rule.id).toBe(plain?.rule.id);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('pullSnapshot (one pass, exact-size rows, raw rows released) = trim and mask every kept cell', () => {
    const { rules } = teamRules();
    const cellValue = fc.constantFrom('Acme', ' Acme ', '', '4111 1111 1111 1111', 'SSN 123-45-6789', 'line one\nline two', '+44 20 7946 0000', 'Lead');
    fc.assert(
      fc.property(fc.array(cellValue, { minLength: 1, maxLength: 6 }), (values) => {
        const contacts = values.map((v) => contact({ 'Company Name': v, 'Lead Status': v }));
        const g = grid(contacts);
        const table = readSourceGrid(
          g.map((r) => [...r]),
          { sourceName: 'x' },
        );
        const snap = pullSnapshot(table, rules, new Date('2026-11-20T09:00:00Z'), 'x');
        const kept = snap.headers.map((h) => HUBSPOT_HEADERS.indexOf(h as (typeof HUBSPOT_HEADERS)[number]));
        const idAt = snap.headers.indexOf('Record ID');
        const plain = g.slice(1).map((r) =>
          kept.map((i, k) => {
            const v = r[i]!.trim();
            const kind = k === idAt ? undefined : sensitiveKind(v);
            return kind ? maskFor(kind) : v;
          }),
        );
        expect(snap.rows).toEqual(plain);
        expect(table.rows).toEqual([]); // the raw grid is released
      }),
      { numRuns: 300 },
    );
  });
});

describe('Issue and Evidence IDs hashed part by part (issue 12)', () => {
  // the definitions the IDs are a contract of: the hash of the parts joined by NUL
  const plainIssueId = (recordId: string, check: string, field: string, rule?: string): string =>
    `RG-${shortHash(`${recordId}\u0000${check}\u0000${check === 'record_rule_violation' && rule ? `${field.toLowerCase()}\u0000${rule}` : field.toLowerCase()}`)}`;
  const plainEvidenceId = (f: { recordId: string; check: string; field: string; currentValue: string; proposedValue: string; basis?: string }): string =>
    `EV-${shortHash(`${f.recordId}\u0000${f.check}\u0000${f.field.toLowerCase()}\u0000${f.currentValue}\u0000${f.proposedValue}\u0000${f.basis ?? ''}`)}`;
  const value = fc.string({ unit: 'binary', maxLength: 20 });
  const check = fc.constantFrom('missing_required_field', 'record_rule_violation', 'duplicate_record', 'stale_owner') as fc.Arbitrary<'record_rule_violation'>;

  it('are the hash of the joined parts, on random values, fields, rules and bases', () => {
    fc.assert(
      fc.property(value, check, fc.constantFrom('Email', 'EMAIL', 'Lead Source', 'Straße', 'İd'), fc.option(value, { nil: undefined }), (recordId, c, field, rule) => {
        expect(issueIdFor(recordId, c, field, rule)).toBe(plainIssueId(recordId, c, field, rule));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(value, check, value, value, value, fc.option(value, { nil: undefined }), (recordId, c, field, currentValue, proposedValue, basis) => {
        const f = { recordId, check: c, field, currentValue, proposedValue, ...(basis === undefined ? {} : { basis }) };
        expect(evidenceIdFor(f)).toBe(plainEvidenceId(f));
      }),
      { numRuns: 2000 },
    );
  });

  it('reviewIdsFor (the record, check and field hashed once for both) = issueIdFor and evidenceIdFor', () => {
    fc.assert(
      fc.property(
        value,
        check,
        fc.constantFrom('Email', 'Lead Source', 'İd'),
        value,
        value,
        fc.option(value, { nil: undefined }),
        fc.option(value, { nil: undefined }),
        (recordId, c, field, currentValue, proposedValue, rule, basis) => {
          const f = { recordId, check: c, field, currentValue, proposedValue, ...(rule === undefined ? {} : { rule }), ...(basis === undefined ? {} : { basis }) };
          expect(reviewIdsFor(f)).toEqual({ issueId: plainIssueId(recordId, c, field, rule), evidenceId: plainEvidenceId(f) });
        },
      ),
      { numRuns: 2000 },
    );
  });
});

/** The Record link as it was made before issue 12: a regex replace per row. */
function recordUrl(template: string | undefined, recordId: string): string {
  return template ? template.replace(/\{id\}/g, encodeURIComponent(recordId)) : '';
}

describe('recordUrlMaker (issue 12: the template cut once) = recordUrl', () => {
  it('gives recordUrl’s link for random templates and ids', () => {
    const piece = fc.oneof(fc.constantFrom('{id}', '{', '}', 'id', '$&', '$1', '$$', "$'", '/', '?x='), fc.string({ unit: 'binary', maxLength: 6 }));
    const template = fc.option(
      fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
      { nil: undefined },
    );
    fc.assert(
      fc.property(template, fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 4 }), (t, ids) => {
        const make = recordUrlMaker(t);
        for (const id of ids) expect(make(id)).toBe(recordUrl(t, id));
      }),
      { numRuns: 2000 },
    );
  });
});
