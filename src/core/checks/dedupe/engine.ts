/**
 * Record linkage for the duplicate_record check: blocking, per-field comparison by role, weighted
 * scoring, and grouping with a guard against chaining. Pure: it takes text by role and returns groups
 * with the evidence for every link, so the add-on, the CLI and the benchmarks run the same engine.
 */
import { jaroWinkler, editDistance, tokenSimilarity } from './similarity';
import * as N from './normalize';

export const MATCH_ROLES = ['firstName', 'lastName', 'email', 'phone', 'company', 'domain', 'address', 'city', 'postcode', 'state', 'dob'] as const;
export type MatchRole = (typeof MATCH_ROLES)[number];
export type Shape = 'person' | 'organization';

export interface FieldWeight { agree: number; disagree: number }

export interface MatchConfig {
  shape: Shape;
  /** A pair at or above this score is a duplicate. */
  threshold: number;
  /** A pair at or above this (and below threshold) is a possible duplicate, reviewed with lower severity. */
  possibleThreshold: number;
  weights: Record<MatchRole, FieldWeight>;
  /**
   * Two groups are joined only if the mean score over all their cross pairs reaches this: a link that
   * only one pair supports (a shared family mailbox, a switchboard number) cannot chain two groups.
   */
  chainGuard: number;
}

/** Defaults per record shape, set once on the labelled data sets (see npm run bench:dedupe), not per file. */
export const DEFAULT_MATCH: Record<Shape, Omit<MatchConfig, 'shape'>> = {
  person: {
    threshold: 5, possibleThreshold: 4, chainGuard: 2,
    weights: {
      firstName: { agree: 3, disagree: 2.5 }, lastName: { agree: 4, disagree: 3 }, email: { agree: 7, disagree: 1.5 },
      phone: { agree: 5, disagree: 1 }, company: { agree: 2, disagree: 2.5 }, domain: { agree: 1, disagree: 0.5 },
      address: { agree: 4, disagree: 2 }, city: { agree: 1.5, disagree: 1 }, postcode: { agree: 2, disagree: 1.5 },
      state: { agree: 0.5, disagree: 0.5 }, dob: { agree: 5, disagree: 1.5 },
    },
  },
  organization: {
    threshold: 6, possibleThreshold: 4.5, chainGuard: 4.5,
    weights: {
      firstName: { agree: 1, disagree: 0.5 }, lastName: { agree: 1, disagree: 0.5 }, email: { agree: 4, disagree: 1 },
      phone: { agree: 6, disagree: 1.5 }, company: { agree: 6, disagree: 4 }, domain: { agree: 5, disagree: 1 },
      address: { agree: 4, disagree: 2 }, city: { agree: 1.5, disagree: 1 }, postcode: { agree: 2, disagree: 1.5 },
      state: { agree: 0.5, disagree: 0.5 }, dob: { agree: 0, disagree: 0 },
    },
  },
};

export function defaultMatchConfig(shape: Shape): MatchConfig {
  const d = DEFAULT_MATCH[shape];
  return { shape, ...d, weights: { ...d.weights } };
}

/** A record's values by role, raw; several headers for one role are joined with a space. */
export type MatchValues = Partial<Record<MatchRole, string>>;

interface Prepared {
  /** first: canonical given name (nicknames resolved); firstRaw: as written, for swap detection. */
  first: string; firstRaw: string; last: string; email: string; emailLocal: string; emailDomainPart: string; phone: string;
  company: string[]; companyJoined: string; companySorted: string; domain: string; emailFree: boolean;
  address: string[]; addressSorted: string; addressNumber: string;
  city: string; postcode: string; state: string; dob: string;
}

