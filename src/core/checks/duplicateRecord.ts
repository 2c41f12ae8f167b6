import { isBlank } from '../text/cells';
import { columnDayOrder, parseCrmDate } from '../text/dates';
import { defaultMatchConfig, type FieldComparison, linkRecords, type MatchConfig, MATCH_ROLES, type MatchRole, type MatchValues, type PairScore, type Shape } from './dedupe/engine';
import { isMask } from '../intake/masking';
import type { Role } from '../intake/rules';
import { type Check, type CheckContext, finding, type Finding } from './types';

/** Match roles filled from the Rules' field roles unless duplicates.match says otherwise. */
const FROM_FIELDS: Partial<Record<MatchRole, Role>> = {
  firstName: 'firstName', lastName: 'lastName', email: 'email', phone: 'phone', company: 'company', domain: 'domain',
};

export const MERGE_PREFIX = 'Merge into ';
export const SURVIVOR_VALUE = 'Keep as survivor';
export const KEEP_MARK = 'Fields to keep from this record: ';

export function matchSetup(ctx: CheckContext): { cfg: MatchConfig; columns: [MatchRole, number[]][] } | undefined {
  const d = ctx.rules.duplicates;
  const columns: [MatchRole, number[]][] = [];
  for (const role of MATCH_ROLES) {
    const headers = d.match?.[role] ?? (FROM_FIELDS[role] ? [ctx.rules.fields[FROM_FIELDS[role]!]].filter((h): h is string => !!h) : []);
    const cols = headers.map((h) => ctx.column(h)).filter((c) => c >= 0);
    if (cols.length) columns.push([role, cols]);
  }
  if (columns.length === 0) return undefined;
  const has = (r: MatchRole): boolean => columns.some(([role]) => role === r);
  const shape: Shape = d.shape ?? (has('firstName') || has('lastName') ? 'person' : 'organization');
  const base = defaultMatchConfig(shape);
  return {
    columns,
    cfg: {
      ...base,
      threshold: d.threshold ?? base.threshold,
      possibleThreshold: d.possibleThreshold ?? Math.min(base.possibleThreshold, d.threshold ?? base.threshold),
      chainGuard: d.chainGuard ?? base.chainGuard,
      weights: { ...base.weights, ...(d.weights as MatchConfig['weights'] | undefined) },
    },
  };
}

const ROLE_LABEL: Record<MatchRole, string> = {
  firstName: 'first name', lastName: 'last name', email: 'email', phone: 'phone', company: 'company', domain: 'email domain',
  address: 'address', city: 'city', postcode: 'postcode', state: 'state', dob: 'date',
};

function describeFields(fields: readonly FieldComparison[], labels: ReadonlyMap<MatchRole, string>): string {
  return fields.map((f) => `${labels.get(f.role) ?? ROLE_LABEL[f.role]} ${f.similarity.toFixed(2)} (${f.how}, ${f.points >= 0 ? '+' : ''}${f.points.toFixed(1)})`).join('; ');
}

/**
 * `duplicate_record`: the record and at least one other refer to the same person or company. Every
 * record of a group is flagged, each with the pair that tied it to the group, the score against the
 * threshold, the survivor (most complete, then oldest, then with an active owner) and, for the others,
 * the fields the survivor should keep from them. Pairs between the possible-duplicate threshold and the
 * threshold are proposed with lower severity.
 */
export const duplicateRecord: Check = (ctx) => {
  const setup = matchSetup(ctx);
  if (!setup) return [];
  const { cfg, columns } = setup;
  const values: MatchValues[] = ctx.rows.map((row) => {
    const v: MatchValues = {};
    for (const [role, cols] of columns) {
      const text = cols.map((c) => row[c]!).filter((x) => !isBlank(x) && !isMask(x)).join(' ');
      if (text) v[role] = text;
    }
    return v;
  });
  const result = linkRecords(values, cfg);
  const labels = new Map(columns.map(([role, cols]) => [role, cols.map((c) => ctx.headers[c]).join(' + ')]));
  const rank = survivorRanking(ctx);
  // the compared values of every record of a group: when any of them changes, so does the Evidence ID,
  // and a merge decided on the old values goes back to Pending
  const compared = (i: number): string => columns.map(([, cols]) => cols.map((c) => ctx.rows[i]![c]).join('\u0001')).join('\u0002');
  const basisOf = (members: readonly number[]): string => members.map((m) => `${ctx.rows[m]![ctx.idColumn]}\u0003${compared(m)}`).sort().join('\u0004');
  const out: Finding[] = [];
  const grouped = new Set<number>();
  for (const g of result.groups) {
    g.members.forEach((m) => grouped.add(m));
    out.push(...groupFindings(ctx, g.members, g.links, cfg, labels, rank, false, basisOf(g.members)));
  }
  // possible duplicates: each ungrouped record once, with its best partner
  const used = new Set<number>();
  for (const p of [...result.possible].sort((a, b) => b.score - a.score)) {
    if (grouped.has(p.a) || grouped.has(p.b) || used.has(p.a) || used.has(p.b)) continue;
    used.add(p.a);
    used.add(p.b);
    out.push(...groupFindings(ctx, [p.a, p.b], [p], cfg, labels, rank, true, basisOf([p.a, p.b])));
  }
  return out;
};

