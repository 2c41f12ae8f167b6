import { isBlank } from '../text/cells';
import { columnDateParser } from '../text/dates';
import {
  DEFAULT_DUPLICATES_PER_RECORD,
  defaultMatchConfig,
  type FieldEvidence,
  type Group,
  linkColumns,
  type LinkResult,
  type MatchConfig,
  MATCH_ROLES,
  type MatchRole,
  type Model,
  type PairScore,
  type Shape,
  type ValueColumns,
} from './dedupe/engine';
import { isMask } from '../intake/masking';
import type { PresetId, Role } from '../intake/rules';
import { type Check, type CheckContext, finding, type Finding, websiteColumn } from './types';

/** Match roles filled from the Rules' field roles unless duplicates.match says otherwise. */
const FROM_FIELDS: Partial<Record<MatchRole, Role>> = {
  firstName: 'firstName',
  lastName: 'lastName',
  email: 'email',
  phone: 'phone',
  company: 'company',
  domain: 'domain',
};

/**
 * Where a person is (the preset's location: city, postcode, state), compared unless duplicates.match
 * says otherwise, and only on records with neither an email nor a phone (`whereOnlyWithoutIdentity`).
 * Without it an export of such records (a form's leads, Febrl's people) had only names, and names alone
 * never make a merge. Records that can be told apart by email or phone are not compared by where they
 * sit: colleagues share an office's city and postcode, and an evaluator's B2B exports lost half their
 * duplicate precision when they were (the batch's model learned each office as one person).
 * Organisations are not compared by it by default: chains, franchisees and same-word companies of one
 * city were grouped.
 */
const locationOf = (ctx: CheckContext, role: MatchRole): readonly string[] | undefined =>
  role === 'city' || role === 'postcode' || role === 'state' ? ctx.preset.location?.[role] : undefined;

/**
 * What a preset's records are. A contacts export whose name columns are not approved is still people:
 * read as organisations, two colleagues with one company name would be one record.
 */
const PRESET_SHAPE: Partial<Record<PresetId, Shape>> = {
  'hubspot-contacts': 'person',
  'salesforce-contacts': 'person',
  'salesforce-leads': 'person',
  'hubspot-companies': 'organization',
  'salesforce-accounts': 'organization',
};

export const MERGE_PREFIX = 'Merge into ';
export const SURVIVOR_VALUE = 'Keep as survivor';
export const KEEP_MARK = 'Fields to keep from this record: ';

export function matchSetup(ctx: CheckContext): { cfg: MatchConfig; columns: [MatchRole, number[]][]; whereWithoutIdentity: MatchRole[] } | undefined {
  const d = ctx.rules.duplicates;
  let columns: [MatchRole, number[]][] = [];
  // the location roles read by default (not named by duplicates.match)
  let where: MatchRole[] = [];
  for (const role of MATCH_ROLES) {
    const location = locationOf(ctx, role);
    const byDefault = !d.match?.[role] && location !== undefined;
    const headers = d.match?.[role] ?? (FROM_FIELDS[role] ? [ctx.rules.fields[FROM_FIELDS[role]!]].filter((h): h is string => !!h) : (location ?? []));
    // (each column once: a preset's spellings of one column, City and city, name it twice)
    const cols = [...new Set(headers.map((h) => ctx.column(h)).filter((c) => c >= 0))];
    // (a blank domain read from the website beside it, as the first filled value of the two)
    const website = role === 'domain' && !d.match?.domain ? websiteColumn(ctx) : -1;
    if (website >= 0) cols.push(website);
    // (Salesforce keeps a name's Jr. or III in a Suffix field: read after the last name, as one text,
    // so a father and son are told apart as when it is written into the last name)
    const suffix = role === 'lastName' && !d.match?.lastName && cols.length ? ctx.column('Suffix') : -1;
    if (suffix >= 0) cols.push(suffix);
    if (!cols.length) continue;
    columns.push([role, cols]);
    if (byDefault) where.push(role);
  }
  const has = (r: MatchRole): boolean => columns.some(([role]) => role === r);
  const shape: Shape = d.shape ?? PRESET_SHAPE[ctx.rules.preset] ?? (has('firstName') || has('lastName') ? 'person' : 'organization');
  if (shape === 'organization' && where.length) {
    columns = columns.filter(([role]) => !where.includes(role));
    where = [];
  }
  if (columns.length === 0) return undefined;
  const base = defaultMatchConfig(shape);
  const threshold = d.threshold ?? base.threshold;
  return {
    columns,
    whereWithoutIdentity: where,
    cfg: {
      ...base,
      threshold,
      possibleThreshold: d.possibleThreshold ?? Math.min(base.possibleThreshold, threshold),
      maxGroupSize: d.maxGroupSize ?? base.maxGroupSize,
      learn: d.learn ?? base.learn,
    },
  };
}