function prepare(v: MatchValues): Prepared {
  const email = v.email ? N.email(v.email) : '';
  const emailDomain = N.emailDomain(email);
  const company = v.company ? N.companyCore(N.companyTokens(v.company)) : [];
  const address = v.address ? N.addressTokens(v.address) : [];
  return {
    first: v.firstName ? N.givenName(v.firstName) : '',
    firstRaw: v.firstName ? N.letters(v.firstName) : '',
    last: v.lastName ? N.letters(v.lastName) : '',
    email,
    emailLocal: email ? email.slice(0, email.lastIndexOf('@')) : '',
    emailDomainPart: emailDomain,
    phone: v.phone ? N.phone(v.phone) : '',
    company,
    companyJoined: company.join(''),
    companySorted: [...company].sort().join(' '),
    emailFree: N.FREE_MAIL.has(emailDomain),
    addressSorted: [...address].sort().join(' '),
    domain: v.domain ? N.domainLabel(v.domain) : emailDomain && !N.FREE_MAIL.has(emailDomain) ? N.domainLabel(emailDomain) : '',
    address,
    addressNumber: address.find((t) => /^\d/.test(t)) ?? '',
    city: v.city ? N.letters(v.city) : '',
    postcode: v.postcode ? N.plain(v.postcode).replace(/\s+/g, '') : '',
    state: v.state ? N.letters(v.state) : '',
    dob: v.dob ? N.digits(v.dob) : '',
  };
}

/** One compared field of a pair, for the evidence. */
export interface FieldComparison { role: MatchRole; similarity: number; points: number; how: string }

export interface PairScore { a: number; b: number; score: number; fields: FieldComparison[] }

function points(sim: number, w: FieldWeight): number {
  if (sim >= 0.97) return w.agree;
  if (sim >= 0.92) return 0.7 * w.agree;
  if (sim >= 0.85) return 0.35 * w.agree;
  if (sim >= 0.75) return 0;
  return -w.disagree;
}

/** Name pairs repeat a lot (a batch has far fewer distinct names than pairs): their similarity is cached. */
/** A symmetric similarity cache in two levels, so a lookup builds no key string. */
class PairCache {
  private readonly map = new Map<string, Map<string, number>>();
  private size = 0;
  constructor(private readonly limit: number) {}
  get(a: string, b: string, compute: () => number): number {
    const p = a < b ? a : b;
    const q = a < b ? b : a;
    let inner = this.map.get(p);
    if (!inner) this.map.set(p, (inner = new Map()));
    let v = inner.get(q);
    if (v === undefined) {
      v = compute();
      if (++this.size > this.limit) { this.map.clear(); this.size = 0; }
      else inner.set(q, v);
    }
    return v;
  }
}

const nameCache = new PairCache(500_000);

function cachedJw(a: string, b: string): number {
  return a === b ? 1 : nameCache.get(a, b, () => jaroWinkler(a, b));
}

const companyCache = new PairCache(200_000);

function companySimilarity(x: Prepared, y: Prepared): number {
  if (x.companySorted === y.companySorted) return 1;
  return companyCache.get(x.companySorted, y.companySorted, () => tokenSimilarity(x.company, y.company, x.companySorted, y.companySorted));
}

function nameSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 1 || b.length === 1) return a[0] === b[0] ? 0.9 : 0; // an initial
  return cachedJw(a, b);
}

/** Same length and one digit different: a typo (the usual case, without an edit-distance table). */
function oneDigitApart(a: string, b: string): boolean {
  if (a.length !== b.length) return editDistance(a, b, 1) <= 1;
  let diff = 0;
  for (let i = 0; i < a.length && diff < 2; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) diff++;
  return diff <= 1;
}

/** Dates of birth as digits (YYYYMMDD): a typo or swapped day and month is close; same year and month or day, partly. */
function dobSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 8 && b.length === 8) {
    if (a.slice(0, 4) === b.slice(0, 4) && a.slice(4, 6) === b.slice(6, 8) && a.slice(6, 8) === b.slice(4, 6)) return 0.9;
    if (oneDigitApart(a, b)) return 0.9;
    if (a.slice(0, 4) === b.slice(0, 4) && (a.slice(4, 6) === b.slice(4, 6) || a.slice(6, 8) === b.slice(6, 8))) return 0.85;
    return 0;
  }
  return a.length === b.length && oneDigitApart(a, b) ? 0.9 : 0;
}

/** The most a pair can still gain from the fields not compared yet, for early exit. */
function potential(x: Prepared, y: Prepared, w: MatchConfig['weights'], namesDone = false): number {
  let p = 0;
  if (!namesDone && ((x.first && y.first) || (x.last && y.last))) p += w.firstName.agree + w.lastName.agree;
  if ((x.company.length && y.company.length) || (x.companyJoined && y.domain) || (y.companyJoined && x.domain)) p += w.company.agree;
  if (x.domain && y.domain) p += w.domain.agree;
  if (x.address.length && y.address.length) p += w.address.agree;
  if (x.city && y.city) p += w.city.agree;
  if (x.postcode && y.postcode) p += w.postcode.agree;
  if (x.state && y.state) p += w.state.agree;
  if (x.dob && y.dob) p += w.dob.agree;
  return p;
}

