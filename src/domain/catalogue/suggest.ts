// Near-miss suggestions for codes that no release knows: edit distance over the sorted key list,
// searched within the same leading character so that a miss costs a few milliseconds at most.

/** Reused dynamic-programming rows (the catalogue is single-threaded per process; never held across calls). */
let rowBuf = new Int32Array(64);

function rows(size: number): Int32Array {
  if (rowBuf.length < size) rowBuf = new Int32Array(Math.max(size, rowBuf.length * 2));
  return rowBuf;
}

/**
 * Optimal-string-alignment distance (Levenshtein + adjacent transposition, each cost 1), bounded:
 * returns `max + 1` as soon as the distance must exceed `max`.
 */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  const w = n + 1;
  const buf = rows(3 * w);
  // three rolling rows at offsets: prev2, prev, cur
  let p2 = 0;
  let p1 = w;
  let cu = 2 * w;
  for (let j = 0; j <= n; j++) {
    buf[p2 + j] = 0;
    buf[p1 + j] = j;
    buf[cu + j] = 0;
  }
  for (let i = 1; i <= a.length; i++) {
    buf[cu] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cost = ai === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(buf[p1 + j]! + 1, buf[cu + j - 1]! + 1, buf[p1 + j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, buf[p2 + j - 2]! + 1);
      buf[cu + j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = p2;
    p2 = p1;
    p1 = cu;
    cu = t;
  }
  return buf[p1 + n]!;
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
 *
 * Cost: the keys are sorted, so the distance rows of a shared prefix are computed once (a walk of the
 * implicit trie), and a prefix whose row already exceeds 2 skips every key under it (OSA rows never
 * fall by more than one per row, so no extension can come back under the bound). The result equals
 * that of calling `editDistance(key, k, 2)` on every key (the distance is symmetric).
 */
export function nearMisses(
  keys: readonly string[],
  key: string,
  accept: (index: number) => boolean,
  limit = 5,
): string[] {
  if (key.length === 0) return [];
  const MAX = 2;
  const [start, end] = prefixRange(keys, key[0]!);
  const m = key.length;
  const w = m + 1;
  let maxLen = 0;
  for (let i = start; i < end; i++) if (keys[i]!.length > maxLen) maxLen = keys[i]!.length;
  // row r (r characters of the candidate consumed) lives at buf[r * w … r * w + m]; rowMin[r] its minimum
  const buf = rows((maxLen + 1) * w);
  const rowMin = new Int32Array(maxLen + 1);
  for (let j = 0; j <= m; j++) buf[j] = j;
  rowMin[0] = 0;
  let valid = 0; // rows 0..valid hold the DP of prev's first `valid` characters
  let prev = "";
  const scored: Array<{ k: string; d: number; p: number }> = [];
  let i = start;
  while (i < end) {
    const k = keys[i]!;
    let shared = 0;
    const lim = Math.min(valid, k.length, prev.length);
    while (shared < lim && k.charCodeAt(shared) === prev.charCodeAt(shared)) shared++;
    let r = shared;
    let pruned = -1;
    while (r < k.length) {
      r++;
      const base = r * w;
      const up = base - w;
      const kc = k.charCodeAt(r - 1);
      buf[base] = r;
      let mn = r;
      for (let j = 1; j <= m; j++) {
        const cost = kc === key.charCodeAt(j - 1) ? 0 : 1;
        let v = Math.min(buf[up + j]! + 1, buf[base + j - 1]! + 1, buf[up + j - 1]! + cost);
        if (r > 1 && j > 1 && kc === key.charCodeAt(j - 2) && k.charCodeAt(r - 2) === key.charCodeAt(j - 1)) v = Math.min(v, buf[up - w + j - 2]! + 1);
        buf[base + j] = v;
        if (v < mn) mn = v;
      }
      rowMin[r] = mn;
      if (mn > MAX) {
        pruned = r;
        break;
      }
    }
    prev = k;
    if (pruned >= 0) {
      // every key starting with k[0, pruned) is farther than MAX: skip them all
      valid = pruned - 1;
      i++;
      while (i < end && sharesPrefix(keys[i]!, k, pruned)) i++;
      continue;
    }
    valid = k.length;
    const d = buf[k.length * w + m]!;
    if (Math.abs(k.length - m) <= MAX && d <= MAX && accept(i)) {
      let p = 0;
      while (p < k.length && k[p] === key[p]) p++;
      scored.push({ k, d, p });
    }
    i++;
  }
  scored.sort((x, y) => x.d - y.d || y.p - x.p || (x.k < y.k ? -1 : 1));
  return scored.slice(0, limit).map((s) => s.k);
}

/** True when `a` and `b` agree on their first `n` characters (both at least `n` long). */
function sharesPrefix(a: string, b: string, n: number): boolean {
  if (a.length < n || b.length < n) return false;
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}
