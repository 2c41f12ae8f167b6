/**
 * Issue 12 fast paths of the duplicate engine, each checked against the plain version it replaced (kept
 * here, as it was) on random inputs: the engine's output must not change by a bit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Encoded, encode, fuzzyLevel, MATCH_ROLES, type MatchRole, type MatchValues, type Shape, typoApart, wordsLevel } from '../src/core/checks/dedupe/comparisons';
import { blocking, countPatterns, distinctPairs } from '../src/core/checks/dedupe/engine';
import * as N from '../src/core/checks/dedupe/normalize';
import { editDistance, jaroWinkler, jaroWinklerAtLeast } from '../src/core/checks/dedupe/similarity';

const RUNS = { numRuns: 200 };

// ---- the plain versions, as they were before issue 12 ----

function plainOneApart(a: string, b: string): boolean {
  if (a.length !== b.length) return editDistance(a, b, 1) <= 1;
  let diff = 0;
  for (let i = 0; i < a.length && diff < 2; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) diff++;
  return diff <= 1;
}

const DIGITS = /\d+/g;

/** The email level with a slice and a replace per pair, from the keys alone (not the column's at and domain ids). */
function plainEmailLevel(c: NonNullable<Encoded['columns']['email']>, x: number, y: number): number {
  const a = c.keys[x]!;
  const b = c.keys[y]!;
  const la = a.slice(0, a.lastIndexOf('@'));
  const lb = b.slice(0, b.lastIndexOf('@'));
  const da = a.slice(a.lastIndexOf('@') + 1);
  const db = b.slice(b.lastIndexOf('@') + 1);
  const edits = Math.max(2, Math.floor(0.3 * Math.min(da.length, db.length)));
  const similar = !(N.FREE_MAIL.has(da) && N.FREE_MAIL.has(db)) && jaroWinkler(da, db) >= 0.85 && editDistance(da, db, edits) <= edits;
  if (da === db || similar) {
    if (da === db && la.replace(DIGITS, '') === lb.replace(DIGITS, '')) return 2;
    if (la === lb) return 1;
    const allowed = la.length >= 8 ? 2 : 1;
    return Math.abs(la.length - lb.length) <= allowed && editDistance(la, lb, allowed) <= allowed ? 1 : 2;
  }
  return N.FREE_MAIL.has(da) && N.FREE_MAIL.has(db) && la === lb && la.length >= 5 ? 1 : 2;
}

/** The company words level with a closure per call for the word search, as it was. */
function plainWordsLevel(a: readonly string[], b: readonly string[], joinedA: string, joinedB: string): number {
  if (joinedA === joinedB) return 1;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const found = (t: string, list: readonly string[]): boolean => list.some((u) => u === t || (t.length > 3 && u.length > 3 && jaroWinklerAtLeast(t, u, 0.9) && typoApart(t, u)));
  let inLong = 0;
  for (const t of short) if (found(t, long)) inLong++;
  if (inLong === short.length) {
    let inShort = 0;
    for (const t of long) if (found(t, short)) inShort++;
    return inShort === long.length ? 1 : 2;
  }
  if (short.length === 1 && long.length === 1 && jaroWinklerAtLeast(joinedA, joinedB, 0.92) && typoApart(joinedA, joinedB)) return 1;
  if (joinedA.length >= 6 && joinedA.length === joinedB.length && [...joinedA].sort().join('') === [...joinedB].sort().join('')) return 1;
  const [inner, outer] = joinedA.length <= joinedB.length ? [joinedA, joinedB] : [joinedB, joinedA];
  if (inner.length >= 5 && outer.includes(inner)) return 2;
  return inLong > 0 ? 3 : 4;
}

/** The address level with a closure per word, as it was. */
function plainAddressLevel(c: NonNullable<Encoded['columns']['address']>, x: number, y: number): number {
  const nx = c.number![x]!;
  const ny = c.number![y]!;
  if (nx && ny && nx !== ny) return 3;
  const ta = c.tokens![x]!;
  const tb = c.tokens![y]!;
  let found = 0;
  for (const t of ta) if (tb.some((u) => u === t || (t.length > 3 && u.length > 3 && jaroWinklerAtLeast(t, u, 0.9)))) found++;
  const share = found / Math.max(ta.length, tb.length);
  if (share >= 0.75) return 1;
  if (nx && nx === ny) return 2;
  return 4;
}

