/**
 * What the batch teaches the model. u (a level's share among non-matches) comes from the batch's value
 * counts (exact agreement, over all pairs) and from random pairs (the other levels); m (its share among
 * true matches) and the share of matches among the blocked pairs come from expectation maximisation over
 * the blocked pairs' comparison patterns, starting from the documented defaults and pulled towards them
 * (a Dirichlet prior worth PRIOR_PAIRS matches), so a batch with few duplicates cannot run away.
 */

/** Deterministic PRNG (mulberry32): the same batch always samples the same random pairs. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pseudo-pairs behind the default u: a batch must show more pairs than this before its own counts dominate. */
export const U_PRIOR_PAIRS = 1000;
/** Pseudo-matches behind the default m in expectation maximisation. */
export const M_PRIOR_PAIRS = 10;

/**
 * u of one role. `exactPairs` of `allPairs` (pairs where both records hold a value) agree exactly;
 * `sampled[l]` counts random pairs with both values present at level l >= 1 (index 0 unused).
 */
export function estimateU(defaults: readonly number[], exactPairs: number, allPairs: number, sampled: readonly number[]): number[] {
  const u0 = (exactPairs + U_PRIOR_PAIRS * defaults[0]!) / (allPairs + U_PRIOR_PAIRS);
  const restDefault = 1 - defaults[0]!;
  let total = 0;
  for (let l = 1; l < defaults.length; l++) total += sampled[l] ?? 0;
  const out = [u0];
  for (let l = 1; l < defaults.length; l++) {
    out.push(((1 - u0) * ((sampled[l] ?? 0) + U_PRIOR_PAIRS * (defaults[l]! / restDefault))) / (total + U_PRIOR_PAIRS));
  }
  return out;
}

export interface EmResult {
  m: number[][];
  u: number[][];
  lambda: number;
  iterations: number;
}

/**
 * Expectation maximisation over comparison patterns (the classic two-class mixture of Fellegi-Sunter
 * and fastLink). `patterns[p][r]` is the level of role r (-1 when a value is missing: it says nothing),
 * `counts[p]` how many blocked pairs show it. m, the non-matches' u *within these pairs* and lambda (the
 * share of matches among them) are learned. Blocked non-matches agree far more often than random pairs
 * (they were blocked on their names), so this u is learned apart from the u the engine scores with.
 * With `learnM` false (too few roles to separate the classes), m and u stay fixed and only lambda moves.
 */
export function expectationMaximisation(
  patterns: readonly Int8Array[],
  counts: readonly number[],
  m0: readonly (readonly number[])[],
  u0: readonly (readonly number[])[],
  lambda0: number,
  learnM = true,
  maxIterations = 60,
): EmResult {
  const roles = m0.length;
  let m = m0.map((l) => [...l]);
  let u = u0.map((l) => [...l]);
  let lambda = lambda0;
  let iterations = 0;
  const post = new Float64Array(patterns.length);
  for (; iterations < maxIterations; iterations++) {
    // E: the probability that each pattern is a match
    let matches = 0;
    let total = 0;
    for (let p = 0; p < patterns.length; p++) {
      const pat = patterns[p]!;
      let ratio = lambda / (1 - lambda);
      for (let r = 0; r < roles; r++) {
        const l = pat[r]!;
        if (l >= 0) ratio *= m[r]![l]! / u[r]![l]!;
      }
      post[p] = Number.isFinite(ratio) ? ratio / (1 + ratio) : 1;
      matches += post[p]! * counts[p]!;
      total += counts[p]!;
    }
    // M: new m (the defaults as a prior worth M_PRIOR_PAIRS matches), u and lambda
    let nextM = m;
    let nextU = u;
    if (learnM) {
      const mCount = m0.map((levels) => levels.map((v) => v * M_PRIOR_PAIRS));
      const mSum = new Float64Array(roles).fill(M_PRIOR_PAIRS);
      const uCount = u0.map((levels) => levels.map((v) => v));
      const uSum = new Float64Array(roles).fill(1);
      for (let p = 0; p < patterns.length; p++) {
        const w = post[p]! * counts[p]!;
        const v = counts[p]! - w;
        const pat = patterns[p]!;
        for (let r = 0; r < roles; r++) {
          const l = pat[r]!;
          if (l < 0) continue;
          mCount[r]![l]! += w;
          mSum[r]! += w;
          uCount[r]![l]! += v;
          uSum[r]! += v;
        }
      }
      nextM = mCount.map((levels, r) => levels.map((x) => x / mSum[r]!));
      nextU = uCount.map((levels, r) => levels.map((x) => x / uSum[r]!));
    }
    const nextLambda = Math.min(0.999, Math.max(1e-9, total ? matches / total : lambda));
    let change = Math.abs(nextLambda - lambda);
    for (let r = 0; r < roles; r++) for (let l = 0; l < nextM[r]!.length; l++) change = Math.max(change, Math.abs(nextM[r]![l]! - m[r]![l]!));
    m = nextM;
    u = nextU;
    lambda = nextLambda;
    if (change < 1e-5) {
      iterations++;
      break;
    }
  }
  return { m, u, lambda, iterations };
}
