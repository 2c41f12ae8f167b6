/**
 * Comparison levels per role (Fellegi-Sunter). Each role compares two records' values into one level
 * (exact, close, far, different...); each level has an m probability (its share among true matches)
 * and a u probability (its share among non-matches). The defaults below are the starting point; the
 * engine learns u from random pairs of the batch and m by expectation maximisation (see em.ts).
 *
 * Values are dictionary-encoded per role: a record holds an integer per role (-1 when missing), so an
 * exact agreement is an integer comparison and a fuzzy one is computed once per pair of distinct values.
 */
import { editDistance, jaroWinkler, jaroWinklerAtLeast } from './similarity';
import * as N from './normalize';
import { isSalesforceId } from '../../intake/salesforceIds';

export const MATCH_ROLES = ['firstName', 'lastName', 'email', 'phone', 'company', 'domain', 'address', 'city', 'postcode', 'state', 'dob'] as const;
export type MatchRole = (typeof MATCH_ROLES)[number];
export type Shape = 'person' | 'organization';

/** A record's values by role, raw; several headers for one role are joined with a space. */
export type MatchValues = Partial<Record<MatchRole, string>>;

export interface LevelDef {
  label: string;
  m: number;
  u: number;
}
export interface RoleDef {
  /** Level 0 is the exact agreement; the last level is the plain disagreement. */
  levels: readonly LevelDef[];
  /** Exact agreement weighs by the value's frequency in the batch (a common surname counts less than a rare one). */
  tf: boolean;
}

const CLOSE = 'close (typo)';
const FAR = 'far (Jaro-Winkler 0.80)';
/** Each role's levels between 'exact' (level 0) and 'different' (the last), best first. */
const LABELS: Record<MatchRole, readonly string[]> = {
  firstName: ['close (nickname or typo)', 'far (initial or Jaro-Winkler 0.80)'],
  lastName: [CLOSE, FAR],
  email: ['close (typo, or same mailbox at another provider)'],
  phone: ['close (one digit)'],
  company: ['close (same words, typos or spacing)', 'one name inside the other', 'a word in common'],
  domain: [CLOSE],
  address: [CLOSE, 'same number, other words', 'different street number'],
  city: [CLOSE],
  postcode: ['close (one character)'],
  state: [],
  dob: ['close (one digit, day and month swapped, or within a month)', 'within a year'],
};

/**
 * Documented defaults, per record shape, as m then u for each level. m: how often true duplicates fall
 * in the level (CRM duplicates keep their name and usually their email or phone; a person changes
 * mailbox more often than a company changes its name). u: how often two unrelated records do (a first
 * name is shared by about 1 pair in 100, an email by almost none; one digit apart is a typo or the next
 * extension on one switchboard). Both are replaced by what the batch shows when it is large enough.
 */
const PERSON: Record<MatchRole, readonly number[]> = {
  firstName: [0.75, 0.01, 0.15, 0.002, 0.06, 0.03, 0.04, 0.958],
  lastName: [0.8, 0.005, 0.12, 0.002, 0.04, 0.02, 0.04, 0.973],
  email: [0.85, 0.0001, 0.05, 0.0001, 0.1, 0.9998],
  phone: [0.8, 0.0001, 0.05, 0.003, 0.15, 0.9969],
  company: [0.7, 0.02, 0.1, 0.005, 0.06, 0.02, 0.04, 0.05, 0.1, 0.905],
  domain: [0.8, 0.02, 0.05, 0.01, 0.15, 0.97],
  address: [0.6, 0.0005, 0.2, 0.001, 0.08, 0.01, 0.04, 0.2, 0.08, 0.7885],
  city: [0.8, 0.05, 0.08, 0.01, 0.12, 0.94],
  postcode: [0.8, 0.01, 0.1, 0.03, 0.1, 0.96],
  state: [0.9, 0.3, 0.1, 0.7],
  dob: [0.8, 0.0003, 0.1, 0.003, 0.05, 0.03, 0.05, 0.9677],
};

