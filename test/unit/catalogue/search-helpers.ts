// Shared by the search tests: code tables of a snapshot, and a ranking comparison that allows ties to be
// ordered differently (equal rounded scores) but nothing else.
import { expect } from "vitest";
import type { CodeSystem } from "../../../src/domain/codes/types.js";
import type { Snapshot } from "../../../src/domain/catalogue/snapshot.js";
import type { SearchHit } from "../../../src/domain/catalogue/types.js";
import { CodeTable } from "../../../src/domain/catalogue/code-table.js";

export function tablesOf(snap: Snapshot): Map<CodeSystem, CodeTable> {
  const tables = new Map<CodeSystem, CodeTable>();
  for (const s of ["ICD10CM", "ICD10PCS", "HCPCS", "CPT", "MODIFIER"] as CodeSystem[]) {
    const t = snap.systems[s];
    if (t) tables.set(s, new CodeTable(s, t, snap.releases));
  }
  return tables;
}

/**
 * `ours` ranks as `reference`: same length, same scores position by position, and the same hits within
 * each run of equal scores (the last run may be cut by the limit, so there only the scores must agree).
 */
export function expectSameRanking(ours: SearchHit[], reference: SearchHit[], label: string): void {
  expect(ours.map((h) => h.score), label).toEqual(reference.map((h) => h.score));
  const key = (h: SearchHit): string => `${h.system}|${h.code}`;
  const last = reference.at(-1)?.score;
  const groups = (hits: SearchHit[]) => {
    const m = new Map<number, string[]>();
    for (const h of hits) if (h.score !== last) m.set(h.score, [...(m.get(h.score) ?? []), key(h)].sort());
    return m;
  };
  expect(groups(ours), label).toEqual(groups(reference));
}
