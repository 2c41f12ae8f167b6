/** Issue 12 fast paths checked against plain versions on random inputs. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshotHash } from '../src/core/report/history';
import { decodeCsvBytesLazily, nativeUtf8 } from '../src/cli/utf8';
import { parseCsv } from '../src/core/intake/csv';
import type { MatchRole, MatchValues } from '../src/core/checks/dedupe/engine';
import { matchColumns } from '../src/core/checks/duplicateRecord';
import { isMask } from '../src/core/intake/masking';
import { OwnerRoster } from '../src/core/checks/owners';
import { flat, isBlank, normaliseText } from '../src/core/text/cells';
import { decodeCsvBytes } from '../src/core/text/encoding';
import { Hash53Stream, hash53, shortHash } from '../src/core/text/hash';
import { APPROVABLE, DECISIONS, type Decision, parseDecision, REVIEW_COLUMNS, type ReviewColumn, type ReviewRow, reviewRowToLine } from '../src/core/review/rows';

/** The plain strict UTF-8 decoder, one code unit at a time (the decoder before its ASCII fast path). */
function plainUtf8(bytes: Uint8Array, start: number): string | undefined {
  let out = '';
  let i = start;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need === 0) return undefined;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < [0, 0x80, 0x800, 0x10000][need]! || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
// long ASCII runs (the fast path), short ones, accented and astral characters, and raw bytes (invalid UTF-8)
const piece = fc.oneof(
  fc.string({ unit: 'binary-ascii', minLength: 60, maxLength: 20_000 }).map(utf8),
  fc.string({ unit: 'binary-ascii', maxLength: 70 }).map(utf8),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(utf8),
  fc.uint8Array({ maxLength: 4 }),
);
const input = fc.array(piece, { maxLength: 12 }).map((parts) => {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
});

describe('decodeCsvBytes ASCII fast path', () => {
  it('decodes exactly as the plain decoder on random bytes, long ASCII runs included', () => {
    fc.assert(
      fc.property(input, (bytes) => {
        // bytes that open as UTF-16 does (a byte order mark, or ASCII with zero bytes) are read as UTF-16
        // (test/encoding.test.ts); a NUL is never in a CSV, so this fast path never sees them
        const [b0, b1, b2, b3] = bytes;
        const utf16 =
          (b0 === 0xff && b1 === 0xfe) ||
          (b0 === 0xfe && b1 === 0xff) ||
          (bytes.length >= 4 && ((b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) || (b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0)));
        if (utf16) {
          expect(decodeCsvBytes(bytes).encoding).toMatch(/^utf-16/);
          return;
        }
        const plain = plainUtf8(bytes, 0);
        const r = decodeCsvBytes(bytes);
        if (plain === undefined) expect(r.encoding).toBe('windows-1252');
        else expect(r).toEqual({ text: plain, encoding: 'utf-8' });
        // the CLI's native decoder gives the same result, byte order mark or not
        expect(decodeCsvBytes(bytes, nativeUtf8)).toEqual(r);
        const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
        expect(decodeCsvBytes(withBom, nativeUtf8)).toEqual(decodeCsvBytes(withBom));
      }),
      { numRuns: 300 },
    );
  });

  it('decodes an ASCII run longer than one chunk across the chunk boundary, with a character after it', () => {
    const text = `${'abcdefghij'.repeat(2000)}é${'x'.repeat(100)}`;
    expect(decodeCsvBytes(utf8(text))).toEqual({ text, encoding: 'utf-8' });
  });

  it('still refuses invalid UTF-8 right after a long ASCII run', () => {
    const bytes = new Uint8Array([...utf8('a'.repeat(100)), 0xc3]);
    expect(decodeCsvBytes(bytes).encoding).toBe('windows-1252');
    expect(decodeCsvBytes(bytes, nativeUtf8).encoding).toBe('windows-1252');
  });

  it('the native decoder refuses what the pure one refuses: overlong, surrogate, past U+10FFFF, truncated, stray bytes', () => {
    const bad = [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f, 0x98], [0x80], [0xff], [0xf5, 0x80, 0x80, 0x80]];
    for (const b of bad) {
      const bytes = new Uint8Array([0x41, ...b, 0x42]);
      expect(decodeCsvBytes(bytes).encoding).toBe('windows-1252');
      expect(decodeCsvBytes(bytes, nativeUtf8)).toEqual(decodeCsvBytes(bytes));
    }
    // a second byte order mark is text, as the pure decoder keeps it
    const two = new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x41]);
    expect(decodeCsvBytes(two, nativeUtf8)).toEqual({ text: '\ufeffA', encoding: 'utf-8' });
    expect(decodeCsvBytes(two)).toEqual({ text: '\ufeffA', encoding: 'utf-8' });
  });
});

