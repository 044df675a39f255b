// Runtime view of one system's code table: key → row index, release series, and the status rules
// (active / deleted / terminated / not-billable / not yet effective) for one date of service.
import type { CodeSystem, CatalogueStatus } from "../codes/types.js";
import type { Release } from "./types.js";
import type { SystemTable } from "./snapshot.js";
import { releaseInForce } from "./release-timeline.js";
import { prefixRange } from "./suggest.js";

/** What the table says about a key on a date, before display formatting. */
export interface TableAnswer {
  status: CatalogueStatus;
  index: number;
  /** position (into SystemTable.releases) of the release that answered */
  position: number;
  coversDate: boolean;
  endDate: string | null;
  effective: { from: string | null; to: string | null };
  note: string | null;
}

/** A TableAnswer literal with one fixed key order (object spreads in the hot path were the main cost of a lookup). */
function answer(
  index: number,
  position: number,
  coversDate: boolean,
  note: string | null,
  status: CatalogueStatus,
  endDate: string | null,
  effective: { from: string | null; to: string | null },
): TableAnswer {
  return { index, position, coversDate, note, status, endDate, effective };
}

export class CodeTable {
  readonly index = new Map<string, number>();
  /** series name → release positions, ascending effectiveFrom */
  private readonly seriesPositions = new Map<string, number[]>();

  constructor(
    readonly system: CodeSystem,
    readonly table: SystemTable,
    private readonly allReleases: readonly Release[],
  ) {
    table.codes.forEach((c, i) => this.index.set(c, i));
    table.series.forEach((s, pos) => {
      const list = this.seriesPositions.get(s) ?? [];
      list.push(pos);
      this.seriesPositions.set(s, list);
    });
  }

  release(position: number): Release {
    return this.allReleases[this.table.releases[position]!]!;
  }

  /** series → date of service → release in force (dates of service repeat, so this stays small). */
  private readonly inForceCache = new Map<string, Map<string, { index: number; coversDate: boolean }>>();

  private inForce(series: string, positions: number[], dos: string): { index: number; coversDate: boolean } {
    let bySeries = this.inForceCache.get(series);
    if (!bySeries) this.inForceCache.set(series, (bySeries = new Map()));
    let pick = bySeries.get(dos);
    if (!pick) {
      pick = releaseInForce(positions.map((p) => this.release(p)), dos)!;
      if (bySeries.size > 4096) bySeries.clear();
      bySeries.set(dos, pick);
    }
    return pick;
  }

  /** Billable/valid in the release at `position`. */
  isBillable(i: number, position: number): boolean {
    return this.table.states[i]!.charAt(position) === "1";
  }

  /** Long title of row `i` as of release `position` (older titles come from titleHistory). */
  titleAt(i: number, position: number): string {
    const hist = this.table.titleHistory[this.table.codes[i]!];
    const older = hist?.find(([p]) => p === position);
    return older ? older[1] : this.table.titles[i]!;
  }

  /**
   * Status of row `i` on `dos`. The release in force is chosen within the series that holds the code
   * (releases of one series form a timeline). Rules:
   * - present and flagged 1 → active; flagged 0 → not-billable (ICD-10 header code);
   * - absent from the release in force but present in an earlier one → deleted, ending the day before
   *   the release in force took effect (ICD-10 annual deletions, effective October 1);
   * - present only in later releases → invalid, "not valid before <from>";
   * - HCPCS Level II: TERM DT before the date of service → terminated; ADD DT after it → invalid.
   */
  statusOf(i: number, dos: string): TableAnswer {
    const states = this.table.states[i]!;
    let firstPos = 0;
    while (states.charCodeAt(firstPos) === 45 /* "-" */) firstPos++;
    const series = this.table.series[firstPos]!;
    const positions = this.seriesPositions.get(series)!;
    const pick = this.inForce(series, positions, dos);
    const position = positions[pick.index]!;
    const rel = this.release(position);
    const coversDate = pick.coversDate;
    const state = states.charAt(position);
    if (state === "-") {
      const earlier = positions.filter((p) => p < position && states.charAt(p) !== "-");
      if (earlier.length > 0) {
        const last = this.release(earlier[earlier.length - 1]!);
        const endDate = last.effectiveTo ?? rel.effectiveFrom;
        return answer(i, position, coversDate, `not in ${rel.label}`, "deleted", endDate, { from: null, to: endDate });
      }
      const later = positions.find((p) => p > position && states.charAt(p) !== "-")!;
      const from = this.release(later).effectiveFrom;
      return answer(i, position, coversDate, `not valid before ${from} (added in ${this.release(later).label})`, "invalid", null, { from, to: null });
    }
    const h = this.table.hcpcs[this.table.codes[i]!];
    if (h) {
      const [addDate, , termDate] = h;
      const effective = { from: addDate || null, to: termDate || null };
      if (termDate && dos > termDate) return answer(i, position, coversDate, null, "terminated", termDate, effective);
      if (addDate && dos < addDate) return answer(i, position, coversDate, `not valid before ${addDate} (ADD DT)`, "invalid", null, effective);
      return answer(i, position, coversDate, null, "active", null, effective);
    }
    const effective = { from: rel.effectiveFrom, to: rel.effectiveTo };
    return answer(i, position, coversDate, null, state === "1" ? "active" : "not-billable", null, effective);
  }

  /** Per release position: running count of billable rows (cum[i] = billable rows before i), built on first use. */
  private readonly cumBillable = new Map<number, Int32Array>();

  private cumulative(position: number): Int32Array {
    let cum = this.cumBillable.get(position);
    if (!cum) {
      const n = this.table.codes.length;
      cum = new Int32Array(n + 1);
      for (let i = 0; i < n; i++) cum[i + 1] = cum[i]! + (this.isBillable(i, position) ? 1 : 0);
      this.cumBillable.set(position, cum);
    }
    return cum;
  }

  /**
   * Keys of billable/valid descendants of `key` in release `position` (key order, at most `limit`) and
   * their total count. The count comes from a prefix sum, so S72 (thousands of descendants) costs O(limit).
   */
  billableDescendants(key: string, position: number, limit: number): { keys: string[]; count: number } {
    const [start, end] = prefixRange(this.table.codes, key);
    const cum = this.cumulative(position);
    const self = this.table.codes[start] === key && this.isBillable(start, position) ? 1 : 0;
    const count = cum[end]! - cum[start]! - self;
    const keys: string[] = [];
    for (let j = start; j < end && keys.length < limit; j++) {
      if (this.table.codes[j] !== key && this.isBillable(j, position)) keys.push(this.table.codes[j]!);
    }
    return { keys, count };
  }

  /** true when row `i` is present in the latest release of its series (i.e. not deleted by now). */
  inLatest(i: number): boolean {
    const states = this.table.states[i]!;
    const first = states.search(/[01]/);
    if (first < 0) return false;
    const positions = this.seriesPositions.get(this.table.series[first]!)!;
    return states.charAt(positions[positions.length - 1]!) !== "-";
  }

  /** true when row `i` is present (billable or header) in any release. */
  present(i: number): boolean {
    return /[01]/.test(this.table.states[i]!);
  }
}