const signedText = (w: number): string => `${w >= 0 ? '+' : '\u2212'}${Math.abs(w).toFixed(1)}`;
/** A weight as text, once per distinct weight (issue 12: a batch's waterfalls repeat the model's few weights). */
const signedTexts = new Map<number, string>();
const signed = (w: number): string => {
  let text = signedTexts.get(w);
  if (text === undefined) {
    text = signedText(w);
    if (signedTexts.size < 10_000) signedTexts.set(w, text);
  }
  return text;
};
/** Whitespace other than single spaces: only then is the value's spacing rewritten (issue 12: most values have none). */
const ODD_SPACE = /\s\s|[^\S ]/;
const quote = (v: string): string => {
  const trimmed = v.trim();
  const t = ODD_SPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
  return `"${t.length > 40 ? `${t.slice(0, 39)}\u2026` : t}"`;
};
// thousands grouped by hand: no reliance on the runtime's locale data (Apps Script)
const oneIn = (p: number): string => (p >= 0.5 ? 'half' : `1 in ${String(Math.round(1 / p)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`);

/** The prior in words, once per model (issue 12: every pair of a batch quotes the same prior). */
const priorTexts = new WeakMap<Model, string>();
function priorText(model: Model): string {
  let text = priorTexts.get(model);
  if (text === undefined) priorTexts.set(model, (text = describePrior(model)));
  return text;
}

/** The prior in words: what share of pairs match, and where that came from. */
function describePrior(model: Model): string {
  const source = model.learned === 'defaults' ? `default: ${DEFAULT_DUPLICATES_PER_RECORD} duplicates per record, batch too small to learn from` : `learned from this batch`;
  return `prior ${signed(model.priorWeight)} (${oneIn(model.prior)} pairs of records match, ${source})`;
}

/** The waterfall of one pair: prior, each compared field with its value pair, level and weight, total and probability. */
export function waterfall(pair: PairScore, model: Model, labels: ReadonlyMap<MatchRole, string>, against: string): string {
  const label = (f: FieldEvidence): string => labels.get(f.role)!;
  const fields = pair.fields.map((f) => `${label(f)} ${quote(f.a)} vs ${quote(f.b)}: ${f.level}, ${signed(f.weight)}`);
  const common = pair.fields.filter((f) => f.common).map((f) => `${label(f)} ${quote(f.a)} (held by ${f.common!.count} records, ${signed(-f.common!.by)})`);
  const commonText = common.length ? ` Down-weighted as common in this batch: ${common.join('; ')}.` : '';
  return `${priorText(model)}; ${fields.join('; ')}; total ${signed(pair.weight)}, match probability ${pair.probability.toFixed(3)} ${against}.${commonText}`;
}

/**
 * `duplicate_record`: the record and at least one other refer to the same person or company. Every
 * record of a group is flagged, each with the pair that tied it to the group as a waterfall of
 * weights, the survivor (most complete, then oldest, then with an active owner) and, for the others,
 * the fields the survivor should keep from them. A group above the size limit is reported as
 * suspicious (no merge proposed). Every other record with a pair at or above the possible threshold is
 * proposed as a possible duplicate (severity Low), strong pairs held out of a group included.
 */