describe('decodeCsvBytesLazily (issue 12: a previous review.csv read as its bytes, only kept values decoded)', () => {
  const BOM = [0xef, 0xbb, 0xbf];
  const csvPiece = fc.oneof(
    fc
      .array(fc.constantFrom('a', 'Z', ' ', ',', ';', '\t', '"', '""', '\n', '\r\n', 'é', '−', 'Ж', '中', '😀', '\u00a0', '\ufeff'), { maxLength: 30 })
      .map((xs) => utf8(xs.join(''))),
    fc.uint8Array({ maxLength: 3 }),
    fc.constant(new Uint8Array(BOM)),
  );
  const csvBytes = fc.array(csvPiece, { maxLength: 10 }).map((parts) => new Uint8Array(parts.flatMap((p) => [...p])));
  const outcome = (f: () => string[][]): { rows?: string[][]; error?: string } => {
    try {
      return { rows: f() };
    } catch (e) {
      return { error: (e as Error).message };
    }
  };

  it("gives the values, errors and notice of a parse of the decoded text, on random bytes (byte order marks, invalid UTF-8, UTF-16's zeros)", () => {
    fc.assert(
      fc.property(csvBytes, fc.boolean(), (body, bom) => {
        const bytes = bom ? new Uint8Array([...BOM, ...body]) : body;
        const whole = decodeCsvBytes(bytes, nativeUtf8);
        const lazy = decodeCsvBytesLazily(bytes);
        expect(lazy.notice).toBe(whole.notice);
        expect(lazy.original()).toEqual(bytes);
        expect(outcome(() => parseCsv(lazy.text).map((r) => r.map(lazy.value)))).toEqual(outcome(() => parseCsv(whole.text)));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads UTF-8 as one byte per character (no two-byte copy of the file), and decodes only what it is asked', () => {
    const lazy = decodeCsvBytesLazily(utf8('Issue ID,Evidence\r\nRG-1,"prior −20.3, Chloé"\r\n'));
    expect(lazy.text).toBe(Buffer.from('Issue ID,Evidence\r\nRG-1,"prior −20.3, Chloé"\r\n', 'utf8').toString('latin1'));
    expect(parseCsv(lazy.text).map((r) => r.map(lazy.value))[1]).toEqual(['RG-1', 'prior −20.3, Chloé']);
    // a value is decoded wherever its one multi-byte character sits: first, last, at the loop's length
    // limit (32 bytes) and past it
    for (const v of ['é', '€x', 'x€', `${'a'.repeat(29)}é`, `${'a'.repeat(30)}é`, `é${'a'.repeat(40)}`]) {
      const file = decodeCsvBytesLazily(utf8(`Issue ID,Note\nRG-1,${v}\n`));
      expect(parseCsv(file.text).map((r) => r.map(file.value))[1]).toEqual(['RG-1', v]);
    }
    // Windows-1252 (not UTF-8) is decoded whole, with its notice
    const cp1252 = decodeCsvBytesLazily(new Uint8Array([0x41, 0x2c, 0xe9, 0x0a]));
    expect(cp1252.text).toBe('A,é\n');
    expect(cp1252.notice).toContain('Windows-1252');
  });
});

describe('Hash53Stream', () => {
  it('gives hash53 of the joined text, however it is cut', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' })), fc.integer(), (parts, seed) => {
        const s = new Hash53Stream(seed);
        for (const p of parts) s.add(p);
        expect(s.value()).toBe(hash53(parts.join(''), seed));
        expect(new Hash53Stream().add(parts.join('')).short()).toBe(shortHash(parts.join('')));
      }),
    );
  });

  it('snapshotHash equals the plain hash of the joined snapshot, no rows and empty cells included', () => {
    const plain = (s: { headers: string[]; rows: string[][] }): string => shortHash(`${s.headers.join('\u0001')}\u0002${s.rows.map((r) => r.join('\u0001')).join('\u0002')}`);
    fc.assert(
      fc.property(fc.array(fc.string()), fc.array(fc.array(fc.string(), { maxLength: 5 }), { maxLength: 6 }), (headers, rows) => {
        const snap = { headers, rows } as unknown as Parameters<typeof snapshotHash>[0];
        expect(snapshotHash(snap)).toBe(plain({ headers, rows }));
      }),
    );
    // one changed cell changes the hash
    expect(snapshotHash({ headers: ['a'], rows: [['x', 'y']] } as never)).not.toBe(snapshotHash({ headers: ['a'], rows: [['x', 'z']] } as never));
  });
});