/**
 * Compares two prepared records field by field; fields missing on either side count nothing. With a
 * `floor`, it stops as soon as the pair cannot reach it (the cheap, decisive fields come first).
 */
export function comparePrepared(x: Prepared, y: Prepared, cfg: MatchConfig, floor = -Infinity, explain = true): { score: number; fields: FieldComparison[] } {
  const fields: FieldComparison[] = [];
  return { score: compareInto(x, y, cfg, floor, explain ? fields : null), fields };
}

/** The score alone, allocating nothing: what blocking runs on millions of pairs. */
function scorePair(x: Prepared, y: Prepared, cfg: MatchConfig, floor: number): number {
  return compareInto(x, y, cfg, floor, null);
}

function compareInto(x: Prepared, y: Prepared, cfg: MatchConfig, floor: number, fields: FieldComparison[] | null): number {
  let score = 0;
  const w = cfg.weights;
  const add = (role: MatchRole, similarity: number, how: string): void => {
    const p = points(similarity, w[role]);
    score += p;
    if (fields) fields.push({ role, similarity, points: p, how });
  };
  if (x.email && y.email) {
    if (x.email === y.email) add('email', 1, 'same address (case, spaces and plus-tags ignored)');
    else if (x.emailFree && y.emailFree && x.emailLocal === y.emailLocal && x.emailLocal.length >= 5) add('email', 0.85, 'same mailbox name at another personal provider');
    else {
      // a typo in one mailbox: same domain, nearly the same name before the @
      const allowed = x.emailLocal.length >= 8 ? 2 : 1;
      const typo = x.emailDomainPart === y.emailDomainPart && editDistance(x.emailLocal, y.emailLocal, allowed) <= allowed;
      add('email', typo ? 0.9 : 0, typo ? 'nearly the same address' : 'different address');
    }
  }
  if (x.phone && y.phone) add('phone', x.phone === y.phone ? 1 : oneDigitApart(x.phone, y.phone) ? 0.9 : 0, x.phone === y.phone ? 'same digits' : 'digits differ');
  if (score + potential(x, y, w) < floor) return -Infinity;
  if (x.first && y.first && x.last && y.last) {
    let f = nameSimilarity(x.first, y.first);
    let l = cachedJw(x.last, y.last);
    let how = 'Jaro-Winkler';
    if (f < 0.85 && l < 0.85) {
      const sf = nameSimilarity(x.firstRaw, y.last);
      const sl = nameSimilarity(x.last, y.firstRaw);
      if (sf >= 0.92 && sl >= 0.92) { f = l = Math.min(sf, sl); how = 'first and last name swapped'; }
    }
    add('firstName', f, how);
    add('lastName', l, how);
  } else {
    if (x.first && y.first) add('firstName', nameSimilarity(x.first, y.first), 'Jaro-Winkler');
    if (x.last && y.last) add('lastName', cachedJw(x.last, y.last), 'Jaro-Winkler');
  }
  if (score + potential(x, y, w, true) < floor) return -Infinity;
  if (x.company.length && y.company.length) add('company', companySimilarity(x, y), 'legal forms and punctuation removed');
  else if (x.companyJoined && y.domain) add('company', x.companyJoined === y.domain ? 0.95 : 0.5, 'company name against email domain');
  else if (y.companyJoined && x.domain) add('company', y.companyJoined === x.domain ? 0.95 : 0.5, 'company name against email domain');
  if (x.domain && y.domain) add('domain', x.domain === y.domain ? 1 : jaroWinkler(x.domain, y.domain), 'company domain');
  if (x.address.length && y.address.length) {
    let s = tokenSimilarity(x.address, y.address, x.addressSorted, y.addressSorted);
    if (x.addressNumber && y.addressNumber && x.addressNumber !== y.addressNumber) s *= 0.7;
    add('address', s, 'street words abbreviated, tokens compared');
  }
  if (x.city && y.city) add('city', cachedJw(x.city, y.city), 'Jaro-Winkler');
  if (x.postcode && y.postcode) add('postcode', x.postcode === y.postcode ? 1 : editDistance(x.postcode, y.postcode, 1) <= 1 ? 0.85 : 0, 'postcode');
  if (x.state && y.state) add('state', x.state === y.state ? 1 : 0, 'state');
  if (x.dob && y.dob && w.dob.agree > 0) add('dob', dobSimilarity(x.dob, y.dob), 'date');
  return score;
}

