import { findCountry, findWholeCountry } from '../intake/standards/countries';
import { memoText, normaliseText } from '../text/cells';
import type { CheckContext } from './types';
import type { RoutingRule } from '../intake/rules';

/** A cell's country code, once per distinct text (a table lookup with normalisation: not per record); a rule's values go through conditionCountries. */
export const countryOf = memoText((value: string) => findCountry(value)?.alpha2);

/**
 * On the country column, the countries a condition's values name ("US" and "United States" are one); else
 * undefined. A value naming part of a country ("Scotland") matches as text only: a record in Scotland
 * matches a rule for the United Kingdom, but one in England does not match a rule for Scotland.
 */
export function conditionCountries(values: readonly string[], column: number, countryColumn: number): Set<string> | undefined {
  const named = column >= 0 && column === countryColumn ? values.map((v) => findWholeCountry(v)?.alpha2).filter((c) => c !== undefined) : [];
  return named.length ? new Set(named) : undefined;
}

/**
 * A rule's condition (routing's `when`, a record rule's `when`) resolved once per run: its column, its
 * values normalised, and `countries`: on the country column, the countries its values name ("US" and
 * "United States" are one).
 */
export interface Condition {
  header: string;
  column: number;
  values: Set<string>;
  countries: Set<string> | undefined;
}

type Columns = Pick<CheckContext, 'column' | 'roleColumn'>;

export function compileConditions(when: Readonly<Record<string, readonly string[]>>, ctx: Columns): Condition[] {
  const countryColumn = ctx.roleColumn('country');
  return Object.entries(when).map(([header, values]) => {
    const column = ctx.column(header);
    return { header, column, values: new Set(values.map(normaliseText)), countries: conditionCountries(values, column, countryColumn) };
  });
}

/**
 * Whether a row meets every condition: a value in the list, "*" for any non-blank value, or on the
 * country column the same country however it is written; a missing column never matches. Plain loops:
 * no closure per row (issue 12); `normalise` may be a memoised normaliseText.
 */
export function meetsAll(conditions: readonly Condition[], row: readonly string[], normalise: (text: string) => string = normaliseText): boolean {
  for (const c of conditions) {
    if (c.column < 0) return false;
    const v = normalise(row[c.column] ?? '');
    if (c.values.has(v) || (v !== '' && c.values.has('*'))) continue;
    const country = c.countries && v !== '' ? countryOf(row[c.column]!) : undefined;
    if (country === undefined || !c.countries!.has(country)) return false;
  }
  return true;
}

/** Pre-resolved routing rules: column indexes and normalised value sets, built once per run. */
export interface CompiledRoute {
  rule: RoutingRule;
  conditions: Condition[];
}

/** (Only the rules and the column lookups of a check context: the breakdowns compile routes too.) */
export function compileRoutes(ctx: { rules: Pick<CheckContext['rules'], 'routing'> } & Columns): CompiledRoute[] {
  return ctx.rules.routing.map((rule) => ({ rule, conditions: compileConditions(rule.when, ctx) }));
}

const memo = new WeakMap<readonly CompiledRoute[], { columns: number[]; cache: Map<string, CompiledRoute | undefined> }>();

/** The first rule whose every condition holds ("*" matches any non-blank value). Memoised on the tested values. */
export function firstMatchingRoute(routes: readonly CompiledRoute[], row: readonly string[]): CompiledRoute | undefined {
  let m = memo.get(routes);
  if (!m) {
    m = { columns: [...new Set(routes.flatMap((r) => r.conditions.map((c) => c.column)).filter((c) => c >= 0))], cache: new Map() };
    memo.set(routes, m);
  }
  // the key is built with a loop, not map/join: this runs for every row in four checks (issue 12)
  const cols = m.columns;
  let key = cols.length === 1 ? row[cols[0]!]! : '';
  if (cols.length > 1) for (let i = 0; i < cols.length; i++) key += (i ? '\u0000' : '') + row[cols[i]!];
  if (m.cache.has(key)) return m.cache.get(key);
  const hit = matchRoute(routes, row);
  if (m.cache.size < 50_000) m.cache.set(key, hit);
  return hit;
}

/** The first route all of whose conditions the row meets. */
function matchRoute(routes: readonly CompiledRoute[], row: readonly string[]): CompiledRoute | undefined {
  for (const route of routes) if (meetsAll(route.conditions, row)) return route;
  return undefined;
}

export function describeRoute(route: CompiledRoute, row: readonly string[]): string {
  const parts = route.conditions.map((c) => `${c.header} "${row[c.column] ?? ''}"`);
  return `${parts.join(' and ')} ${parts.length > 1 ? 'match' : 'matches'} routing rule ${route.rule.id} (team ${route.rule.team})`;
}
