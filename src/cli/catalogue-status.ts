// `casedesk catalogue status`: which releases the snapshot holds and, for each code set, whether a release
// is in force today, and if not, the uncovered date range around today (lookups then answer from the
// nearest release with a note, which an operator should know about).
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { Release } from "../domain/catalogue/types.js";
import { SNAPSHOT_FILE, readSnapshot } from "../adapters/catalogue/snapshot-store.js";

/** Code sets reported on, in this order (CPT appears only through a licensee's file). */
export const STATUS_SYSTEMS: Release["system"][] = ["ICD10CM", "ICD10PCS", "HCPCS", "CPT", "MODIFIER", "PFS", "NCCI-PTP", "NCCI-MUE"];

/** Coverage of one code set on one date. `gap` is the uncovered range holding the date (null end = open). */
export interface Coverage {
  system: Release["system"];
  state: "covered" | "not-covered" | "not-loaded";
  /** the release in force (covered), or the one lookups fall back to (not-covered) */
  release: string | null;
  gap: { from: string | null; to: string | null } | null;
}

const addDays = (iso: string, n: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/**
 * Coverage of each code set on `date` (ISO YYYY-MM-DD). A release covers a date when effectiveFrom ≤ date ≤
 * effectiveTo (open end = forever). The gap runs from the day after the latest release ending before `date`
 * (null: none) to the day before the earliest release starting after it (null: none). Pure.
 */
export function coverageOn(releases: Release[], date: string, systems: Release["system"][] = STATUS_SYSTEMS): Coverage[] {
  return systems.map((system) => {
    const rs = releases.filter((r) => r.system === system);
    if (rs.length === 0) return { system, state: "not-loaded", release: null, gap: null };
    const inForce = rs.filter((r) => r.effectiveFrom <= date && (r.effectiveTo === null || date <= r.effectiveTo))
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
    if (inForce) return { system, state: "covered", release: inForce.label, gap: null };
    const before = rs.filter((r) => r.effectiveTo !== null && r.effectiveTo < date).sort((a, b) => b.effectiveTo!.localeCompare(a.effectiveTo!))[0];
    const after = rs.filter((r) => r.effectiveFrom > date).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0];
    return {
      system, state: "not-covered", release: (before ?? after)!.label,
      gap: { from: before ? addDays(before.effectiveTo!, 1) : null, to: after ? addDays(after.effectiveFrom, -1) : null },
    };
  });
}

/** "3 d 4 h", "2 h 5 min", "40 s": a compact age for a duration in ms. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

export interface StatusReport {
  snapshot: { path: string; builtAt: string; ageSeconds: number; bytes: number };
  releases: Array<Release & { sha256Prefix: string }>;
  today: string;
  coverage: Coverage[];
}

/**
 * Status of the snapshot in `dir` on `now`.
 * @throws Error from readSnapshot when there is no snapshot (the message tells how to import one).
 */
export async function catalogueStatus(dir: string, now: Date): Promise<StatusReport> {
  const snap = await readSnapshot(dir);
  const path = join(dir, SNAPSHOT_FILE);
  const { size } = await stat(path);
  const today = now.toISOString().slice(0, 10);
  return {
    snapshot: { path, builtAt: snap.builtAt, ageSeconds: Math.round((now.getTime() - Date.parse(snap.builtAt)) / 1000), bytes: size },
    releases: snap.releases.map((r) => ({ ...r, sha256Prefix: r.sha256.slice(0, 12) })),
    today,
    coverage: coverageOn(snap.releases, today),
  };
}

/** The text form of a {@link StatusReport}: snapshot line, release table, today's coverage. */
export function statusText(r: StatusReport): string[] {
  const lines = [
    `snapshot ${r.snapshot.path} (${(r.snapshot.bytes / 1_048_576).toFixed(1)} MB), built ${r.snapshot.builtAt}, ${formatAge(r.snapshot.ageSeconds * 1000)} ago`,
    "",
    ["system", "label", "from", "to", "sha256", "source file"].join("\t"),
  ];
  for (const x of r.releases) lines.push([x.system, x.label, x.effectiveFrom, x.effectiveTo ?? "open", x.sha256Prefix, x.sourceFile].join("\t"));
  lines.push("", `today ${r.today}:`);
  for (const c of r.coverage) {
    const name = c.system.padEnd(9);
    if (c.state === "covered") lines.push(`  ${name} covered by ${c.release}`);
    else if (c.state === "not-loaded") lines.push(`  ${name} not loaded${c.system === "CPT" ? " (optional: licensee AMA file, --cpt-file)" : ""}`);
    else lines.push(`  ${name} NOT COVERED ${c.gap!.from ?? "…"} to ${c.gap!.to ?? "open"}: lookups fall back to ${c.release}; import a newer file`);
  }
  return lines;
}