describe('matchColumns (duplicate_record inputs)', () => {
  it('equals the plain map/filter/join of each role’s columns on random rows with blanks and masks', () => {
    const plain = (rows: string[][], columns: [MatchRole, number[]][]): MatchValues[] =>
      rows.map((row) => {
        const v: MatchValues = {};
        for (const [role, cols] of columns) {
          const filled = cols.map((c) => row[c]!).filter((x) => !isBlank(x) && !isMask(x));
          // an email, phone or domain is one value: the first filled column's
          const text = ['email', 'phone', 'domain', 'postcode', 'dob'].includes(role) ? (filled[0] ?? '') : filled.join(' ');
          if (text) v[role] = text;
        }
        return v;
      });
    const cell = fc.oneof(fc.constantFrom('', ' ', '\t', '[masked: email]', 'Ann', 'a b'), fc.string({ maxLength: 6 }));
    const role = fc.constantFrom<MatchRole>('firstName', 'lastName', 'email', 'phone', 'company', 'domain');
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { maxLength: 20 }),
        fc.uniqueArray(fc.tuple(role, fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 })), { selector: ([r]) => r, maxLength: 4 }),
        (rows, columns) => {
          // the columns, read record by record, are the plain per-record values
          const byColumn = matchColumns(rows, columns);
          const asRecords = rows.map((_, r) => {
            const v: MatchValues = {};
            for (const c of byColumn) if (c.values[r] !== undefined) v[c.role] = c.values[r];
            return v;
          });
          expect(byColumn.map((c) => c.role)).toEqual(columns.map(([r]) => r));
          expect(asRecords).toEqual(plain(rows, columns));
        },
      ),
    );
  });
});

describe('OwnerRoster.pickForTeam (issue 12: names normalised once, the hash fed in parts)', () => {
  it('picks what the plain rendezvous choice picks, on random rosters and record ids', () => {
    const name = fc.constantFrom('Alice Martin', 'alice  martin', 'Bruno Keller', 'Chloé Laurent', 'Gen Watanabe', 'ZOE FORMER', 'İlker');
    const owner = fc.record({ name, email: fc.constant(''), team: fc.constantFrom('EMEA', 'emea ', 'APAC', 'Americas'), active: fc.boolean() });
    fc.assert(
      fc.property(fc.array(owner, { maxLength: 6 }), fc.constantFrom('EMEA', 'APAC', 'Americas', 'Nowhere'), fc.string(), (owners, team, recordId) => {
        const roster = new OwnerRoster(owners);
        const plain = owners
          // (an owner without an email is proposed by name, so only when no other roster owner has that name)
          .filter((o) => o.active && normaliseText(o.team) === normaliseText(team))
          .filter((o) => o.email || owners.filter((x) => normaliseText(x.name) === normaliseText(o.name)).length < 2)
          .reduce<{ o?: (typeof owners)[number]; score: number }>(
            (best, o) => {
              const score = hash53(`${recordId}\u0000${normaliseText(o.name)}`);
              return score > best.score || (score === best.score && best.o !== undefined && o.name < best.o.name) ? { o, score } : best;
            },
            { score: -1 },
          ).o;
        expect(roster.pickForTeam(team, recordId)?.owner).toBe(plain);
      }),
      { numRuns: 2000 },
    );
  });
});

