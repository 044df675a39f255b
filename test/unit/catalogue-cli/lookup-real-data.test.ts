// `casedesk lookup` / `search` / `catalogue status` on a snapshot imported (through `catalogue import --dir`)
// from the official files in ../shared/data; skipped when that folder is absent. Asserts the JSON shapes
// of issue 3 on its acceptance cases, and that the top-level commands and the `catalogue` aliases agree.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runImport, runStatus } from "../../../src/cli/catalogue.command.js";
import { runLookup, runSearch } from "../../../src/cli/lookup.command.js";
import type { LookupJson, SearchJson } from "../../../src/cli/catalogue-format.js";
import { SHARED_DATA, capture, casedesk } from "./helpers.js";

const KEYS = ["query", "system", "code", "status", "description", "release", "effective", "billableChildren", "replacements", "suggestions", "pfs"];
const STATUSES = ["active", "deleted", "terminated", "not-billable", "invalid", "unknown"];

describe.skipIf(!existsSync(SHARED_DATA))("catalogue CLI on the official files", () => {
  let work: string;
  let snap: string;
  const lookup = async (codes: string[], dos: string, opt: "dos" | "date" = "dos"): Promise<LookupJson[]> => {
    const c = capture();
    await runLookup(codes, { [opt]: dos, format: "json", catalogue: snap }, c.print);
    return c.lines.map((l) => JSON.parse(l) as LookupJson);
  };
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "casedesk-cli-"));
    snap = join(work, "snap");
    const c = capture();
    await runImport({ dir: SHARED_DATA, out: snap }, c.print, c.err);
  }, 180_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("one JSON object per code, each with the issue-3 keys and a known status", async () => {
    const all = await lookup(["L74.510", "l7451", "E119", "J1030", "S62.5X0A", "99213", "Z99.99"], "2026-03-15");
    expect(all).toHaveLength(7);
    for (const j of all) {
      expect(Object.keys(j).slice(0, KEYS.length)).toEqual(KEYS);
      expect(STATUSES).toContain(j.status);
      expect(Object.keys(j.effective)).toEqual(["from", "to"]);
    }
    const [active, header, dotless, terminated, invalid, cpt] = all;
    expect(active).toMatchObject({ query: "L74.510", system: "ICD10CM", code: "L74.510", status: "active", release: "ICD-10-CM FY2026", effective: { from: "2025-10-01", to: "2026-09-30" } });
    expect(header).toMatchObject({ query: "l7451", code: "L74.51", status: "not-billable", billableChildren: ["L74.510", "L74.511", "L74.512", "L74.513", "L74.519"], suggestions: [] });
    expect(dotless).toMatchObject({ query: "E119", code: "E11.9", status: "active", description: "Type 2 diabetes mellitus without complications" });
    expect(terminated).toMatchObject({ system: "HCPCS", code: "J1030", status: "terminated", effective: { to: "2024-03-31" }, pfs: { code: "J1030", statusCode: expect.any(String) } });
    expect(invalid!.status).toBe("invalid");
    expect(invalid!.suggestions.length).toBeGreaterThan(0);
    expect(cpt).toMatchObject({ system: "CPT", pfs: { code: "99213", globalDays: "XXX" } });
  });

  it("--dos / --date: a code deleted for FY2027 is active in September 2026, deleted in October 2026", async () => {
    const [sep] = await lookup(["S23.420A"], "2026-09-30", "date");
    const [oct] = await lookup(["S23.420A"], "2026-10-01");
    expect(sep).toMatchObject({ status: "active", release: "ICD-10-CM FY2026" });
    expect(oct).toMatchObject({ status: "deleted", release: "ICD-10-CM FY2027", endDate: "2026-09-30" });
  });

  it("search: ranked [{system, code, description, score}], --system and --limit honoured", async () => {
    const c = capture();
    await runSearch(["primary focal hyperhidrosis armpit"], { system: "ICD10CM", limit: "5", format: "json", catalogue: snap }, c.print);
    expect(c.lines).toHaveLength(1);
    const hits = JSON.parse(c.lines[0]!) as SearchJson[];
    expect(hits.length).toBeLessThanOrEqual(5);
    expect(hits[0]).toEqual({ system: "ICD10CM", code: "L74.510", description: "Primary focal hyperhidrosis, axilla", score: expect.any(Number) });
    for (const h of hits) expect(Object.keys(h)).toEqual(["system", "code", "description", "score"]);
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
  });

  it("status: releases with source and sha256 prefix, snapshot age, today's uncovered code sets", async () => {
    const c = capture();
    await runStatus({ catalogue: snap, format: "json" }, c.print, new Date("2026-11-21T12:00:00Z"));
    const r = JSON.parse(c.lines[0]!);
    expect(r.snapshot.path).toBe(join(snap, "catalogue-snapshot.json"));
    expect(r.snapshot.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(r.releases.find((x: { label: string }) => x.label === "ICD-10-CM FY2026")).toMatchObject({
      effectiveFrom: "2025-10-01", effectiveTo: "2026-09-30", sha256Prefix: "55a9124a27ca",
      sourceFile: "icd10cm/official-fy2026/2026-code-descriptions-tabular-order.zip!icd10cm_order_2026.txt",
    });
    const cov = Object.fromEntries(r.coverage.map((x: { system: string }) => [x.system, x]));
    expect(cov.ICD10CM).toMatchObject({ state: "covered", release: "ICD-10-CM FY2027" });
    expect(cov.HCPCS).toMatchObject({ state: "not-covered", gap: { from: "2026-01-01", to: null } });
    expect(cov.ICD10PCS).toMatchObject({ state: "not-covered", gap: { from: "2026-10-01", to: null } });
    expect(cov["NCCI-PTP"]).toMatchObject({ state: "not-loaded" });

    const t = capture();
    await runStatus({ catalogue: snap }, t.print, new Date("2026-11-21T12:00:00Z"));
    const text = t.lines.join("\n");
    expect(text).toMatch(/^snapshot .*catalogue-snapshot\.json \(\d+\.\d MB\), built .*, .* ago$/m);
    expect(text).toMatch(/^ICD10CM\tICD-10-CM FY2026\t2025-10-01\t2026-09-30\t55a9124a27ca\t/m);
    expect(text).toMatch(/^ {2}HCPCS +NOT COVERED 2026-01-01 to open: lookups fall back to HCPCS Level II 2025-10/m);
  });

  it("the casedesk command: top-level lookup and its `catalogue lookup` alias print the same JSON lines", async () => {
    const args = ["L74.51", "J1030", "--dos", "2026-03-15", "--format", "json", "--catalogue", snap];
    const [top, alias] = await Promise.all([casedesk(["lookup", ...args]), casedesk(["catalogue", "lookup", ...args])]);
    expect(top.code).toBe(0);
    expect(top.stdout).toBe(alias.stdout);
    const lines = top.stdout.trim().split("\n").map((l) => JSON.parse(l) as LookupJson);
    expect(lines.map((j) => [j.code, j.status])).toEqual([["L74.51", "not-billable"], ["J1030", "terminated"]]);
  });

  it("the casedesk command: search --format json and a bad --dos", async () => {
    const [s, bad] = await Promise.all([
      casedesk(["search", "type 2 diabetes without complications", "--system", "ICD10CM", "--limit", "3", "--format", "json", "--catalogue", snap]),
      casedesk(["lookup", "E11.9", "--dos", "2026-13-01", "--catalogue", snap]),
    ]);
    expect(s.code).toBe(0);
    const hits = JSON.parse(s.stdout) as SearchJson[];
    expect(hits).toHaveLength(3);
    expect(hits.map((h) => h.code)).toContain("E11.9");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/date of service 2026-13-01 is not a date written YYYY-MM-DD/);
  });
});