export const duplicateRecord: Check = (ctx) => startDuplicateRecord(ctx, linkHere)();

/** Each match role's compared text per record (undefined: none), column by column. */
export type MatchColumns = { role: MatchRole; values: (string | undefined)[] }[];

/**
 * Runs `linkRecords` on the records' compared values, here or elsewhere: the call starts the work and
 * returns a join that gives its result. The CLI links in a worker thread while the other checks run
 * (issue 12: the engine is the largest single cost of a review); the add-on and the tests link here.
 * The values come column by column, which a worker's input packs from cheaply. A linker must give
 * exactly what `linkRecords` gives.
 */
export type Linker = (columns: MatchColumns, cfg: MatchConfig, ids: readonly string[]) => () => LinkResult;

export const linkHere: Linker = (columns, cfg, ids) => {
  const result = linkMatchColumns(columns, cfg, ids);
  return () => result;
};

/** linkRecords on the check's columns, read as they are (issue 12: no object per record). */
export function linkMatchColumns(columns: MatchColumns, cfg: MatchConfig, ids: readonly string[]): LinkResult {
  const byRole: ValueColumns = {};
  for (const c of columns) byRole[c.role] = c.values;
  return linkColumns(byRole, ids.length, cfg, ids);
}

/** The duplicate_record check in two halves: the linking starts now, the findings are built when joined. */
export function startDuplicateRecord(ctx: CheckContext, linker: Linker): () => Finding[] {
  const setup = matchSetup(ctx);
  if (!setup) return () => [];
  const columns = matchColumns(ctx.rows, setup.columns);
  const unlocated = whereOnlyWithoutIdentity(columns, setup.whereWithoutIdentity);
  const join = linker(
    columns,
    setup.cfg,
    ctx.rows.map((r) => r[ctx.idColumn]!),
  );
  return () => duplicateFindings(ctx, setup, join(), unlocated);
}

function duplicateFindings(ctx: CheckContext, setup: NonNullable<ReturnType<typeof matchSetup>>, result: LinkResult, unlocated: Uint8Array | undefined): Finding[] {
  const { cfg, columns } = setup;
  const labels = new Map(columns.map(([role, cols]) => [role, cols.map((c) => ctx.headers[c]).join(' + ')]));
  const rank = survivorRanking(ctx);
  const rule = `(Rules: duplicates, ${cfg.shape} defaults${ctx.rules.duplicates.threshold !== undefined || ctx.rules.duplicates.possibleThreshold !== undefined ? ', thresholds from the Rules' : ''})`;
  // the compared values of every record of a group: when any of them changes, so does the Evidence ID,
  // and a merge decided on the old values goes back to Pending (a location not compared, on a record
  // with an email or phone, is left out: its change changes nothing)
  const where = new Set(setup.whereWithoutIdentity);
  const compared = (i: number): string =>
    columns
      .filter(([role]) => !(unlocated?.[i] && where.has(role)))
      .map(([, cols]) => cols.map((c) => ctx.rows[i]![c]).join('\u0001'))
      .join('\u0002');
  const basisOf = (members: readonly number[]): string =>
    members
      .map((m) => `${ctx.rows[m]![ctx.idColumn]}\u0003${compared(m)}`)
      .sort()
      .join('\u0004');
  const env: Env = { ctx, cfg, labels, rank, rule, model: result.model, basisOf };
  const groupOf = new Map<number, Group>();
  for (const g of result.groups) for (const m of g.members) groupOf.set(m, g);
  // each group's survivor and why, ranked once (issue 12: its findings and its possible partners' read them)
  const rankOf = new Map<Group, { survivor: number; why: string }>();
  for (const g of result.groups) if (!g.suspicious) rankOf.set(g, rank.order(g.members));
  const possibleOf = new Map<number, LinkResult['possible']>();
  for (const p of result.possible) {
    for (const i of [p.a, p.b]) {
      const list = possibleOf.get(i);
      if (list) list.push(p);
      else possibleOf.set(i, [p]);
    }
  }
  const out: Finding[] = [];
  for (const g of result.groups) out.push(...(g.suspicious ? suspiciousFindings(env, g) : groupFindings(env, g, rankOf.get(g)!, possibleOf)));
  // possible duplicates: every record outside a group with a pair at or above the possible threshold
  for (let i = 0; i < ctx.rows.length; i++) {
    const list = possibleOf.get(i);
    if (!list || groupOf.has(i)) continue;
    out.push(possibleFinding(env, i, list, groupOf, rankOf));
  }
  return out;
}