function plainSoundex(value: string): string {
  const s = N.letters(value);
  if (!s) return '';
  const codes: Record<string, string> = {
    b: '1',
    f: '1',
    p: '1',
    v: '1',
    c: '2',
    g: '2',
    j: '2',
    k: '2',
    q: '2',
    s: '2',
    x: '2',
    z: '2',
    d: '3',
    t: '3',
    l: '4',
    m: '5',
    n: '5',
    r: '6',
  };
  let out = s[0]!.toUpperCase();
  let last = codes[s[0]!] ?? '';
  for (let i = 1; i < s.length && out.length < 4; i++) {
    const ch = s[i]!;
    const code = codes[ch] ?? '';
    if (code && code !== last) out += code;
    if (ch !== 'h' && ch !== 'w') last = code;
  }
  return out.padEnd(4, '0');
}

function plainCountPatterns(levels: Int8Array, B: number, R: number): { patterns: Int8Array[]; counts: number[] } {
  const index = new Map<number, number>();
  const patterns: Int8Array[] = [];
  const counts: number[] = [];
  for (let p = 0; p < B; p++) {
    let key = 0;
    for (let r = 0; r < R; r++) key = key * 8 + (levels[p * R + r]! + 1);
    let k = index.get(key);
    if (k === undefined) {
      k = patterns.length;
      index.set(key, k);
      patterns.push(levels.slice(p * R, p * R + R));
      counts.push(0);
    }
    counts[k]!++;
  }
  return { patterns, counts };
}

const FULL_BLOCK = 16;
const WINDOW: Record<Shape, number> = { person: 4, organization: 16 };
const SORT_ROLES: MatchRole[] = ['lastName', 'firstName', 'company', 'email', 'phone', 'address', 'city', 'dob'];