/** Keys whose records are compared with each other. Several per record, so one typo does not hide a pair. */
function blockingKeys(p: Prepared, shape: Shape): string[] {
  const keys: string[] = [];
  if (p.email) keys.push(`e:${p.email}`);
  if (p.emailLocal.length >= 5) keys.push(`l:${p.emailLocal}`);
  if (p.phone) keys.push(`p:${p.phone}`);
  if (shape === 'person') {
    if (p.last) keys.push(`n:${N.soundex(p.last)}${p.first[0] ?? ''}`);
    if (p.first) keys.push(`n:${N.soundex(p.first)}${p.last[0] ?? ''}`);
    if (p.dob.length >= 6) keys.push(`d:${p.dob}`);
    if (p.postcode && (p.first || p.last)) keys.push(`z:${p.postcode}${(p.first || p.last)[0]}`);
  } else {
    if (p.domain) keys.push(`w:${p.domain}`);
    // each identifying word by sound (Philips, Phillips), and the name's first letters (PHILIPSGLOEILAMPENFAB)
    for (const t of p.company) if (t.length >= 3) keys.push(`o:${N.soundex(t)}`);
    if (p.companyJoined.length >= 5) keys.push(`j:${p.companyJoined.slice(0, 5)}`);
    if (p.addressNumber && p.address.length > 1) keys.push(`a:${p.addressNumber} ${p.address.find((t) => !/^\d/.test(t)) ?? ''}`);
  }
  return keys;
}

export interface LinkResult {
  /** Groups of record indexes (size ≥ 2), each with the pairs that joined it. */
  groups: { members: number[]; links: PairScore[] }[];
  /** Pairs between the possible threshold and the threshold, not in one group. */
  possible: PairScore[];
  /** Distinct pairs compared, and all pairs there are. */
  compared: number;
  totalPairs: number;
}

/** A set of record pairs in a flat open-addressing table: millions of pairs without a JS object each. */
class PairSet {
  private table: Float64Array;
  constructor(expected: number) {
    let size = 1 << 16;
    while (size < expected * 2) size *= 2;
    this.table = new Float64Array(size).fill(-1);
  }
  private count = 0;
  get size(): number { return this.count; }
  /** Adds the pair key; false if it was there already. */
  add(key: number): boolean {
    if (this.count * 2 >= this.table.length) this.grow();
    const mask = this.table.length - 1;
    let slot = (Math.imul(key % 2147483647 | 0, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const v = this.table[slot]!;
      if (v === key) return false;
      if (v === -1) { this.table[slot] = key; this.count++; return true; }
      slot = (slot + 1) & mask;
    }
  }
  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2).fill(-1);
    this.count = 0;
    for (const v of old) if (v !== -1) this.add(v);
  }
}

/** Blocks larger than this are compared by sorted neighbourhood rather than all pairs. */
const FULL_BLOCK = 40;
const WINDOW = 5;

