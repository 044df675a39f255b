// The in-memory Catalogue over a loaded snapshot: exact lookups by date of service, knows(), PFS /
// NCCI answers and free-text search. Built once per process; every lookup is Map access plus a few
// string operations (no I/O).
import type { CodeSystem } from "../codes/types.js";
import type { Catalogue, CodeLookup, MueValue, PfsIndicators, PtpEdit, Release, SearchHit } from "./types.js";
import type { Snapshot } from "./snapshot.js";
import { CodeTable } from "./code-table.js";
import { displayCode, isWellFormed, normaliseFor, normaliseKey, placeholderCandidates } from "./code-format.js";
import { assertIsoDate, covers } from "./release-timeline.js";
import { nearMisses } from "./suggest.js";
import { hierarchyOf } from "./hierarchy.js";
import { NcciIndex } from "./ncci-index.js";
import { pfsIndicators } from "./pfs-lookup.js";
import { CatalogueSearch } from "./search.js";

const SYSTEMS: CodeSystem[] = ["ICD10CM", "ICD10PCS", "HCPCS", "CPT", "MODIFIER"];
const MAX_CHILDREN = 25;

/** Catalogue with the optional extras casedesk adds to the shared interface. */
export interface SnapshotCatalogue extends Catalogue {
  /** Build the search index now instead of on the first search (workers that search may warm up). */
  warmSearch(): void;
}

/**
 * Wrap a snapshot as a {@link Catalogue}. Cost: one Map per system (≈180k keys for ICD-10-CM + PCS).
 * Search uses the indexes stored with the snapshot; a system without one is indexed on its first search (or `warmSearch`).
 */