/** Organisations: the name is the identity (seldom shared); a different street number is strong evidence against. */
const ORGANIZATION: Record<MatchRole, readonly number[]> = {
  ...PERSON,
  company: [0.7, 0.002, 0.15, 0.001, 0.08, 0.005, 0.04, 0.02, 0.03, 0.972],
  // two organisations seldom share a website (a person's company domain is shared by every colleague)
  domain: [0.8, 0.0005, 0.05, 0.002, 0.15, 0.9975],
  address: [0.7, 0.0005, 0.18, 0.001, 0.06, 0.01, 0.02, 0.2, 0.04, 0.7885],
};

/**
 * Roles whose exact agreement is not weighed by frequency. The name is what identifies an organisation:
 * a name many records hold is one organisation entered many times (or a placeholder, which the group
 * size limit reports).
 */
const NO_TF: Record<Shape, readonly MatchRole[]> = { person: [], organization: ['company'] };

const roleDefs = (shape: Shape, table: Record<MatchRole, readonly number[]>): Record<MatchRole, RoleDef> =>
  Object.fromEntries(
    MATCH_ROLES.map((r) => [
      r,
      { tf: !NO_TF[shape].includes(r), levels: ['exact', ...LABELS[r], 'different'].map((label, l) => ({ label, m: table[r][2 * l]!, u: table[r][2 * l + 1]! })) },
    ]),
  ) as unknown as Record<MatchRole, RoleDef>;

export const DEFAULT_LEVELS: Record<Shape, Record<MatchRole, RoleDef>> = { person: roleDefs('person', PERSON), organization: roleDefs('organization', ORGANIZATION) };

/** One role's values for the whole batch, dictionary-encoded. */
export interface Column {
  /** Per record: the value's id, -1 when missing. */
  ids: Int32Array;
  /** Per id: the normalised value. */
  keys: string[];
  /** Per id: how many records hold it. */
  counts: number[];
  /** Records with a value. */
  present: number;
}

interface Extra {
  /** firstName: canonical given name per id (nicknames resolved). */
  canon?: string[];
  /** email: mailbox name and domain per id, and whether the domain is a personal provider. */
  /** email: where the @ is, per id (the mailbox name is sliced only when a pair needs it); free: per domain id. */
  at?: Int32Array;
  free?: boolean[];
  /** email: the domain as an id, the distinct domains and a cache of their similarity. */
  domainId?: Int32Array;
  domainKeys?: string[];
  domainPairs?: Map<number, number> | Int8Array;
  /** phone: per id its digits as a number (-1 unless 9), so two phones compare without reading their text (issue 12). */
  num?: Int32Array;
  /** names: letters sorted, per id (an anagram test without allocating per pair); dob: day number per id. */
  sorted?: string[];
  day?: number[];
  /** company / address: words per id; address: its street number. */
  tokens?: string[][];
  joined?: string[];
  number?: string[];
}

export interface Encoded {
  n: number;
  columns: Partial<Record<MatchRole, Column & Extra>>;
  /** Corporate email domain label per record ('' when none): a company compared with the other's mail domain. */
  mailDomain: string[];
  /**
   * Per record, the generation its surname's suffix names (N.generation: Jr., Sr., III; 0 none), or
   * undefined when no record has one: a father and son of one name are two people.
   */
  generation: Int8Array | undefined;
}

function normaliser(role: MatchRole): (raw: string) => string {
  switch (role) {
    case 'lastName':
      return N.surname;
    case 'firstName':
    case 'city':
    case 'state':
      return N.letters;
    case 'email':
      return N.email;
    case 'company':
      return (v) => recordIdKey(v) ?? N.companyCore(N.companyTokens(v)).sort().join(' ');
    case 'domain':
      return N.registrableDomain;
    case 'address':
      return (v) => N.addressTokens(v).join(' ');
    case 'postcode':
      return (v) => N.plain(v).replace(/\s+/g, '');
    case 'phone': // (not used: encode reads phones itself with phoneKey, as N.phone would)
    case 'dob':
      return N.digits;
  }
}

