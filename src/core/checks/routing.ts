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

/** Pre-resolved routing rules: column indexes and normalised value sets, built once per run. */
export interface CompiledRoute {
  rule: RoutingRule;
  /** `countries`: on the country column, the countries its values name ("US" and "United States" are one). */
  conditions: { header: string; column: number; values: Set<string>; countries: Set<string> | undefined }[];
}

/** (Only the rules and the column lookups of a check context: the breakdowns compile routes too.) */
export function compileRoutes(ctx: { rules: Pick<CheckContext['rules'], 'routing'> } & Pick<CheckContext, 'column' | 'roleColumn'>): CompiledRoute[] {
  const countryColumn = ctx.roleColumn('country');
  return ctx.rules.routing.map((rule) => ({
    rule,
    conditions: Object.entries(rule.when).map(([header, values]) => {
      const column = ctx.column(header);
      return { header, column, values: new Set(values.map(normaliseText)), countries: conditionCountries(values, column, countryColumn) };
    }),
  }));
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

/** The first route all of whose conditions the row meets (plain loops: no closure per row, issue 12). */
function matchRoute(routes: readonly CompiledRoute[], row: readonly string[]): CompiledRoute | undefined {
  for (const route of routes) if (meetsAll(route, row)) return route;
  return undefined;
}

function meetsAll(route: CompiledRoute, row: readonly string[]): boolean {
  for (const c of route.conditions) {
    if (c.column < 0) return false;
    const v = normaliseText(row[c.column] ?? '');
    if (c.values.has(v) || (v !== '' && c.values.has('*'))) continue;
    // a country however it is written: the rule's "United States" holds a record's "US" or "USA"
    const country = c.countries && v !== '' ? countryOf(row[c.column]!) : undefined;
    if (country === undefined || !c.countries!.has(country)) return false;
  }
  return true;
}

export function describeRoute(route: CompiledRoute, row: readonly string[]): string {
  const parts = route.conditions.map((c) => `${c.header} "${row[c.column] ?? ''}"`);
  return `${parts.join(' and ')} match routing rule ${route.rule.id} (team ${route.rule.team})`;
}