/** Candidate pairs with a map per kind of key, blocks as linked lists, and a set of seen pairs. */
function plainBlocking(enc: Encoded, shape: Shape): { a: Int32Array; b: Int32Array; count: number } {
  const n = enc.n;
  const c = enc.columns;
  const ids = new Map<string, number>();
  const intern = (s: string): number => {
    let v = ids.get(s);
    if (v === undefined) {
      v = ids.size;
      ids.set(s, v);
    }
    return v;
  };
  const perValue = <T>(col: Encoded['columns'][MatchRole], f: (key: string, id: number) => T): T[] => (col ? col.keys.map((k, id) => f(k, id)) : []);
  const initial = (col: Encoded['columns'][MatchRole], i: number): number => {
    const id = col ? col.ids[i]! : -1;
    return id >= 0 ? (col!.keys[id]!.charCodeAt(0) - 96) & 31 : 0;
  };
  // the mailbox name as a 30-bit hash (no string per address): a collision only adds a pair to compare
  const local = c.email
    ? c.email.keys.map((k, id) => {
        const end = c.email!.at![id]!;
        if (end < 5) return -1;
        let h = 0x811c9dc5;
        for (let x = 0; x < end; x++) h = Math.imul(h ^ k.charCodeAt(x), 0x01000193);
        return (h >>> 2) & 0x3fffffff;
      })
    : [];
  const sxLast = perValue(c.lastName, (k) => intern(`s:${N.soundex(k)}`));
  const sxFirst = perValue(c.firstName, (k) => intern(`s:${N.soundex(k)}`));
  const companyWords = perValue(c.company, (k) => [
    ...new Set(
      k
        .split(' ')
        .filter((t) => t.length >= 3)
        .map((t) => intern(`o:${N.soundex(t)}`)),
    ),
  ]);
  const companyPrefix = perValue(c.company, (k) => {
    const j = k.replace(/ /g, '');
    return j.length >= 5 ? intern(`j:${j.slice(0, 5)}`) : -1;
  });
  const street = perValue(c.address, (k) => {
    const t = k.split(' ');
    const num = t.find((w) => /^\d/.test(w));
    return num && t.length > 1 ? intern(`a:${num} ${t.find((w) => !/^\d/.test(w)) ?? ''}`) : -1;
  });
  // a block per kind of key and value, its records as a linked list in flat arrays (no array per block)
  const blockOf: Map<number, number>[] = Array.from({ length: 12 }, () => new Map());
  let head = new Int32Array(1024);
  let tail = new Int32Array(1024);
  let size = new Int32Array(1024);
  let blockCount = 0;
  let rec = new Int32Array(Math.max(1024, n * 4));
  let next = new Int32Array(rec.length);
  let entries = 0;
  const grown = (a: Int32Array) => {
    const b = new Int32Array(a.length * 2);
    b.set(a);
    return b;
  };
  const put = (kind: number, v: number, i: number): void => {
    if (v < 0) return;
    const map = blockOf[kind]!;
    let b = map.get(v);
    if (b === undefined) {
      b = blockCount++;
      if (b === head.length) {
        head = grown(head);
        tail = grown(tail);
        size = grown(size);
      }
      head[b] = tail[b] = -1;
      size[b] = 0;
      map.set(v, b);
    } else if (rec[tail[b]!] === i) return; // one record, one key twice (FRANK FRANKE)
    const e = entries++;
    if (e === rec.length) {
      rec = grown(rec);
      next = grown(next);
    }
    rec[e] = i;
    next[e] = -1;
    if (tail[b]! < 0) head[b] = e;
    else next[tail[b]!] = e;
    tail[b] = e;
    size[b]!++;
  };
  const none = new Int32Array(n).fill(-1);
  const col = (role: MatchRole): Int32Array => c[role]?.ids ?? none;
  const email = col('email'),
    last = col('lastName'),
    first = col('firstName'),
    postcode = col('postcode');
  const company = col('company'),
    address = col('address');
  // records sharing a value of a role (an email, a phone): grouped by value id, without a map
  const sameValue: number[][] = [];
  const byValue = (col: Encoded['columns'][MatchRole], minLength = 0): void => {
    if (!col) return;
    const start = new Int32Array(col.keys.length + 1);
    for (let i = 0; i < n; i++) {
      const v = col.ids[i]!;
      if (v >= 0 && col.counts[v]! > 1) start[v + 1]!++;
    }
    for (let v = 0; v < col.keys.length; v++) start[v + 1]! += start[v]!;
    const fill = start.slice(0, col.keys.length);
    const members = new Int32Array(start[col.keys.length]!);
    for (let i = 0; i < n; i++) {
      const v = col.ids[i]!;
      if (v >= 0 && col.counts[v]! > 1) members[fill[v]!++] = i;
    }
    for (let v = 0; v < col.keys.length; v++) {
      if (col.counts[v]! > 1 && col.keys[v]!.length >= minLength) sameValue.push(Array.from(members.subarray(start[v]!, start[v + 1]!)));
    }
  };
  byValue(c.email);
  byValue(c.phone);
  if (shape === 'person') byValue(c.dob, 6);
  else byValue(c.domain);
  for (let i = 0; i < n; i++) {
    const e = email[i]!;
    if (e >= 0) put(2, local[e]!, i);
    if (shape === 'person') {
      const li = last[i]!;
      const fi = first[i]!;
      // (both names' Soundex keys in one table, so a swapped first and last name meet)
      if (li >= 0) put(4, sxLast[li]! * 32 + initial(c.firstName, i), i);
      if (fi >= 0) put(4, sxFirst[fi]! * 32 + initial(c.lastName, i), i);
      // (a postcode with each name's initial)
      const p = postcode[i]!;
      if (p >= 0 && fi >= 0) put(7, p * 32 + initial(c.firstName, i), i);
      if (p >= 0 && li >= 0) put(7, p * 32 + initial(c.lastName, i), i);
    } else {
      const k = company[i]!;
      if (k >= 0) {
        for (const w of companyWords[k]!) put(9, w, i);
        put(10, companyPrefix[k]!, i);
      }
      const a = address[i]!;
      if (a >= 0) put(11, street[a]!, i);
    }
  }
  const seen = new Set<string>();
  let pa = new Int32Array(Math.max(1024, n * 4));
  let pb = new Int32Array(pa.length);
  let count = 0;
  const consider = (i: number, j: number): void => {
    if (i === j) return;
    const a = i < j ? i : j;
    const b = i < j ? j : i;
    if (seen.has(`${a},${b}`)) return;
    seen.add(`${a},${b}`);
    if (count === pa.length) {
      const na = new Int32Array(pa.length * 2);
      na.set(pa);
      pa = na;
      const nb = new Int32Array(pb.length * 2);
      nb.set(pb);
      pb = nb;
    }
    pa[count] = a;
    pb[count] = b;
    count++;
  };
  // the sort order of large blocks: each role's values ranked once, records compared by those ranks
  // (a role with many distinct values, such as email, is ordered by value id: first seen in id order)
  const sortCols = SORT_ROLES.filter((r) => c[r]).map((r) => {
    const cc = c[r]!;
    const rank = new Int32Array(cc.keys.length);
    if (cc.keys.length > 5000) {
      for (let k = 0; k < rank.length; k++) rank[k] = k;
      return { ids: cc.ids, rank };
    }
    const byKey = cc.keys.map((_, k) => k).sort((p, q) => (cc.keys[p]! < cc.keys[q]! ? -1 : cc.keys[p]! > cc.keys[q]! ? 1 : 0));
    byKey.forEach((k, r) => {
      rank[k] = r;
    });
    return { ids: cc.ids, rank };
  });
  const compareRecords = (p: number, q: number): number => {
    for (const { ids: v, rank } of sortCols) {
      const x = v[p]!,
        y = v[q]!;
      if (x !== y) return (x < 0 ? -1 : rank[x]!) - (y < 0 ? -1 : rank[y]!);
    }
    return p - q;
  };
  const sameKey = (p: number, q: number): boolean => {
    for (const { ids: v } of sortCols) if (v[p] !== v[q]) return false;
    return true;
  };
  const listed: number[] = [];
  const blocks = function* (): Generator<readonly number[]> {
    yield* sameValue;
    for (let b = 0; b < blockCount; b++) {
      if (size[b]! < 2) continue;
      listed.length = 0;
      for (let e = head[b]!; e >= 0; e = next[e]!) listed.push(rec[e]!);
      yield listed;
    }
  };
  for (const members of blocks()) {
    if (members.length <= FULL_BLOCK) {
      for (let x = 0; x < members.length; x++) for (let y = x + 1; y < members.length; y++) consider(members[x]!, members[y]!);
      continue;
    }
    // records with the same values are chained to each other; the distinct values (one record each) are
    // compared all with all when few, else by sorted neighbourhood, each meeting the next WINDOW[shape]
    const sorted = [...members].sort(compareRecords);
    const reps: number[] = [sorted[0]!];
    for (let x = 1; x < sorted.length; x++) {
      if (sameKey(sorted[x - 1]!, sorted[x]!)) consider(sorted[x - 1]!, sorted[x]!);
      else reps.push(sorted[x]!);
    }
    const window = reps.length <= FULL_BLOCK ? reps.length : WINDOW[shape];
    for (let x = 0; x < reps.length; x++) for (let y = x + 1; y < reps.length && y <= x + window; y++) consider(reps[x]!, reps[y]!);
  }
  return { a: pa, b: pb, count };
}

