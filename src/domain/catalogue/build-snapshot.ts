// Assembles parsed inputs (order rows, ANWEB rows, PFS/NCCI tuples, hierarchy, conversions) into the
// snapshot value. Pure: the adapter supplies releases (with sha256) and the build time.
import type { Release } from "./types.js";
import type { HcpcsRow } from "./hcpcs-anweb.js";
import type { HierarchyTables, MueTuple, PtpTuple, ReleaseRows, Snapshot, SystemTable } from "./snapshot.js";
import type { PfsParsed } from "./pfs-pprrvu.js";
import { SNAPSHOT_FORMAT, buildSystemTable } from "./snapshot.js";
import { CPT_MODIFIERS } from "./cpt-modifiers.js";
import { CodeTable } from "./code-table.js";
import { DEFAULT_SYSTEMS, buildSystemSearchIndex, type SearchIndexes } from "./search-index.js";

export interface CatalogueInputs {
  /** ISO timestamp supplied by the caller (domain code reads no clock) */
  builtAt: string;
  icd10cm: ReleaseRows[];
  icd10pcs: ReleaseRows[];
  hcpcs: { release: Release; rows: HcpcsRow[] } | null;
  /** release standing for casedesk's own numeric CPT modifier descriptions */
  cptModifiers: Release;
  /** licensee CPT file: codes and descriptors (kept only in the local snapshot, never committed) */
  cpt: { release: Release; rows: Array<{ code: string; title: string }> } | null;
  conversions: Record<string, string[]>;
  hierarchy: HierarchyTables | null;
  pfs: { release: Release; parsed: PfsParsed } | null;
  ptp: { release: Release; rationales: string[]; edits: PtpTuple[] } | null;
  mue: { release: Release; values: MueTuple[] } | null;
}

/**
 * Build the snapshot. Releases are numbered in the order they are met; each appears once. The search
 * indexes of the default search systems are built here too (≈0.3 s), so workers do not build them.
 */
export function buildSnapshot(input: CatalogueInputs): Snapshot {
  const releases: Release[] = [];
  const idx = (r: Release): number => {
    let i = releases.indexOf(r);
    if (i < 0) i = releases.push(r) - 1;
    return i;
  };
  const snap: Snapshot = {
    format: SNAPSHOT_FORMAT, builtAt: input.builtAt, releases, systems: {},
    hierarchy: input.hierarchy, conversions: input.conversions, pfs: null, ptp: null, mue: null,
  };
  if (input.icd10cm.length) snap.systems.ICD10CM = buildSystemTable(input.icd10cm, idx);
  if (input.icd10pcs.length) snap.systems.ICD10PCS = buildSystemTable(input.icd10pcs, idx);

  const modifierInputs: ReleaseRows[] = [{
    release: input.cptModifiers,
    series: "CPT modifiers",
    rows: Object.entries(CPT_MODIFIERS).map(([code, t]) => ({ code, billable: true, shortTitle: t, longTitle: t })),
  }];
  if (input.hcpcs) {
    const rows = (kind: HcpcsRow["kind"]) => input.hcpcs!.rows.filter((r) => r.kind === kind)
      .map((r) => ({ code: r.code, billable: true, shortTitle: r.shortTitle, longTitle: r.longTitle }));
    snap.systems.HCPCS = withHcpcsDates(buildSystemTable([{ release: input.hcpcs.release, series: "HCPCS Level II", rows: rows("code") }], idx), input.hcpcs.rows);
    modifierInputs.push({ release: input.hcpcs.release, series: "HCPCS Level II modifiers", rows: rows("modifier") });
  }
  snap.systems.MODIFIER = buildSystemTable(modifierInputs, idx);
  if (input.hcpcs) withHcpcsDates(snap.systems.MODIFIER, input.hcpcs.rows.filter((r) => r.kind === "modifier"));
  if (input.cpt) {
    snap.systems.CPT = buildSystemTable([{
      release: input.cpt.release, series: "CPT",
      rows: input.cpt.rows.map((r) => ({ code: r.code, billable: true, shortTitle: r.title, longTitle: r.title })),
    }], idx);
  }
  if (input.pfs) snap.pfs = { release: idx(input.pfs.release), rows: input.pfs.parsed.rows };
  if (input.ptp) snap.ptp = { release: idx(input.ptp.release), rationales: input.ptp.rationales, edits: input.ptp.edits };
  if (input.mue) snap.mue = { release: idx(input.mue.release), values: input.mue.values };
  snap.search = buildSearchIndexes(snap);
  return snap;
}

function withHcpcsDates(table: SystemTable, rows: HcpcsRow[]): SystemTable {
  for (const r of rows) {
    table.hcpcs[r.code] = [r.addDate ?? "", r.actionEffectiveDate ?? "", r.termDate ?? "", r.actionCode, r.coverage, r.pricing, r.betos];
  }
  return table;
}

/** Search indexes of the default search systems present in `snapshot` (ICD-10-PCS is left to first use). */
function buildSearchIndexes(snapshot: Snapshot): SearchIndexes {
  const out: SearchIndexes = {};
  for (const s of DEFAULT_SYSTEMS) {
    const t = snapshot.systems[s];
    if (t) out[s] = buildSystemSearchIndex(s, new CodeTable(s, t, snapshot.releases));
  }
  return out;
}
