import { normaliseText } from './cells';
import type { CheckContext } from './checks/types';
import type { RoutingRule } from './rules';

/** Pre-resolved routing rules: column indexes and normalised value sets, built once per run. */
export interface CompiledRoute {
  rule: RoutingRule;
  conditions: { header: string; column: number; values: Set<string> }[];
}

export function compileRoutes(ctx: CheckContext): CompiledRoute[] {
  return ctx.rules.routing.map((rule) => ({
    rule,
    conditions: Object.entries(rule.when).map(([header, values]) => ({
      header,
      column: ctx.column(header),
      values: new Set(values.map(normaliseText)),
    })),
  }));
}

/** The first rule whose every condition holds ("*" matches any non-blank value). */
export function firstMatchingRoute(routes: readonly CompiledRoute[], row: readonly string[]): CompiledRoute | undefined {
  return routes.find((route) =>
    route.conditions.every((c) => {
      if (c.column < 0) return false;
      const v = normaliseText(row[c.column] ?? '');
      return c.values.has(v) || (v !== '' && c.values.has('*'));
    }),
  );
}

export function describeRoute(route: CompiledRoute, row: readonly string[]): string {
  const parts = route.conditions.map((c) => `${c.header} "${row[c.column] ?? ''}"`);
  return `${parts.join(' and ')} match routing rule ${route.rule.id} (team ${route.rule.team})`;
}