// ---- random inputs ----

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const localPart = fc.string({ unit: pick(['a', 'b', 'n', '.', '1', '2', '+', 'A']), minLength: 1, maxLength: 12 });
const domain = pick(['gmail.com', 'gmial.com', 'googlemail.com', 'yahoo.com', 'acme.com', 'acme.co', 'acmee.com', 'x.org', 'hotmail.com']);
const email = fc.tuple(localPart, domain).map(([l, d]) => `${l}@${d}`);
const phone = fc.string({ unit: pick(['0', '1', '2', '9', ' ', '+', '-']), minLength: 5, maxLength: 14 });

/** Every pair of distinct value ids of a role in a batch. */
function idPairs(n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let x = 0; x < n; x++) for (let y = 0; y < n; y++) if (x !== y) out.push([x, y]);
  return out;
}

describe('duplicate engine fast paths (issue 12) agree with the plain versions', () => {
  it('emails: mailbox names compared in place give the levels the slices did', () => {
    fc.assert(
      fc.property(fc.array(email, { minLength: 2, maxLength: 25 }), (list) => {
        const c = encode(
          list.map((e) => ({ email: e })),
          ['email'],
        ).columns.email!;
        for (const [x, y] of idPairs(c.keys.length)) expect(fuzzyLevel('email', c, x, y)).toBe(plainEmailLevel(c, x, y));
      }),
      RUNS,
    );
  });

  it('phones: compared as numbers give the levels the digit strings did', () => {
    fc.assert(
      fc.property(fc.array(phone, { minLength: 2, maxLength: 25 }), (list) => {
        const c = encode(
          list.map((p) => ({ phone: p })),
          ['phone'],
        ).columns.phone!;
        for (const [x, y] of idPairs(c.keys.length)) expect(fuzzyLevel('phone', c, x, y)).toBe(plainOneApart(c.keys[x]!, c.keys[y]!) ? 1 : 2);
      }),
      RUNS,
    );
  });

  it('phones are read as N.phone reads them: same keys, same ids', () => {
    // (two extension marks: N.phone strips one extension, and phoneKey once stripped again and again)
    expect(encode([{ phone: '111x1111x1' }], ['phone']).columns.phone!.keys).toEqual([N.phone('111x1111x1')]);
    const raw = fc.oneof(phone, fc.string({ unit: pick(['1', '٣', '0', 'x', ' ', '9']), maxLength: 16 }));
    fc.assert(
      fc.property(fc.array(raw, { maxLength: 30 }), (list) => {
        const c = encode(
          list.map((p) => ({ phone: p })),
          ['phone'],
        ).columns.phone;
        const plain = list.map((p) => N.phone(p));
        if (plain.every((k) => !k)) return;
        const distinct = [...new Set(plain.filter(Boolean))];
        expect(c!.keys).toEqual(distinct);
        list.forEach((_, i) => expect(c!.ids[i]).toBe(plain[i] ? distinct.indexOf(plain[i]!) : -1));
      }),
      RUNS,
    );
  });

  it('emails, their domains and phones get first-seen ids and counts, as a plain map of their normalised forms gives', () => {
    /** First-seen ids of the non-empty keys, with counts, as encode gave them with a Map. */
    const plainIds = (keys: string[]) => {
      const id = new Map<string, number>();
      const ids = keys.map((k) => (k === '' ? -1 : (id.get(k) ?? id.set(k, id.size).get(k)!)));
      const distinct = [...id.keys()];
      return { ids, distinct, counts: distinct.map((_, v) => ids.filter((x) => x === v).length) };
    };
    // few mailbox names and digits, so repeats are common
    const mail = fc.oneof(
      email,
      fc.tuple(pick(['Ann', 'ann ', 'a.n.n', 'ann+x', '']), domain).map(([l, d]) => `${l}@${d}`),
      pick(['', 'no-at', '@acme.com']),
    );
    const digits = fc.oneof(
      phone,
      fc.integer({ min: 0, max: 999 }).map((k) => `+1 555 ${String(k).padStart(3, '0')} 01`),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(mail, digits), { maxLength: 400 }), (list) => {
        const enc = encode(
          list.map(([e, p]) => ({ email: e, phone: p })),
          ['email', 'phone'],
        );
        const e = plainIds(list.map(([m]) => N.email(m)));
        const c = enc.columns.email;
        if (c) {
          expect(c.keys).toEqual(e.distinct);
          expect(Array.from(c.ids)).toEqual(e.ids);
          expect(c.counts).toEqual(e.counts);
          const d = plainIds(c.keys.map((k) => k.slice(k.lastIndexOf('@') + 1)));
          expect(c.domainKeys).toEqual(d.distinct);
          expect(Array.from(c.domainId!)).toEqual(d.ids);
        } else expect(e.distinct).toEqual([]);
        const p = plainIds(list.map(([, x]) => N.phone(x)));
        const q = enc.columns.phone;
        if (q) {
          expect(q.keys).toEqual(p.distinct);
          expect(Array.from(q.ids)).toEqual(p.ids);
          expect(q.counts).toEqual(p.counts);
        } else expect(p.distinct).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('company words and addresses: the word search as a loop gives the levels the closures gave', () => {
    const word = pick([
      'acme',
      'acmee',
      'acm',
      'philips',
      'phillips',
      'gist',
      'brocades',
      'gistbrocades',
      'unilever',
      'uniliver',
      'ab',
      'x',
      '12',
      '12a',
      'high',
      'st',
      'street',
      'main',
    ]);
    const words = fc.array(word, { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(words, words, (a, b) => {
        expect(wordsLevel(a, b, a.join(''), b.join(''))).toBe(plainWordsLevel(a, b, a.join(''), b.join('')));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.array(
          words.map((w) => w.join(' ')),
          { minLength: 2, maxLength: 12 },
        ),
        (list) => {
          const c = encode(
            list.map((address) => ({ address })),
            ['address'],
          ).columns.address!;
          for (const [x, y] of idPairs(c.keys.length)) expect(fuzzyLevel('address', c, x, y)).toBe(plainAddressLevel(c, x, y));
        },
      ),
      RUNS,
    );
  });

  it('jaroWinklerAtLeast is jaroWinkler(a, b) >= t, near the thresholds the engine uses too', () => {
    const text = fc.string({ unit: pick(['a', 'b', 'c', 'e', 'r', '.', 'é', 'ā', '\u0080', '\u0100']), maxLength: 14 });
    const t = fc.oneof(pick([0.7, 0.8, 0.85, 0.88, 0.9, 0.92]), fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(
      fc.property(text, text, t, (a, b, th) => {
        expect(jaroWinklerAtLeast(a, b, th)).toBe(jaroWinkler(a, b) >= th);
        // exactly at the value itself (the bound's margin must not cut it)
        const j = jaroWinkler(a, b);
        expect(jaroWinklerAtLeast(a, b, j)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('editDistance over the first characters is the distance of the slices', () => {
    const text = fc.string({ unit: pick(['a', 'b', 'c', '1']), maxLength: 12 });
    fc.assert(
      fc.property(text, text, fc.nat(3), fc.nat(12), fc.nat(12), (a, b, max, i, j) => {
        const la = Math.min(i, a.length);
        const lb = Math.min(j, b.length);
        expect(editDistance(a, b, max, la, lb)).toBe(editDistance(a.slice(0, la), b.slice(0, lb), max));
      }),
      { numRuns: 1000 },
    );
  });

  it('soundex with its letter codes in a string is the plain one', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ unit: pick(['a', 'h', 'w', 'b', 'p', 'c', 'k', 'r', 'y', 'M', 'é']), maxLength: 10 }), (x, y) => {
        expect(N.soundex(x)).toBe(plainSoundex(x));
        expect(N.soundex(y)).toBe(plainSoundex(y));
      }),
      { numRuns: 1000 },
    );
  });

  it('countPatterns finds the same patterns, in the same order, with up to 6 roles by index and beyond in a map', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 600 }), (R, flat) => {
        const B = Math.floor(flat.length / R);
        const levels = Int8Array.from(flat.slice(0, B * R));
        expect(countPatterns(levels, B, R)).toEqual(plainCountPatterns(levels, B, R));
      }),
      RUNS,
    );
  });

  it('blocking with a table per kind of key and pairs deduplicated at the end yields the same pairs in the same order', () => {
    // few names (most of one soundex and initial), so that blocks exceed FULL_BLOCK and the sorted neighbourhood runs
    const first = pick(['Ann', 'Anna', 'Annie', 'A', 'Bob', '']);
    const last = pick(['Smith', 'Smyth', 'Smithe', 'Doe', '']);
    const company = pick(['Acme Inc', 'Acme Analytics', 'Acme', 'Philips Electronics', 'Philips', 'Globex', '']);
    const address = pick(['12 High St', '12 High Street', '14 High St', 'Main Rd 3', '']);
    const person = fc.record({
      firstName: first,
      lastName: last,
      email: fc.oneof(email, pick(['', 'ann@acme.com'])),
      phone: fc.oneof(phone, pick(['', '+1 555 0100 200'])),
      postcode: pick(['', '2000', '2001']),
      dob: pick(['', '1980-01-02', '1980-02-01']),
    });
    const org = fc.record({
      company,
      address,
      email: fc.oneof(email, pick([''])),
      phone: fc.oneof(phone, pick(['', '020 7946 0000'])),
      domain: pick(['', 'acme.com', 'www.acme.com', 'philips.nl']),
    });
    const batch = fc.oneof(
      fc.array(person, { minLength: 40, maxLength: 150 }).map((values) => ({ values: values as MatchValues[], shape: 'person' as Shape })),
      fc.array(org, { minLength: 20, maxLength: 80 }).map((values) => ({ values: values as MatchValues[], shape: 'organization' as Shape })),
    );
    fc.assert(
      fc.property(batch, ({ values, shape }) => {
        const enc = encode(
          values,
          MATCH_ROLES.filter((r) => values.some((v) => v[r])),
        );
        const fast = blocking(enc, shape);
        const plain = plainBlocking(enc, shape);
        expect(fast.count).toBe(plain.count);
        expect(Array.from(fast.a.subarray(0, fast.count))).toEqual(Array.from(plain.a.subarray(0, plain.count)));
        expect(Array.from(fast.b.subarray(0, fast.count))).toEqual(Array.from(plain.b.subarray(0, plain.count)));
      }),
      { numRuns: 100 },
    );
  });

  it('the word helpers without closures (issue 12) agree with the plain filter, find and some on random words', () => {
    // digits of other scripts ("٣") and digit-like characters start no street number, as /^\d/ reads them
    const word = fc.array(fc.constantFrom('1', '9', '0', 'a', 'z', 'ä', '٣', '²', '-', 'elec', 'tronics', 'x'), { maxLength: 4 }).map((u) => u.join(''));
    const words = fc.array(word, { maxLength: 6 });
    fc.assert(
      fc.property(words, (ws) => {
        expect(N.streetNumber(ws)).toBe(ws.find((w) => /^\d/.test(w)) ?? '');
        expect(N.firstWordWithout(ws)).toBe(ws.find((w) => !/^\d/.test(w)));
        const core = ws.filter((t) => t.length > 1 && !N.isGenericWord(t));
        expect(N.companyCore(ws)).toEqual(core.length ? core : ws.filter((t) => t.length > 1));
      }),
      RUNS,
    );
    const given = fc.array(fc.constantFrom('chris', 'christopher', 'christine', 'alex', 'sam', 'samuel', 'jo'), { minLength: 1, maxLength: 3 }).map((u) => u.join('|'));
    fc.assert(
      fc.property(given, given, (a, b) => {
        expect(N.sameGivenName(a, b)).toBe(a === b || a.split('|').some((x) => b.split('|').includes(x)));
      }),
      RUNS,
    );
  });

  it('distinctPairs is a plain first-seen filter also on pairs of a large batch', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(40), fc.nat(40)), { maxLength: 500 }), (raw) => {
        const ordered = raw.filter(([x, y]) => x < y);
        const a = Int32Array.from(ordered, (p) => p[0]);
        const b = Int32Array.from(ordered, (p) => p[1]);
        const seen = new Set<string>();
        const plain = ordered.filter(([x, y]) => !seen.has(`${x},${y}`) && seen.add(`${x},${y}`));
        const kept = distinctPairs(a, b, a.length, 41);
        expect(Array.from(a.subarray(0, kept), (x, k) => [x, b[k]])).toEqual(plain);
      }),
      RUNS,
    );
  });
});