/** Encodes the batch: each distinct raw value is normalised once. */
/** The records' compared values a column per role (undefined or '' where a record has none). */
export type ValueColumns = Partial<Record<MatchRole, readonly (string | undefined)[]>>;

/** Records as one object each, turned into a column per role that any record has. */
export function columnsOf(values: readonly MatchValues[]): ValueColumns {
  const out: ValueColumns = {};
  for (const role of MATCH_ROLES) if (values.some((v) => v[role])) out[role] = values.map((v) => v[role]);
  return out;
}

/** The roles a batch has a value of (in MATCH_ROLES order). */
export function rolesOf(columns: ValueColumns): MatchRole[] {
  return MATCH_ROLES.filter((r) => columns[r]?.some((v) => v));
}

export function encode(values: readonly MatchValues[], roles: readonly MatchRole[]): Encoded {
  return encodeColumns(columnsOf(values), values.length, roles);
}

/**
 * Encodes n records read column by column (issue 12: an array read per value, not a property of one
 * object per record), record k being `order[k]` of the columns (default: k).
 */
export function encodeColumns(values: ValueColumns, n: number, roles: readonly MatchRole[], order?: readonly number[]): Encoded {
  const columns: Encoded['columns'] = {};
  let generation: Int8Array | undefined;
  for (const role of roles) {
    const source = values[role] ?? [];
    const normalise = normaliser(role);
    // a placeholder normalises to nothing, so it is missing (read once per distinct value: an email or
    // phone, read per record, is never a valid one)
    const company = role === 'company';
    const norm = role === 'email' ? normalise : (raw: string): string => (N.isPlaceholder(raw, company) ? '' : normalise(raw));
    const rawCache = new Map<string, number>();
    const generations = new Map<string, number>();
    const keyId = new Map<string | number, number>();
    const keys: string[] = [];
    const counts: number[] = [];
    const ids = new Int32Array(n).fill(-1);
    let present = 0;
    // an email or phone is nearly unique: one map lookup on its normalised form beats two
    const unique = role === 'email' || role === 'phone';
    for (let i = 0; i < n; i++) {
      const raw = source[order ? order[i]! : i];
      if (!raw) continue;
      let id = unique ? undefined : rawCache.get(raw);
      if (unique) {
        const key = role === 'phone' ? phoneKey(raw) : norm(raw);
        if (key === '') continue;
        id = keyId.get(key);
        if (id === undefined) {
          id = keys.length;
          keyId.set(key, id);
          keys.push(typeof key === 'string' ? key : String(key).padStart(9, '0'));
          counts.push(0);
        }
      } else if (id === undefined) {
        const key = norm(raw);
        // (a surname's suffix, read once per distinct value; records are marked only once one is seen)
        const g = role === 'lastName' ? N.generation(raw) : 0;
        if (g > 0) generations.set(raw, g);
        id = key ? keyId.get(key) : -1;
        if (id === undefined) {
          id = keys.length;
          keyId.set(key, id);
          keys.push(key);
          counts.push(0);
        }
        rawCache.set(raw, id);
      }
      if (id < 0) continue;
      ids[i] = id;
      counts[id]!++;
      present++;
      if (generations.size > 0) {
        const g = generations.get(raw);
        if (g !== undefined) (generation ??= new Int8Array(n))[i] = g;
      }
    }
    // every column has the same shape (all fields, some unused), so the hot comparison code sees one hidden class
    const col: Column & Extra = {
      ids,
      keys,
      counts,
      present,
      canon: undefined,
      at: undefined,
      free: undefined,
      domainId: undefined,
      domainKeys: undefined,
      domainPairs: undefined,
      num: undefined,
      sorted: undefined,
      day: undefined,
      tokens: undefined,
      joined: undefined,
      number: undefined,
    };
    if (role === 'firstName') col.canon = keys.map(N.givenName);
    if (role === 'firstName' || role === 'lastName') col.sorted = keys.map(sortedLetters);
    if (role === 'phone') {
      col.num = new Int32Array(keys.length);
      for (let id = 0; id < keys.length; id++) col.num[id] = keys[id]!.length === 9 ? +keys[id]! : -1;
    }
    if (role === 'dob') col.day = keys.map((k) => (k.length === 8 ? dayNumber(k) : Number.NaN));
    if (role === 'email') {
      // few distinct domains: one string each; the per-address slices are garbage at once
      // (plain loops, not Int32Array.from with a function: issue 12)
      col.at = new Int32Array(keys.length);
      col.domainId = new Int32Array(keys.length);
      const domains = new Map<string, number>();
      for (let id = 0; id < keys.length; id++) {
        const d = keys[id]!.slice((col.at[id] = keys[id]!.lastIndexOf('@')) + 1);
        let v = domains.get(d);
        if (v === undefined) {
          v = domains.size;
          domains.set(d, v);
        }
        col.domainId[id] = v;
      }
      col.domainKeys = [...domains.keys()];
      col.free = col.domainKeys.map((d) => N.FREE_MAIL.has(d));
      col.domainPairs = domains.size * domains.size <= 4_000_000 ? new Int8Array(domains.size * domains.size).fill(-1) : new Map();
    }
    if (role === 'company') {
      col.tokens = keys.map((k) => k.split(' '));
      col.joined = keys.map((k) => k.replace(/ /g, ''));
    }
    if (role === 'address') {
      col.tokens = keys.map((k) => k.split(' '));
      col.number = col.tokens.map(N.streetNumber);
    }
    columns[role] = col;
  }
  const mailDomain = new Array<string>(n).fill('');
  const e = columns.email;
  if (e && columns.company) {
    const labels = e.domainKeys!.map((d) => (N.FREE_MAIL.has(d) ? '' : N.domainLabel(d)));
    for (let i = 0; i < n; i++) {
      const id = e.ids[i]!;
      if (id >= 0) mailDomain[i] = labels[e.domainId![id]!]!;
    }
  }
  return { n, columns, mailDomain, generation };
}