/** An address-shaped email, or a phone of at least 7 digits: enough to tell a person apart by (junk such as "x" or "n/a" is not). */
const EMAIL_SHAPE = /[^\s@]@[^\s@]+\.[^\s@]/;
const PHONE_SHAPE = /(?:\d\D*){7}/;

/**
 * Takes the location roles' values out of records with an email or a phone, in place: where they sit
 * tells them apart from no one (see locationOf). Returns which records they were taken from (undefined:
 * no location role).
 */
export function whereOnlyWithoutIdentity(columns: MatchColumns, where: readonly MatchRole[]): Uint8Array | undefined {
  if (where.length === 0) return undefined;
  const email = columns.find((c) => c.role === 'email')?.values;
  const phone = columns.find((c) => c.role === 'phone')?.values;
  const known = (r: number): boolean => (email?.[r] !== undefined && EMAIL_SHAPE.test(email[r]!)) || (phone?.[r] !== undefined && PHONE_SHAPE.test(phone[r]!));
  const located = columns.filter((c) => where.includes(c.role));
  const n = located[0]?.values.length ?? 0;
  const out = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    if (!known(r)) continue;
    out[r] = 1;
    for (const c of located) c.values[r] = undefined;
  }
  return out;
}

/** Roles whose value is one token: two columns of them (an office and a mobile phone) are two values, not one text. */
const ONE_VALUE: ReadonlySet<MatchRole> = new Set(['email', 'phone', 'domain', 'postcode', 'dob']);

/**
 * Each record's compared text per match role: its non-blank, unmasked values of the role's columns,
 * joined with a space (a street and a city), or, for an email, phone, domain, postcode or date of birth,
 * the first of them (two phone numbers run together are no phone number). Plain loops (issue 12): no
 * map/filter/join arrays per record and role.
 */
export function matchColumns(rows: readonly (readonly string[])[], columns: readonly [MatchRole, number[]][]): MatchColumns {
  return columns.map(([role, cols]) => {
    const values = new Array<string | undefined>(rows.length);
    const one = ONE_VALUE.has(role);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      let text = '';
      for (let k = 0; k < cols.length; k++) {
        const x = row[cols[k]!];
        if (isBlank(x) || isMask(x!)) continue;
        text = text ? `${text} ${x}` : x!;
        if (one) break;
      }
      values[r] = text || undefined;
    }
    return { role, values };
  });
}

interface Env {
  ctx: CheckContext;
  cfg: MatchConfig;
  labels: ReadonlyMap<MatchRole, string>;
  rank: Ranking;
  rule: string;
  model: Model;
  basisOf: (members: readonly number[]) => string;
}

interface Ranking {
  order: (members: number[]) => { survivor: number; why: string };
  filled: (i: number) => number;
}

/**
 * The survivor rule: one the CRM lets change (Rules: readOnlyRecords; Salesforce keeps no converted lead
 * as a merge's master), then most complete, then oldest, then the one with an active owner, then the lowest id.
 */
