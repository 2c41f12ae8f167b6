/** String similarity for record linkage: Jaro-Winkler and bounded edit distance. */

// reused match flags: a comparison allocates nothing for strings up to 256 characters
let flagsA = new Uint8Array(256);
let flagsB = new Uint8Array(256);

export function jaro(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  if (la > flagsA.length || lb > flagsB.length) {
    flagsA = new Uint8Array(Math.max(la, flagsA.length));
    flagsB = new Uint8Array(Math.max(lb, flagsB.length));
  }
  const matchedA = flagsA;
  const matchedB = flagsB;
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (!matchedB[j] && c === b.charCodeAt(j)) {
        matchedA[i] = matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (!matches) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!matchedA[i]) continue;
    while (!matchedB[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  return (matches / la + matches / lb + (matches - t / 2) / matches) / 3;
}

/** Jaro-Winkler: Jaro with a bonus for a shared prefix of up to 4 characters. */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j < 0.7) return j;
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

// letters counted by their code's low 7 bits (codes sharing them count together: the bound only grows)
const bag = new Int32Array(128);

/**
 * jaroWinkler(a, b) >= t, without the Jaro pass when the letters the two have in common cannot reach t
 * (issue 12: most pairs of email domains or company words share few letters). Jaro's matches are at most
 * the common letters h, so Jaro <= (h/|a| + h/|b| + 1) / 3 and the prefix bonus adds at most 0.4 of the rest.
 */
export function jaroWinklerAtLeast(a: string, b: string, t: number): boolean {
  let h = 0;
  for (let i = 0; i < a.length; i++) bag[a.charCodeAt(i) & 127]!++;
  for (let i = 0; i < b.length; i++) if (bag[b.charCodeAt(i) & 127]!-- > 0) h++;
  bag.fill(0);
  // (an empty string makes j NaN: no bound, the plain test decides)
  const j = (h / a.length + h / b.length + 1) / 3;
  // (a margin far above rounding error: the bound only skips what certainly fails)
  return !((j < 0.7 ? j : j + 0.4 * (1 - j)) < t - 1e-9) && jaroWinkler(a, b) >= t;
}

let rowPrev = new Int32Array(64);
let rowCur = new Int32Array(64);

/**
 * Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. Allocates nothing for short
 * strings. `la` and `lb` compare the first characters only (issue 12: a mailbox name without slicing it).
 */
export function editDistance(a: string, b: string, max = 2, la = a.length, lb = b.length): number {
  if (la === lb && a === b) return 0;
  if (Math.abs(la - lb) > max) return max + 1;
  if (lb + 1 > rowPrev.length) {
    rowPrev = new Int32Array(lb + 1);
    rowCur = new Int32Array(lb + 1);
  }
  let prev = rowPrev;
  let cur = rowCur;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const c = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (c === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb]!;
}