/** A review row's cells by column name, as reviewRowsToGrid read them before issue 12. */
function reviewRowToCells(row: ReviewRow): Record<ReviewColumn, string> {
  return {
    'Issue ID': row.issueId,
    'Record ID': row.recordId,
    Check: row.check,
    Field: row.field,
    'Current value': row.currentValue,
    'Proposed value': row.proposedValue,
    Evidence: row.evidence,
    Decision: row.decision,
    'Reviewer note': row.reviewerNote,
    Severity: row.severity,
    Reason: row.reason,
    QA: row.qa || APPROVABLE,
    'Evidence ID': row.evidenceId,
    'Record link': row.recordUrl,
  };
}

describe('reviewRowToLine (issue 12: a row of review.csv made at once)', () => {
  it('gives the cells by column name in REVIEW_COLUMNS order', () => {
    const text = fc.string({ maxLength: 6 });
    const row = fc.record({
      issueId: text,
      recordId: text,
      check: text,
      field: text,
      currentValue: text,
      proposedValue: text,
      evidence: text,
      severity: text,
      reason: text,
      rule: fc.option(text, { nil: undefined }),
      basis: fc.option(text, { nil: undefined }),
      evidenceId: text,
      qa: text,
      recordUrl: text,
      decision: text,
      reviewerNote: text,
    });
    fc.assert(
      fc.property(row, (r) => {
        const cells = reviewRowToCells(r as unknown as ReviewRow);
        expect(reviewRowToLine(r as unknown as ReviewRow)).toEqual(REVIEW_COLUMNS.map((c) => cells[c]));
      }),
      { numRuns: 300 },
    );
  });
});

describe('flat (issue 12: evidence joined into one string as it is made)', () => {
  it('returns the very text it is given, ropes and the empty text included', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 20 }), (pieces) => {
        const rope = pieces.reduce((s, p) => `${s}${p} `, '');
        const copy = pieces.map((p) => `${p} `).join('');
        expect(flat(rope)).toBe(copy);
        expect(flat('')).toBe('');
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseDecision: a decision as written is taken before it is trimmed and lower-cased', () => {
  /** The plain version: every value trimmed and lower-cased, then looked up among the spellings taken. */
  const SPELLINGS = new Map<string, Decision>([
    ['', 'Pending'],
    ['pending', 'Pending'],
    ['pendingd', 'Pending'],
    ['approve', 'Approve'],
    ['approved', 'Approve'],
    ['reject', 'Reject'],
    ['rejectd', 'Reject'],
    ['rejected', 'Reject'],
    ['escalate', 'Escalate'],
    ['escalated', 'Escalate'],
  ]);
  const plainParseDecision = (value: string): Decision | undefined => SPELLINGS.get(value.trim().toLowerCase());
  const spelling = fc.oneof(
    fc.constantFrom(...DECISIONS, 'Approved', 'Rejected', 'Escalated', 'Pendingd', 'constructor', '__proto__', 'toString', ''),
    fc.string({ maxLength: 12 }),
  );
  const cased = fc
    .tuple(spelling, fc.array(fc.boolean(), { maxLength: 12 }), fc.constantFrom('', ' ', '\u00a0', '\t'), fc.constantFrom('', ' ', '\n'))
    .map(([w, upper, before, after]) => before + [...w].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('') + after);
  it('gives what the plain version gives, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(spelling, cased), (value) => {
        expect(parseDecision(value)).toBe(plainParseDecision(value));
      }),
      { numRuns: 5000 },
    );
  });
});