function survivorRanking(ctx: CheckContext): Ranking {
  const createdCol = ctx.roleColumn('createdAt');
  const ownerCol = ctx.roleColumn('owner');
  // the column's day order is worked out only for a slash date that reads both ways (issue 12: not a
  // pass over every record's date for the few in a group)
  const parseCreated = createdCol >= 0 ? columnDateParser(() => ctx.rows.map((r) => r[createdCol]!), ctx.dateEvidence) : undefined;
  const filled = (i: number): number => ctx.rows[i]!.reduce((n, v) => n + (isBlank(v) || isMask(v) ? 0 : 1), 0);
  const created = (i: number): number => {
    if (!parseCreated) return Infinity;
    const p = parseCreated(ctx.rows[i]![createdCol]!);
    return p.ok ? p.day : Infinity;
  };
  const active = (i: number): number => (ownerCol >= 0 && ctx.roster.find(ctx.rows[i]![ownerCol]!)?.active ? 1 : 0);
  const readOnly = ctx.readOnlyRows();
  return {
    filled,
    order(members) {
      const scored = members.map((i) => ({ i, r: readOnly.has(i) ? 1 : 0, f: filled(i), c: created(i), a: active(i), id: ctx.rows[i]![ctx.idColumn]! }));
      scored.sort((x, y) => x.r - y.r || y.f - x.f || x.c - y.c || y.a - x.a || (x.id < y.id ? -1 : 1));
      const [best, next] = scored as [(typeof scored)[0], (typeof scored)[0] | undefined];
      const total = ctx.headers.length;
      const locked = best.r ? [] : scored.filter((s) => s.r).map((s) => `${s.id} (${readOnly.get(s.i)})`);
      const mark = locked.length ? `; the CRM refuses changes to ${locked.join(', ')} (Rules: readOnlyRecords)` : '';
      if (next && next.r !== best.r) return { survivor: best.i, why: `the only one the CRM lets change${mark}` };
      let why = `most complete (${best.f} of ${total} fields filled)`;
      if (next && next.f === best.f) {
        if (best.c !== next.c && Number.isFinite(best.c))
          why = `as complete as the others (${best.f} of ${total} fields), and oldest (${ctx.headers[createdCol]} ${ctx.rows[best.i]![createdCol]})`;
        else if (best.a !== next.a) why = `as complete and as old as the others, and its owner is active`;
        else why = `as complete and as old as the others; the lowest record id`;
      }
      return { survivor: best.i, why: mark ? `of those the CRM lets change, ${why}${mark}` : why };
    },
  };
}

const idOf = (ctx: CheckContext, i: number): string => ctx.rows[i]![ctx.idColumn]!;

/** Columns a merge can carry over to the survivor: all but the id and read-only fields (issue 12: found once, not per record). */
const keepableOf = new WeakMap<CheckContext, number[]>();
function keepable(ctx: CheckContext): number[] {
  let cols = keepableOf.get(ctx);
  if (!cols) {
    const readOnly = new Set(ctx.rules.readOnlyFields.map((r) => r.toLowerCase()));
    cols = ctx.headers.flatMap((h, c) => (c !== ctx.idColumn && !readOnly.has(h.toLowerCase()) ? [c] : []));
    keepableOf.set(ctx, cols);
  }
  return cols;
}

function fieldsToKeep(ctx: CheckContext, survivor: number, i: number): string {
  const id = idOf(ctx, survivor);
  // (a value naming the survivor itself, as a child's ParentId names its parent, is no field to keep)
  const keep = keepable(ctx).filter((c) => isBlank(ctx.rows[survivor]![c]) && !isBlank(ctx.rows[i]![c]) && !isMask(ctx.rows[i]![c]!) && ctx.rows[i]![c] !== id);
  return ` ${KEEP_MARK}${keep.length ? keep.map((c) => ctx.headers[c]).join(', ') : 'none'}.`;
}