interface Ranking { order: (members: number[]) => { survivor: number; why: string }; filled: (i: number) => number }

/** The survivor rule: most complete, then oldest, then the one with an active owner, then the lowest id. */
function survivorRanking(ctx: CheckContext): Ranking {
  const createdCol = ctx.roleColumn('createdAt');
  const ownerCol = ctx.roleColumn('owner');
  const order = createdCol >= 0 ? columnDayOrder(ctx.rows.map((r) => r[createdCol]!)) : 'unknown';
  const filled = (i: number): number => ctx.rows[i]!.reduce((n, v) => n + (isBlank(v) || isMask(v) ? 0 : 1), 0);
  const created = (i: number): number => {
    if (createdCol < 0) return Infinity;
    const p = parseCrmDate(ctx.rows[i]![createdCol]!, order);
    return p.ok ? p.day : Infinity;
  };
  const active = (i: number): number => (ownerCol >= 0 && ctx.roster.find(ctx.rows[i]![ownerCol]!)?.active ? 1 : 0);
  return {
    filled,
    order(members) {
      const scored = members.map((i) => ({ i, f: filled(i), c: created(i), a: active(i), id: ctx.rows[i]![ctx.idColumn]! }));
      scored.sort((x, y) => y.f - x.f || x.c - y.c || y.a - x.a || (x.id < y.id ? -1 : 1));
      const [best, next] = scored as [typeof scored[0], typeof scored[0] | undefined];
      const total = ctx.headers.length;
      let why = `most complete (${best.f} of ${total} fields filled)`;
      if (next && next.f === best.f) {
        if (best.c !== next.c && Number.isFinite(best.c)) why = `as complete as the others (${best.f} of ${total} fields), and oldest (${ctx.headers[createdCol]} ${ctx.rows[best.i]![createdCol]})`;
        else if (best.a !== next.a) why = `as complete and as old as the others, and its owner is active`;
        else why = `as complete and as old as the others; the lowest record id`;
      }
      return { survivor: best.i, why };
    },
  };
}

function groupFindings(ctx: CheckContext, members: number[], links: readonly PairScore[], cfg: MatchConfig, labels: ReadonlyMap<MatchRole, string>, rank: Ranking, possible: boolean, basis: string): Finding[] {
  const { survivor, why } = rank.order(members);
  const id = (i: number): string => ctx.rows[i]![ctx.idColumn]!;
  const idHeader = ctx.headers[ctx.idColumn]!;
  const rule = `(Rules: duplicates, ${cfg.shape} defaults${ctx.rules.duplicates.threshold !== undefined ? ', threshold from the Rules' : ''})`;
  const others = (i: number): string => members.filter((m) => m !== i).map(id).join(', ');
  return members.map((i) => {
    const link = links.filter((l) => l.a === i || l.b === i).sort((a, b) => b.score - a.score)[0] ?? links[0]!;
    const partner = link.a === i ? link.b : link.a;
    const pairText = `Compared with ${id(partner)}: ${describeFields(link.fields, labels)}; score ${link.score.toFixed(1)} against the ${possible ? `possible-duplicate threshold ${cfg.possibleThreshold} (duplicate threshold ${cfg.threshold})` : `threshold ${cfg.threshold}`} ${rule}.`;
    const head = `${possible ? 'Possible duplicate' : `Duplicate group of ${members.length}`}: this record and ${others(i)}.`;
    const survivorText = `Survivor ${id(survivor)}: ${why}.`;
    let tail = '';
    if (i !== survivor) {
      const keep = ctx.headers.map((h, c) => ({ h, c })).filter(({ c }) => c !== ctx.idColumn && isBlank(ctx.rows[survivor]![c]) && !isBlank(ctx.rows[i]![c]) && !isMask(ctx.rows[i]![c]!) && !ctx.rules.readOnlyFields.some((r) => r.toLowerCase() === ctx.headers[c]!.toLowerCase()));
      tail = ` ${KEEP_MARK}${keep.length ? keep.map(({ h }) => h).join(', ') : 'none'}.`;
    }
    return finding(ctx, ctx.rows[i]!, {
      check: 'duplicate_record', field: idHeader, currentValue: id(i),
      proposedValue: i === survivor ? SURVIVOR_VALUE : `${MERGE_PREFIX}${id(survivor)}`,
      evidence: `${head} ${pairText} ${survivorText}${tail}`,
      severity: possible ? 'Low' : 'Medium',
      reason: possible ? 'Possible duplicate (below the duplicate threshold)' : i === survivor ? 'Duplicate: proposed survivor' : 'Duplicate: merge into the survivor',
      basis,
    });
  });
}