/**
 * N.phone(raw) as a map key, read from the text without building a string per record (issue 12): its
 * digits, the last 9 when there are more, as a number when there are 9, else as text ('' when too few).
 */
export function phoneKey(raw: string): string | number {
  return digitsKey(raw, true);
}

/** phoneKey's loop; `extension`: strip an extension first, once, as N.phone does (never again after). */
function digitsKey(raw: string, extension: boolean): string | number {
  let d = 0;
  let v = 0;
  let marked = false;
  for (let k = 0; k < raw.length; k++) {
    const c = raw.charCodeAt(k);
    // (v keeps the last 9 digits: below 1e9, integer arithmetic throughout)
    if (isDigit(c)) {
      d++;
      v = (v % 1e8) * 10 + c - 48;
    } else if (c === 35 || c === 88 || c === 120) marked = true; // "#", "x", "X" ("ext" has one): an extension may follow
  }
  // an extension ("x23", "ext. 23", "#23") is not part of the number (N.phone strips it the same way)
  if (extension && marked && N.PHONE_EXTENSION.test(raw)) return digitsKey(raw.replace(N.PHONE_EXTENSION, ''), false);
  return d < 7 ? '' : d >= 9 ? v : String(v).padStart(d, '0');
}

/**
 * A typo, not another name: one edit, or two letters swapped; two edits in a word of 12 letters or more.
 * Jaro-Winkler alone rewards a shared beginning, so "freshworks" and "freshbooks" (two companies, two
 * domains) looked like one mistyped; an evaluator's companies export had them proposed as a merge.
 */
