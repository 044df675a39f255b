// Query evaluation over one SystemSearchIndex: exact, prefix and one-edit fuzzy term expansion with
// MiniSearch's weights, per-document accumulation in reusable typed arrays (no per-document objects),
// AND / OR combination and a bounded top-k. Scores equal MiniSearch's for the same query (see
// test/unit/catalogue/search-parity.test.ts); this is what made search < 1 ms (bench/catalogue.bench.ts).
import type { SystemSearchIndex } from "./search-index.js";
import { lowerBound } from "./suggest.js";

/** MiniSearch 7 default weights of prefix and fuzzy matches. */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** Query words beyond this many are ignored (group membership is a 31-bit mask). */
export const MAX_GROUPS = 31;

/** How query terms are matched: AND of the groups (else OR); prefix for terms ≥ 5 chars; one edit for terms ≥ 6. */
export interface QueryMode {
  and: boolean;
  prefix: boolean;
  fuzzy: boolean;
}

/** A ranked document: its row in the SystemTable and its score (MiniSearch scale). */
export interface ScoredRow {
  row: number;
  score: number;
}

export class SearchEngine {
  private epoch = 0;
  private stamp: Int32Array | null = null;
  private score!: Float64Array;
  private quality!: Int32Array;
  private lastSource!: Int32Array;
  private groupMask!: Int32Array;
  private touched!: Int32Array;
  private candStamp!: Int32Array;
  private candidate!: Int32Array;

  constructor(readonly data: SystemSearchIndex) {}

  /** Dictionary position of `term`, or -1. */
  termId(term: string): number {
    const terms = this.data.terms;
    const i = lowerBound(terms, term);
    return i < terms.length && terms[i] === term ? i : -1;
  }

  /**
   * Dictionary terms a query term stands for, as [term id, weight] pairs: itself (1), longer terms it is a
   * prefix of (0.375·L/(L + 0.3·extra chars)) and terms one edit away (0.45·L/(L + 1)), L = matched term length.
   * Same rules as MiniSearch executeQuerySpec (a term both prefix and fuzzy match counts as prefix).
   */
  expand(term: string, prefix: boolean, fuzzy: boolean): number[] {
    const out: number[] = [];
    const terms = this.data.terms;
    const exact = this.termId(term);
    if (exact >= 0) out.push(exact, 1);
    let lo = -1;
    let hi = -1;
    if (prefix) {
      lo = lowerBound(this.data.terms, term);
      for (hi = lo; hi < terms.length && terms[hi]!.startsWith(term); hi++) {
        const len = terms[hi]!.length;
        if (len > term.length) out.push(hi, (PREFIX_WEIGHT * len) / (len + 0.3 * (len - term.length)));
      }
    }
    if (fuzzy) {
      const { ids, starts } = this.byLength();
      const from = starts[Math.min(Math.max(term.length - 1, 0), starts.length - 1)]!;
      const to = starts[Math.min(term.length + 2, starts.length - 1)]!;
      for (let x = from; x < to; x++) {
        const t = ids[x]!;
        if (t === exact || (t >= lo && t < hi)) continue;
        const cand = terms[t]!;
        if (Math.abs(cand.length - term.length) <= 1 && withinOneEdit(term, cand)) out.push(t, (FUZZY_WEIGHT * cand.length) / (cand.length + 1));
      }
    }
    return out;
  }

  private lengths: { ids: Int32Array; starts: Int32Array } | null = null;

  /** Term ids ordered by term length; ids of length L are [starts[L], starts[L + 1]). Built on the first fuzzy query. */
  private byLength(): { ids: Int32Array; starts: Int32Array } {
    if (this.lengths) return this.lengths;
    const terms = this.data.terms;
    let max = 0;
    for (const t of terms) max = Math.max(max, t.length);
    const starts = new Int32Array(max + 2);
    for (const t of terms) starts[t.length + 1] = starts[t.length + 1]! + 1;
    for (let l = 1; l < starts.length; l++) starts[l] = starts[l]! + starts[l - 1]!;
    const next = starts.slice();
    const ids = new Int32Array(terms.length);
    terms.forEach((t, i) => (ids[next[t.length]!++] = i));
    return (this.lengths = { ids, starts });
  }

