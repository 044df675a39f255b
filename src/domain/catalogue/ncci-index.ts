// Lookup side of the NCCI data in a snapshot: PTP edits by code pair and MUE values by code, filtered
// by the date of service. The pair index is built on first use so that loading stays fast.
import type { MueValue, PtpEdit } from "./types.js";
import type { PtpTuple, Snapshot } from "./snapshot.js";

export class NcciIndex {
  private pairs: Map<string, number[]> | null = null;
  private mues: Map<string, number> | null = null;
  /** per code: the earliest effective date and the latest deletion date ("" = none) of its PTP edits */
  private spans: Map<string, [string, string]> | null = null;

  constructor(private readonly snapshot: Snapshot) {}

  /**
   * PTP edits between a and b in either order in force on `dos`: effective date ≤ dos and (no deletion
   * date or dos ≤ deletion date). NCCI PTP files list the last day an edit applies as its deletion date.
   */
  ptp(a: string, b: string, dos: string): PtpEdit[] {
    const ptp = this.snapshot.ptp;
    if (!ptp) return [];
    if (!this.pairs) {
      this.pairs = new Map();
      ptp.edits.forEach((e, i) => {
        const k = `${e[0]}|${e[1]}`;
        const list = this.pairs!.get(k);
        if (list) list.push(i);
        else this.pairs!.set(k, [i]);
      });
    }
    const label = this.snapshot.releases[ptp.release]!.label;
    const hits = [...(this.pairs.get(`${a}|${b}`) ?? []), ...(this.pairs.get(`${b}|${a}`) ?? [])];
    return hits
      .map((i) => ptp.edits[i]!)
      .filter((e) => e[3] <= dos && (e[4] === "" || dos <= e[4]))
      .map((e) => toEdit(e, ptp.rationales, label));
  }

  /**
   * Whether the NCCI files list `code` for `dos`: an MUE row (MUE files carry no dates), or PTP edits in either
   * column whose span, earliest effective date to latest deletion date, covers `dos`. NCCI lists only codes in
   * use (the PTP edits of a deleted code end on its deletion), so this vouches for a code's existence when no
   * code file can: CPT without a licensed file.
   */
  lists(code: string, dos: string): boolean {
    if (this.mue(code, dos) !== null) return true;
    const ptp = this.snapshot.ptp;
    if (!ptp) return false;
    if (!this.spans) {
      const spans = new Map<string, [string, string]>();
      for (const e of ptp.edits) {
        for (const c of [e[0], e[1]]) {
          const s = spans.get(c);
          if (!s) spans.set(c, [e[3], e[4]]);
          else {
            if (e[3] < s[0]) s[0] = e[3];
            if (s[1] !== "" && (e[4] === "" || e[4] > s[1])) s[1] = e[4];
          }
        }
      }
      this.spans = spans;
    }
    const s = this.spans.get(code);
    return s !== undefined && s[0] <= dos && (s[1] === "" || dos <= s[1]);
  }

  /** MUE of `code`, or null. MUE files carry no dates per row: the release's quarter applies. */
  mue(code: string, _dos: string): MueValue | null {
    const mue = this.snapshot.mue;
    if (!mue) return null;
    if (!this.mues) {
      this.mues = new Map();
      mue.values.forEach((v, i) => this.mues!.set(v[0], i));
    }
    const i = this.mues.get(code);
    if (i === undefined) return null;
    const [c, value, mai, rationale] = mue.values[i]!;
    return { code: c, value, mai, rationale, release: this.snapshot.releases[mue.release]!.label };
  }
}

function toEdit(e: PtpTuple, rationales: string[], release: string): PtpEdit {
  return {
    column1: e[0],
    column2: e[1],
    priorTo1996: e[2] === 1,
    effectiveDate: e[3],
    deletionDate: e[4] === "" ? null : e[4],
    modifierIndicator: e[5],
    rationale: rationales[e[6]] ?? "",
    release,
  };
}