export function createCatalogue(snapshot: Snapshot): SnapshotCatalogue {
  const tables = new Map<CodeSystem, CodeTable>();
  for (const s of SYSTEMS) {
    const t = snapshot.systems[s];
    if (t) tables.set(s, new CodeTable(s, t, snapshot.releases));
  }
  const ncci = new NcciIndex(snapshot);
  const searcher = new CatalogueSearch(tables, snapshot.search);

  function lookup(system: CodeSystem, code: string, dateOfService: string): CodeLookup {
    assertIsoDate(dateOfService);
    const key = normaliseFor(system, code);
    const table = tables.get(system);
    const base: CodeLookup = { system, code: displayCode(system, key), status: "invalid", title: null, release: null };
    if (!isWellFormed(system, key)) {
      const suggestions = table && key.length >= 2 && key.length <= 9 ? nearMisses(table.table.codes, key, (i) => table.present(i)) : [];
      return { ...base, suggestions: suggestions.map((k) => displayCode(system, k)), note: `not a well-formed ${system} code` };
    }
    const i = table?.index.get(key);
    if (!table || i === undefined) return missing(system, key, base, table, dateOfService);
    const a = table.statusOf(i, dateOfService);
    const rel = table.release(a.position);
    // One literal in the key order of `{ ...base, … }` (spreading and then adding keys is several times slower).
    const out: CodeLookup = {
      system,
      code: base.code,
      status: a.status,
      title: table.titleAt(i, a.position),
      release: rel.label,
      shortTitle: table.table.shorts[i] || table.table.titles[i]!,
      coversDate: a.coversDate,
      effective: a.effective,
      endDate: a.endDate,
      note: a.coversDate ? a.note : [`no loaded release covers ${dateOfService}; answered from ${rel.label}`, a.note].filter(Boolean).join("; "),
    };
    if (system === "CPT" || (system === "MODIFIER" && /^[0-9]{2}$/.test(key))) out.shortTitle = null;
    if (a.status === "not-billable") {
      const d = table.billableDescendants(key, a.position, MAX_CHILDREN);
      out.suggestions = d.keys.map((k) => displayCode(system, k));
      out.billableDescendantCount = d.count;
    }
    if (system === "ICD10CM") {
      out.needs7thCharacter = a.status === "not-billable" && needsSeventh(table, key, a.position);
      out.hierarchy = hierarchyOf(snapshot.hierarchy, key, (k) => titleIfPresent(table, k), (k) => displayCode(system, k));
    }
    if (a.status === "deleted") {
      const repl = snapshot.conversions[key] ?? [];
      out.replacements = repl.map((k) => displayCode(system, k));
      if (repl.length === 0) out.suggestions = successors(table, key, a.position).map((k) => displayCode(system, k));
    }
    const h = table.table.hcpcs[key];
    if (h) out.hcpcs = { actionCode: h[3], actionEffectiveDate: h[1] || null, coverage: h[4], pricing: h[5], betos: h[6] };
    return out;
  }

  /** A well-formed key no release holds: placeholder-X repair, near misses (invalid) or unknown. */
  function missing(system: CodeSystem, key: string, base: CodeLookup, table: CodeTable | undefined, dos: string): CodeLookup {
    if (!table) {
      const pfsRow = system === "CPT" || system === "HCPCS" ? snapshot.pfs?.rows[key]?.find((r) => r[0] === "") : undefined;
      if (pfsRow && pfsRow[1] === "D") {
        return { ...base, status: "deleted", release: snapshot.releases[snapshot.pfs!.release]!.label, note: "PFS status D (deleted code)" };
      }
      const note = pfsRow
        ? `no ${system} code file loaded; present in the PFS file with status ${pfsRow[1]}`
        : `no ${system} code file loaded`;
      return { ...base, status: "unknown", note };
    }
    if (system === "ICD10CM") {
      const fixed = placeholderCandidates(key).filter((k) => {
        const j = table.index.get(k);
        return j !== undefined && table.statusOf(j, dos).status === "active";
      });
      if (fixed.length > 0) {
        return { ...base, suggestions: fixed.map((k) => displayCode(system, k)), note: "placeholder X missing (7th character must be in position 7)" };
      }
    }
    const near = nearMisses(table.table.codes, key, (j) => table.table.states[j]!.includes("1"));
    if (near.length === 0) return { ...base, status: "unknown", note: `not in any loaded ${system} release` };
    return { ...base, suggestions: near.map((k) => displayCode(system, k)) };
  }

  return {
    lookup,
    knows(system, code) {
      const key = normaliseFor(system, code);
      const t = tables.get(system);
      const i = t?.index.get(key);
      if (t && i !== undefined) return t.present(i);
      if (system === "MODIFIER" || system === "CPT") return system === "CPT" && !t && /^[0-9]{5}$/.test(key) && !!snapshot.pfs?.rows[key];
      return false;
    },
    search(query, options) {
      return searcher.search(query, options?.system, options?.limit ?? 10) satisfies SearchHit[];
    },
    releases(): Release[] {
      return snapshot.releases.map((r) => ({ ...r }));
    },
    pfs(code: string, dateOfService: string, modifier?: string): PfsIndicators | null {
      assertIsoDate(dateOfService);
      if (!snapshot.pfs) return null;
      const rel = snapshot.releases[snapshot.pfs.release]!;
      const found = pfsIndicators(snapshot.pfs.rows, normaliseKey(code), modifier ?? null, rel.label);
      return found ? { ...found, coversDate: covers(rel, dateOfService) } : null;
    },
    ptpEdits(codeA: string, codeB: string, dateOfService: string): PtpEdit[] {
      assertIsoDate(dateOfService);
      return ncci.ptp(normaliseKey(codeA), normaliseKey(codeB), dateOfService);
    },
    mue(code: string, dateOfService: string): MueValue | null {
      assertIsoDate(dateOfService);
      return ncci.mue(normaliseKey(code), dateOfService);
    },
    ncciLists(code: string, dateOfService: string): boolean {
      assertIsoDate(dateOfService);
      return ncci.lists(normaliseKey(code), dateOfService);
    },
    warmSearch() {
      searcher.build();
    },
  };
}

/** Title of `key` when some release holds it (header codes for the hierarchy), else null. */
function titleIfPresent(table: CodeTable, key: string): string | null {
  const j = table.index.get(key);
  return j === undefined ? null : table.table.titles[j]!;
}

/**
 * ICD-10-CM 7th-character rule (Official Guidelines I.A.5): a header needs only a 7th character when
 * billable codes exist of the form key + placeholder X up to 6 characters + one character.
 */
function needsSeventh(table: CodeTable, key: string, position: number): boolean {
  if (key.length >= 7) return false;
  const padded = key.padEnd(6, "X");
  return table.billableDescendants(padded, position, 1).keys.some((k) => k.length === 7);
}

/** For a deleted ICD-10 code without a conversion-table entry: billable codes of the release in force under its nearest surviving header. */
function successors(table: CodeTable, key: string, position: number): string[] {
  for (let len = key.length - 1; len >= 3; len--) {
    const d = table.billableDescendants(key.slice(0, len), position, 10);
    if (d.count > 0) return d.keys;
  }
  return [];
}