/** Possible pairs of a grouped record with records outside its group: named, so none is lost. */
function heldOutText(env: Env, i: number, g: Group, possibleOf: ReadonlyMap<number, LinkResult['possible']>): string {
  const outside = (possibleOf.get(i) ?? []).filter((p) => !g.members.includes(p.a === i ? p.b : p.a));
  if (!outside.length) return '';
  const list = outside.map(
    (p) =>
      `${idOf(env.ctx, p.a === i ? p.b : p.a)} (match probability ${p.probability.toFixed(3)}${p.heldOut ? ', strong but kept out of this group because the two groups do not agree as a whole' : ''})`,
  );
  return ` Also a possible duplicate of ${list.join(', ')}: proposed on that record's row.`;
}

function groupFindings(env: Env, g: Group, { survivor, why }: { survivor: number; why: string }, possibleOf: ReadonlyMap<number, LinkResult['possible']>): Finding[] {
  const { ctx } = env;
  // (the first 20 others: a large group's every row listing every member would grow as its square)
  const others = (i: number): string => {
    const rest = g.members.filter((m) => m !== i);
    const listed = rest.slice(0, 20).map((m) => idOf(ctx, m));
    return `${listed.join(', ')}${rest.length > 20 ? ` and ${rest.length - 20} more` : ''}`;
  };
  const basis = env.basisOf(g.members);
  return g.members.map((i) => {
    const pairText = linkText(env, g, i);
    const head = `Duplicate group of ${g.members.length}: this record and ${others(i)}.`;
    const tail = i === survivor ? '' : fieldsToKeep(ctx, survivor, i);
    return finding(ctx, ctx.rows[i]!, {
      check: 'duplicate_record',
      field: ctx.headers[ctx.idColumn]!,
      currentValue: idOf(ctx, i),
      proposedValue: i === survivor ? SURVIVOR_VALUE : `${MERGE_PREFIX}${idOf(ctx, survivor)}`,
      evidence: `${head} ${pairText}${heldOutText(env, i, g, possibleOf)} Survivor ${idOf(ctx, survivor)}: ${why}.${tail}`,
      severity: 'Medium',
      reason: i === survivor ? 'Duplicate: proposed survivor' : 'Duplicate: merge into the survivor',
      basis,
    });
  });
}

/** A group too large to be one merge: each record is reported for review, no merge is proposed. */
function suspiciousFindings(env: Env, g: Group): Finding[] {
  const { ctx, cfg } = env;
  const basis = env.basisOf(g.members);
  // its members (the first ten), the same on each of its rows: the rows of one group can be told apart
  const listed = g.members.slice(0, 10).map((m) => idOf(ctx, m));
  const members = `${listed.join(', ')}${g.members.length > 10 ? ` and ${g.members.length - 10} more` : ''}`;
  return g.members.map((i) => {
    return finding(ctx, ctx.rows[i]!, {
      check: 'duplicate_record',
      field: ctx.headers[ctx.idColumn]!,
      currentValue: idOf(ctx, i),
      proposedValue: '',
      evidence: `Suspicious duplicate group of ${g.members.length} records (${members}), above the limit of ${cfg.maxGroupSize} for one merge (Rules: duplicates.maxGroupSize): not proposed as a merge; check whether the values they share are placeholders or generic. ${linkText(env, g, i)}`,
      severity: 'Low',
      reason: 'Suspicious duplicate group (too large to merge as one)',
      basis,
    });
  });
}

