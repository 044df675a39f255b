// Near-miss suggestions for codes that no release knows: edit distance over the sorted key list,
// searched within the same leading character so that a miss costs a few milliseconds at most.

/**
 * Optimal-string-alignment distance (Levenshtein + adjacent transposition, each cost 1), bounded:
 * returns `max + 1` as soon as the distance must exceed `max`.
 */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** Index of the first key >= `prefix` in the sorted `keys` (binary search). */
export function lowerBound(keys: readonly string[], prefix: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [start, end) range of sorted `keys` that start with `prefix`. */
export function prefixRange(keys: readonly string[], prefix: string): [number, number] {
  const start = lowerBound(keys, prefix);
  let end = start;
  // the upper bound: first key not starting with prefix
  let lo = start;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]!.startsWith(prefix)) lo = mid + 1;
    else hi = mid;
  }
  end = lo;
  return [start, end];
}

/**
 * Up to `limit` keys closest to `key` by {@link editDistance} (≤ 2), restricted to keys with the same
 * first character and accepted by `accept` (e.g. billable in the release in force). Ties are broken by
 * the longer shared prefix, then key order. Returns keys, not display forms.
 */
export function nearMisses(
  keys: readonly string[],
  key: string,
  accept: (index: number) => boolean,
  limit = 5,
): string[] {
  if (key.length === 0) return [];
  const [start, end] = prefixRange(keys, key[0]!);
  const scored: Array<{ k: string; d: number; p: number }> = [];
  for (let i = start; i < end; i++) {
    const k = keys[i]!;
    if (Math.abs(k.length - key.length) > 2) continue;
    const d = editDistance(key, k, 2);
    if (d > 2 || !accept(i)) continue;
    let p = 0;
    while (p < k.length && k[p] === key[p]) p++;
    scored.push({ k, d, p });
  }
  scored.sort((x, y) => x.d - y.d || y.p - x.p || (x.k < y.k ? -1 : 1));
  return scored.slice(0, limit).map((s) => s.k);
}