  /**
   * Top `k` documents for `groups` (each group = query terms ORed; the groups ANDed when `mode.and`, else
   * ORed), best first, ties by row order. Score of a document = Σ matched term weights × posting weights,
   * × the number of distinct query terms it matched (MiniSearch's "quality"). Rows in `exclude` are skipped.
   */
  query(groups: string[][], mode: QueryMode, k: number, exclude?: ReadonlySet<number>): ScoredRow[] {
    if (k <= 0 || groups.length === 0) return [];
    const g = groups.slice(0, MAX_GROUPS);
    // distinct query terms: the groups they satisfy and how often they occur (repeats add up, as in MiniSearch)
    const sources = new Map<string, { mask: number; times: number; derived: number[] }>();
    g.forEach((group, gi) => {
      for (const term of group) {
        let s = sources.get(term);
        if (!s) sources.set(term, (s = { mask: 0, times: 0, derived: this.expand(term, mode.prefix && term.length >= 5, mode.fuzzy && term.length >= 6) }));
        s.mask |= 1 << gi;
        s.times++;
      }
    });
    const { docs, weights, offsets, rows } = this.data;
    this.ensureScratch();
    const { score, quality, lastSource, groupMask, touched, candidate } = this;
    const stamp = this.stamp!;
    const epoch = ++this.epoch;
    const nCand = mode.and && g.length > 1 ? this.markCandidates(g.length, sources.values(), epoch) : -1;
    if (nCand === 0) return [];
    let nTouched = 0;
    let src = 0;
    const add = (doc: number, p: number, w: number, mask: number): void => {
      if (stamp[doc] !== epoch) {
        stamp[doc] = epoch;
        score[doc] = 0;
        quality[doc] = 0;
        lastSource[doc] = -1;
        groupMask[doc] = 0;
        touched[nTouched++] = doc;
      }
      score[doc] = score[doc]! + w * weights[p]!;
      if (lastSource[doc] !== src) {
        lastSource[doc] = src;
        quality[doc] = quality[doc]! + 1;
        groupMask[doc] = groupMask[doc]! | mask;
      }
    };
    for (const s of sources.values()) {
      for (let d = 0; d < s.derived.length; d += 2) {
        const t = s.derived[d]!;
        const w = s.derived[d + 1]! * s.times;
        const from = offsets[t]!;
        const end = offsets[t + 1]!;
        if (nCand > 0 && nCand * Math.log2(end - from + 2) < end - from) {
          // few AND candidates, long postings: look each candidate up (postings are sorted by doc)
          for (let c = 0; c < nCand; c++) {
            const doc = candidate[c]!;
            const p = search(docs, from, end, doc);
            if (p >= 0) add(doc, p, w, s.mask);
          }
        } else {
          for (let p = from; p < end; p++) {
            const doc = docs[p]!;
            if (nCand < 0 || this.candStamp[doc] === epoch) add(doc, p, w, s.mask);
          }
        }
      }
      src++;
    }
    const all = g.length === 31 ? 0x7fffffff : (1 << g.length) - 1;
    const top = new TopK(k);
    for (let i = 0; i < nTouched; i++) {
      const doc = touched[i]!;
      if (mode.and && groupMask[doc] !== all) continue;
      if (exclude?.has(rows[doc]!)) continue;
      top.offer(doc, score[doc]! * quality[doc]!);
    }
    return top.sorted().map(([doc, sc]) => ({ row: rows[doc]!, score: sc }));
  }

  /**
   * AND queries: only documents matching the group with the fewest postings can qualify. Marks them in
   * candStamp (this epoch), lists them in `candidate` and returns how many (0: no document can match).
   */
  private markCandidates(nGroups: number, sources: Iterable<{ mask: number; derived: number[] }>, epoch: number): number {
    const { offsets, docs } = this.data;
    const list = [...sources];
    const cost = new Array<number>(nGroups).fill(0);
    for (const s of list) {
      let n = 0;
      for (let d = 0; d < s.derived.length; d += 2) n += offsets[s.derived[d]! + 1]! - offsets[s.derived[d]!]!;
      for (let gi = 0; gi < nGroups; gi++) if (s.mask & (1 << gi)) cost[gi] = cost[gi]! + n;
    }
    const cheapest = cost.indexOf(Math.min(...cost));
    let n = 0;
    for (const s of list) {
      if (!(s.mask & (1 << cheapest))) continue;
      for (let d = 0; d < s.derived.length; d += 2) {
        for (let p = offsets[s.derived[d]!]!, end = offsets[s.derived[d]! + 1]!; p < end; p++) {
          const doc = docs[p]!;
          if (this.candStamp[doc] !== epoch) {
            this.candStamp[doc] = epoch;
            this.candidate[n++] = doc;
          }
        }
      }
    }
    this.candidate.subarray(0, n).sort();
    return n;
  }

  /** Scratch arrays sized to the documents, allocated once on the first query (≈32 bytes per document). */
  private ensureScratch(): void {
    if (this.stamp) return;
    const n = this.data.rows.length;
    this.stamp = new Int32Array(n);
    this.score = new Float64Array(n);
    this.quality = new Int32Array(n);
    this.lastSource = new Int32Array(n);
    this.groupMask = new Int32Array(n);
    this.touched = new Int32Array(n);
    this.candStamp = new Int32Array(n);
    this.candidate = new Int32Array(n);
  }
}

/** Position of `doc` in the sorted `docs[from, end)`, or -1. */
function search(docs: Int32Array, from: number, end: number, doc: number): number {
  let lo = from;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid]! < doc) lo = mid + 1;
    else hi = mid;
  }
  return lo < end && docs[lo] === doc ? lo : -1;
}

/** Levenshtein distance between `a` and `b` is at most 1 (lengths differ by at most 1, checked by the caller). */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const s = a.length <= b.length ? a : b;
  const l = s === a ? b : a;
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === l.charCodeAt(i)) i++;
  const skip = s.length === l.length ? 1 : 0; // substitution at i, else one insertion into the shorter at i
  for (let j = i + skip; j < s.length; j++) if (s.charCodeAt(j) !== l.charCodeAt(j + 1 - skip)) return false;
  return true;
}

/** Bounded best-k list (k is small: the caller's limit), kept sorted: higher score first, then lower doc. */
class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  offer(doc: number, score: number): void {
    const n = this.docs.length;
    if (n === this.k && !better(score, doc, this.scores[n - 1]!, this.docs[n - 1]!)) return;
    let i = n === this.k ? n - 1 : n;
    while (i > 0 && better(score, doc, this.scores[i - 1]!, this.docs[i - 1]!)) {
      this.scores[i] = this.scores[i - 1]!;
      this.docs[i] = this.docs[i - 1]!;
      i--;
    }
    this.scores[i] = score;
    this.docs[i] = doc;
  }

  sorted(): Array<[number, number]> {
    return this.docs.map((d, i) => [d, this.scores[i]!]);
  }
}

function better(s1: number, d1: number, s2: number, d2: number): boolean {
  return s1 > s2 || (s1 === s2 && d1 < d2);
}