function possibleFinding(env: Env, i: number, list: LinkResult['possible'], groupOf: ReadonlyMap<number, Group>, rankOf: ReadonlyMap<Group, { survivor: number }>): Finding {
  const { ctx, cfg } = env;
  const best = list[0]!;
  const partner = best.a === i ? best.b : best.a;
  const ordered = best.a === i ? best : flip(best);
  const partnerGroup = groupOf.get(partner);
  let proposed = '';
  let survivorText: string;
  if (partnerGroup?.suspicious) survivorText = `${idOf(ctx, partner)} is in a suspicious group: no merge proposed.`;
  // kept out of a group in which someone is another person than this record: a merge into it would
  // undo that, so none is proposed
  else if (best.apart >= 0 && partnerGroup)
    survivorText = `${idOf(ctx, partner)} is in a duplicate group of ${partnerGroup.members.length} with ${idOf(ctx, best.apart)}, whom the names and email addresses show to be another person than this record: no merge into it is proposed.`;
  else if (partnerGroup) {
    const s = rankOf.get(partnerGroup)!.survivor;
    proposed = `${MERGE_PREFIX}${idOf(ctx, s)}`;
    survivorText = `${idOf(ctx, partner)} is in a duplicate group of ${partnerGroup.members.length} whose survivor is ${idOf(ctx, s)}.${fieldsToKeep(ctx, s, i)}`;
  } else {
    const { survivor, why } = env.rank.order([i, partner]);
    proposed = survivor === i ? SURVIVOR_VALUE : `${MERGE_PREFIX}${idOf(ctx, survivor)}`;
    survivorText = `Survivor ${idOf(ctx, survivor)}: ${why}.${survivor === i ? '' : fieldsToKeep(ctx, survivor, i)}`;
  }
  const more = list.slice(1).map((p) => idOf(ctx, p.a === i ? p.b : p.a));
  const against = best.heldOut
    ? `reaches the threshold ${cfg.threshold}, but the pair was kept out of ${idOf(ctx, partner)}'s group because ${best.apart >= 0 ? 'someone in it is another person than this record' : 'the records do not agree as a whole'} ${env.rule}`
    : best.namesOnly
      ? `reaches the threshold ${cfg.threshold}, but only the names agree: a possible duplicate until another field agrees ${env.rule}`
      : best.household
        ? `reaches the threshold ${cfg.threshold}, but two first names share ${atHome(best) ? 'one address and nothing else' : 'one phone with an email missing'}, as a household's do: a possible duplicate until another field agrees ${env.rule}`
        : `below the threshold ${cfg.threshold}, at or above the possible-duplicate threshold ${cfg.possibleThreshold} ${env.rule}`;
  return finding(ctx, ctx.rows[i]!, {
    check: 'duplicate_record',
    field: ctx.headers[ctx.idColumn]!,
    currentValue: idOf(ctx, i),
    proposedValue: proposed,
    evidence: `Possible duplicate: this record and ${idOf(ctx, partner)}${more.length ? ` (also possibly ${more.join(', ')})` : ''}. Compared with ${idOf(ctx, partner)}: ${waterfall(ordered, env.model, env.labels, against)} ${survivorText}`,
    severity: 'Low',
    reason: best.heldOut
      ? 'Possible duplicate (strong pair kept out of a group)'
      : best.namesOnly
        ? 'Possible duplicate (only the names agree)'
        : best.household
          ? `Possible duplicate (two first names at one ${atHome(best) ? 'address' : 'phone'})`
          : 'Possible duplicate (below the duplicate threshold)',
    basis: env.basisOf([i, partner]),
  });
}

/** A household's look by where they live, not by one phone (the phone did not agree exactly). */
const atHome = (p: PairScore): boolean => !p.fields.some((f) => f.role === 'phone' && f.level === 'exact');

/** A member's strongest link in its group, as a waterfall seen from the member. */
function linkText(env: Env, g: Group, i: number): string {
  const link = g.links.filter((l) => l.a === i || l.b === i).sort((a, b) => b.weight - a.weight)[0] ?? g.links[0]!;
  const partner = link.a === i ? link.b : link.a;
  return `Compared with ${idOf(env.ctx, partner)}: ${waterfall(link.a === i ? link : flip(link), env.model, env.labels, `against the threshold ${env.cfg.threshold} ${env.rule}`)}`;
}

/** The pair seen from its other record: values swapped, so "this record" comes first. */
function flip(p: PairScore): PairScore {
  return { ...p, a: p.b, b: p.a, fields: p.fields.map((f) => ({ ...f, a: f.b, b: f.a })) };
}