export function linkRecords(values: readonly MatchValues[], cfg: MatchConfig): LinkResult {
  const n = values.length;
  const prepared = values.map(prepare);
  // most keys (an email, a phone) belong to one record: a block becomes an array only when it has two
  const blocks = new Map<string, number | number[]>();
  prepared.forEach((p, i) => {
    for (const key of blockingKeys(p, cfg.shape)) {
      const block = blocks.get(key);
      if (block === undefined) blocks.set(key, i);
      else if (typeof block === 'number') blocks.set(key, [block, i]);
      else block.push(i);
    }
  });
  const sortKey = prepared.map((p) => `${p.last} ${p.first} ${p.companyJoined} ${p.email}`);
  const seen = new PairSet(n * (WINDOW + 3) * 2);
  const scored: PairScore[] = [];
  const consider = (i: number, j: number): void => {
    const a = i < j ? i : j;
    const b = i < j ? j : i;
    const key = a * n + b;
    if (!seen.add(key)) return;
    const score = scorePair(prepared[a]!, prepared[b]!, cfg, cfg.possibleThreshold);
    if (score >= cfg.possibleThreshold) scored.push({ a, b, score, fields: [] });
  };
  for (const members of blocks.values()) {
    if (typeof members === 'number') continue;
    if (members.length <= FULL_BLOCK) {
      for (let x = 0; x < members.length; x++) for (let y = x + 1; y < members.length; y++) consider(members[x]!, members[y]!);
    } else {
      // sorted neighbourhood over distinct keys: records with the same key are chained to each other,
      // and each record meets the next WINDOW distinct keys, however long a run of one key is
      const sorted = [...members].sort((p, q) => (sortKey[p]! < sortKey[q]! ? -1 : sortKey[p]! > sortKey[q]! ? 1 : 0));
      const runEnd = new Array<number>(sorted.length);
      for (let x = sorted.length - 1; x >= 0; x--) {
        runEnd[x] = x + 1 < sorted.length && sortKey[sorted[x + 1]!] === sortKey[sorted[x]!] ? runEnd[x + 1]! : x + 1;
      }
      for (let x = 0; x < sorted.length; x++) {
        if (runEnd[x]! > x + 1) consider(sorted[x]!, sorted[x + 1]!);
        for (let y = runEnd[x]!, seen = 0; y < sorted.length && seen < WINDOW; y = runEnd[y]!, seen++) consider(sorted[x]!, sorted[y]!);
      }
    }
  }
  return { ...group(scored, prepared, cfg), compared: seen.size, totalPairs: (n * (n - 1)) / 2 };
}

/** Joins matching pairs into groups, strongest first; two groups join only if their records agree on the whole. */
function group(scored: PairScore[], prepared: Prepared[], cfg: MatchConfig): Pick<LinkResult, 'groups' | 'possible'> {
  const matches = scored.filter((s) => s.score >= cfg.threshold).sort((p, q) => q.score - p.score);
  const groupOf = new Map<number, number[]>();
  const links = new Map<number[], PairScore[]>();
  const members = (i: number): number[] => {
    let g = groupOf.get(i);
    if (!g) {
      g = [i];
      groupOf.set(i, g);
      links.set(g, []);
    }
    return g;
  };
  const unjoined: PairScore[] = [];
  for (const pair of matches) {
    const ga = members(pair.a);
    const gb = members(pair.b);
    if (ga === gb) {
      links.get(ga)!.push(pair);
      continue;
    }
    if (ga.length > 1 || gb.length > 1) {
      // mean score across the two groups (at most 8 x 8 records, so a large group costs no more)
      let total = 0;
      let count = 0;
      for (const x of ga.slice(0, 8)) for (const y of gb.slice(0, 8)) { total += scorePair(prepared[x]!, prepared[y]!, cfg, -Infinity); count++; }
      if (total / count < cfg.chainGuard) {
        unjoined.push(pair);
        continue;
      }
    }
    const [big, small] = ga.length >= gb.length ? [ga, gb] : [gb, ga];
    for (const i of small) { big.push(i); groupOf.set(i, big); }
    links.get(big)!.push(...links.get(small)!, pair);
    links.delete(small);
  }
  const explain = (pair: PairScore): PairScore => ({ ...pair, fields: comparePrepared(prepared[pair.a]!, prepared[pair.b]!, cfg).fields });
  const groups = [...links.entries()].filter(([g]) => g.length > 1).map(([g, l]) => ({ members: [...g].sort((p, q) => p - q), links: l.map(explain) }));
  const together = (a: number, b: number): boolean => groupOf.has(a) && groupOf.get(a) === groupOf.get(b);
  const possible = scored.filter((s) => s.score < cfg.threshold && !together(s.a, s.b));
  return { groups, possible: [...possible, ...unjoined].map(explain) };
}

/** Compares two records given as raw values by role (diagnostics and tests). */
export function comparePreparedRaw(a: MatchValues, b: MatchValues, cfg: MatchConfig): { score: number; fields: FieldComparison[] } {
  return comparePrepared(prepare(a), prepare(b), cfg);
}
