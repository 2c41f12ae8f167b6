/**
 * Groups from strong pairs, without chaining: pairs are joined strongest first, and two groups join
 * only when their records agree on the whole (the guard), so one weak link (a shared family mailbox, a
 * switchboard number) cannot chain two people into one group. A strong pair the guard keeps apart is
 * returned as held out, to be proposed as a possible duplicate, never dropped.
 */
export interface Edge {
  a: number;
  b: number;
  weight: number;
}

export interface Clusters {
  /** Groups of two or more records, members ascending. */
  groups: number[][];
  /** Strong pairs whose records ended in different groups. */
  heldOut: Edge[];
}

/**
 * `edges` are the strong pairs; `guard(ga, gb)` says whether two groups (each of 1+ records) may join
 * when at least one has two or more. Ties in weight are broken by the records' indexes, so the result
 * does not depend on the order the edges come in.
 */
export function clusterPairs(n: number, edges: readonly Edge[], guard: (ga: readonly number[], gb: readonly number[]) => boolean): Clusters {
  const sorted = [...edges].sort((p, q) => q.weight - p.weight || p.a - q.a || p.b - q.b);
  const groupOf = new Map<number, number[]>();
  const members = (i: number): number[] => {
    let g = groupOf.get(i);
    if (!g) {
      g = [i];
      groupOf.set(i, g);
    }
    return g;
  };
  const heldOut: Edge[] = [];
  for (const e of sorted) {
    if (e.a === e.b || e.a < 0 || e.b < 0 || e.a >= n || e.b >= n) continue;
    const ga = members(e.a);
    const gb = members(e.b);
    if (ga === gb) continue;
    if ((ga.length > 1 || gb.length > 1) && !guard(ga, gb)) {
      heldOut.push(e);
      continue;
    }
    const [big, small] = ga.length >= gb.length ? [ga, gb] : [gb, ga];
    for (const i of small) {
      big.push(i);
      groupOf.set(i, big);
    }
  }
  const seen = new Set<number[]>();
  const groups: number[][] = [];
  for (const g of groupOf.values()) {
    if (g.length < 2 || seen.has(g)) continue;
    seen.add(g);
    groups.push([...g].sort((p, q) => p - q));
  }
  groups.sort((p, q) => p[0]! - q[0]!);
  // a held-out pair whose records were later joined by other links is inside one group after all
  const inOne = (e: Edge): boolean => groupOf.get(e.a) === groupOf.get(e.b);
  return { groups, heldOut: heldOut.filter((e) => !inOne(e)) };
}