export function typoApart(a: string, b: string): boolean {
  const allowed = Math.min(a.length, b.length) >= 12 ? 2 : 1;
  const d = editDistance(a, b, 2);
  if (d <= allowed) return true;
  if (d !== 2 || a.length !== b.length) return false;
  // two letters swapped: differ at exactly two neighbouring places, crosswise
  let i = 0;
  while (a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Same length and one character different, or one edit apart. */
function oneApart(a: string, b: string): boolean {
  if (a.length !== b.length) return editDistance(a, b, 1) <= 1;
  let diff = 0;
  for (let i = 0; i < a.length && diff < 2; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) diff++;
  return diff <= 1;
}

/**
 * Two phones (digits only, at most 9: see N.phone) one digit apart (issue 12): two of 9 digits compared as
 * numbers, digit by digit from the end, stopping where the rest agrees; shorter ones go the plain way.
 */
function phoneLevel(c: Column & Extra, x: number, y: number): number {
  let p = c.num![x]!;
  let q = c.num![y]!;
  if (p < 0 || q < 0) return oneApart(c.keys[x]!, c.keys[y]!) ? 1 : 2;
  let diff = 0;
  for (; p !== q; p = (p / 10) | 0, q = (q / 10) | 0) if (p % 10 !== q % 10 && ++diff > 1) return 2;
  return 1;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The mailbox names (the text before each @, at `la` and `lb`) are equal; with `bare`, digits left out
 * (jane.doe2 and jane.doe). Read in place (issue 12): no slice or replace per pair.
 */
function sameLocal(a: string, la: number, b: string, lb: number, bare: boolean): boolean {
  for (let p = 0, q = 0; ; p++, q++) {
    if (bare) {
      while (p < la && isDigit(a.charCodeAt(p))) p++;
      while (q < lb && isDigit(b.charCodeAt(q))) q++;
    }
    if (p === la || q === lb) return p === la && q === lb;
    if (a.charCodeAt(p) !== b.charCodeAt(q)) return false;
  }
}

const sortedLetters = (s: string): string => [...s].sort().join('');

function nameLevel(c: Column & Extra, x: number, y: number): number {
  const a = c.keys[x]!;
  const b = c.keys[y]!;
  if (c.canon && N.sameGivenName(c.canon[x]!, c.canon[y]!)) return 1;
  if (a.length === 1 || b.length === 1) return a[0] === b[0] ? 2 : 3; // an initial
  const s = jaroWinklerAtLeast(a, b, 0.8) ? jaroWinkler(a, b) : 0; // (below 0.8 it only matters that it is)
  if (s >= 0.92) return 1;
  // the same letters scrambled (Sofia / foSia) or a near miss
  return s >= 0.8 || (a.length >= 3 && c.sorted![x] === c.sorted![y]) ? 2 : 3;
}

/** Days since 0000-03-01 of a YYYYMMDD date (for distances), NaN if it is not one. */
function dayNumber(d: string): number {
  let y = Number(d.slice(0, 4));
  let m = Number(d.slice(4, 6));
  const day = Number(d.slice(6, 8));
  if (!(m >= 1 && m <= 12 && day >= 1 && day <= 31)) return Number.NaN;
  if (m <= 2) {
    y--;
    m += 12;
  }
  return 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + Math.floor((153 * (m - 3) + 2) / 5) + day;
}

/** The word t is in the list, or one close to it (longer words only). A plain loop: no closure per call (issue 12). */
function hasWord(list: readonly string[], t: string): boolean {
  for (const u of list) if (u === t || (t.length > 3 && u.length > 3 && jaroWinklerAtLeast(t, u, 0.9) && typoApart(t, u))) return true;
  return false;
}

/**
 * A company value that is a CRM record id rather than a name (a Data Loader export's AccountId): one word
 * of 15 or 18 letters and digits with at least three digits. Its key is "#" and its first 15 characters,
 * case kept: a Salesforce id's 15- and 18-character forms are one account, and "…rUQAQ" and "…rUQAq" are
 * two. A name of that shape is rare enough; at worst it is compared only for equality.
 */
function recordIdKey(value: string): string | undefined {
  if (!isSalesforceId(value)) return undefined;
  const v = value.trim();
  let digits = 0;
  for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) digits++;
  // a word of letters only is a name; digits only, a number
  return digits >= 3 && digits < v.length ? `#${v.slice(0, 15)}` : undefined;
}

/** Whether a company key is a record id's (recordIdKey). */
export function looksLikeRecordId(key: string): boolean {
  return key.charCodeAt(0) === 35;
}

/** Word-level comparison of two names (companies): same words, one inside the other, a word in common, or none. */
export function wordsLevel(a: readonly string[], b: readonly string[], joinedA: string, joinedB: string): number {
  if (joinedA === joinedB) return 1; // the same words in another order or spacing
  const short = a.length <= b.length ? a : b;
  const long = a.length <= b.length ? b : a;
  let inLong = 0;
  for (const t of short) if (hasWord(long, t)) inLong++;
  if (inLong === short.length) {
    let inShort = 0;
    for (const t of long) if (hasWord(short, t)) inShort++;
    return inShort === long.length ? 1 : 2;
  }
  // single words with a typo ("unilever" / "uniliver"); words run together ("gist brocades" / "gistbrocades")
  if (short.length === 1 && long.length === 1 && jaroWinklerAtLeast(joinedA, joinedB, 0.92) && typoApart(joinedA, joinedB)) return 1;
  if (joinedA.length >= 6 && joinedA.length === joinedB.length && [...joinedA].sort().join('') === [...joinedB].sort().join('')) return 1;
  // one name run together inside the other ("philips" in "philipsgloeilampenfab")
  const inner = joinedA.length <= joinedB.length ? joinedA : joinedB;
  const outer = joinedA.length <= joinedB.length ? joinedB : joinedA;
  if (inner.length >= 5 && outer.includes(inner)) return 2;
  return inLong > 0 ? 3 : 4;
}

function addressLevel(c: Column & Extra, x: number, y: number): number {
  const nx = c.number![x]!;
  const ny = c.number![y]!;
  if (nx && ny && nx !== ny) return 3;
  const ta = c.tokens![x]!;
  const tb = c.tokens![y]!;
  let found = 0;
  for (const t of ta) if (hasWord(tb, t)) found++;
  const share = found / Math.max(ta.length, tb.length);
  if (share >= 0.75) return 1;
  if (nx && nx === ny) return 2;
  return 4;
}

function dobLevel(a: string, b: string, dayA: number, dayB: number): number {
  if (a.length === 8 && b.length === 8) {
    if (oneApart(a, b)) return 1;
    const gap = Math.abs(dayA - dayB);
    if (gap <= 31) return 1;
    const sameYear = a.charCodeAt(0) === b.charCodeAt(0) && a.charCodeAt(1) === b.charCodeAt(1) && a.charCodeAt(2) === b.charCodeAt(2) && a.charCodeAt(3) === b.charCodeAt(3);
    if (sameYear && a[4] === b[6] && a[5] === b[7] && a[6] === b[4] && a[7] === b[5]) return 1; // day and month swapped
    if (gap <= 366 || (sameYear && ((a[4] === b[4] && a[5] === b[5]) || (a[6] === b[6] && a[7] === b[7])))) return 2;
    return 3;
  }
  return a.length === b.length && oneApart(a, b) ? 1 : 3;
}

/** Two email domains one typo apart (cached per pair of domains: a batch has few). */
function similarDomains(c: Column & Extra, dx: number, dy: number): boolean {
  const k = c.domainKeys!.length;
  const key = dx < dy ? dx * k + dy : dy * k + dx;
  const cache = c.domainPairs!;
  let v = cache instanceof Int8Array ? cache[key]! : (cache.get(key) ?? -1);
  if (v < 0) {
    // a mistyped domain is a few edits from the real one, at most 30% of its length (Splink's fake_1000:
    // nichols / nnichls, hopkins / honkips); a shared beginning is not enough (polarenergy.com and
    // polarhealth.com are two companies), nor are two personal providers one another's typo (gmail, hotmail)
    const a = c.domainKeys![dx]!;
    const b = c.domainKeys![dy]!;
    const edits = Math.max(2, Math.floor(0.3 * Math.min(a.length, b.length)));
    v = !(c.free![dx] && c.free![dy]) && jaroWinklerAtLeast(a, b, 0.85) && editDistance(a, b, edits) <= edits ? 1 : 0;
    if (cache instanceof Int8Array) cache[key] = v;
    else cache.set(key, v);
  }
  return v === 1;
}

/** Level of two different value ids of a role (exact agreement is handled by the caller). */
export function fuzzyLevel(role: MatchRole, c: Column & Extra, x: number, y: number): number {
  if (role === 'phone') return phoneLevel(c, x, y); // (first: it never reads the text)
  // (the texts are read where they are needed: most pairs of addresses are told apart by their domains,
  // and each read is a jump to another part of the heap; issue 12)
  switch (role) {
    case 'firstName':
    case 'lastName':
      return nameLevel(c, x, y);
    case 'city': {
      const a = c.keys[x]!;
      const b = c.keys[y]!;
      return jaroWinklerAtLeast(a, b, 0.88) || (a.length >= 5 && editDistance(a, b, 2) <= 2) ? 1 : 2;
    }
    case 'email': {
      // la and lb: the mailbox names' lengths
      const la = c.at![x]!;
      const lb = c.at![y]!;
      const dx = c.domainId![x]!;
      const dy = c.domainId![y]!;
      if (dx === dy || similarDomains(c, dx, dy)) {
        const a = c.keys[x]!;
        const b = c.keys[y]!;
        // jane.doe and jane.doe2 are two mailboxes (a CRM's way to tell namesakes apart), not a typo
        if (dx === dy && sameLocal(a, la, b, lb, true)) return 2;
        if (sameLocal(a, la, b, lb, false)) return 1; // the same mailbox at a mistyped domain (simpson.com / spmnison.com)
        const allowed = la >= 8 ? 2 : 1;
        // (editDistance gives up at once on lengths further apart than allowed)
        return editDistance(a, b, allowed, la, lb) <= allowed ? 1 : 2;
      }
      // the same mailbox name at another personal provider
      return c.free![dx] && c.free![dy] && la >= 5 && sameLocal(c.keys[x]!, la, c.keys[y]!, lb, false) ? 1 : 2;
    }
    case 'domain': {
      // a typo in the name, under one ending: "globex.de" and "globex.fr" are not one mistyped
      const a = c.keys[x]!;
      const b = c.keys[y]!;
      const ia = a.indexOf('.');
      const ib = b.indexOf('.');
      const la = ia < 0 ? a : a.slice(0, ia);
      const lb = ib < 0 ? b : b.slice(0, ib);
      return a.slice(la.length) === b.slice(lb.length) && jaroWinklerAtLeast(la, lb, 0.92) && typoApart(la, lb) ? 1 : 2;
    }
    case 'company':
      // a record id where a name should be (a Data Loader export's AccountId): the same account or another,
      // never "close" ("001…rUQAQ" and "001…rUQAR" are two accounts)
      if (looksLikeRecordId(c.keys[x]!) || looksLikeRecordId(c.keys[y]!)) return 4;
      return wordsLevel(c.tokens![x]!, c.tokens![y]!, c.joined![x]!, c.joined![y]!);
    case 'address':
      return addressLevel(c, x, y);
    case 'postcode':
      return oneApart(c.keys[x]!, c.keys[y]!) ? 1 : 2;
    case 'state':
      return 1;
    case 'dob':
      return dobLevel(c.keys[x]!, c.keys[y]!, c.day![x]!, c.day![y]!);
  }
}

/** A level given for a reason beyond its label, for the evidence. */
export const SWAPPED = 'first and last name swapped';
