// `catalogue download` against a LOCAL HTTP server started here (no network): the manifest's URLs are
// rebased onto it. Checks sha256, atomic writes, unzipping, skip on re-run, HTTP and offline errors, and
// that the downloaded folder imports with `catalogue import --dir`.
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync, strToU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogueDownloadError, downloadCatalogue, readManifest, type Manifest } from "../../../src/adapters/catalogue/download.js";
import { DEFAULT_MANIFEST, runDownload, runImport } from "../../../src/cli/catalogue.command.js";
import { runLookup } from "../../../src/cli/lookup.command.js";
import { FIXTURES, capture, casedesk } from "./helpers.js";

const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");
const DATA = join(FIXTURES, "data");

describe("catalogue download from a local server", () => {
  let work: string;
  let server: Server;
  let base: string;
  let closedBase: string;
  let manifest: Manifest;
  let manifestPath: string;
  const served = new Map<string, Uint8Array>();
  const hits: string[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "casedesk-dl-"));
    const file = async (n: string) => new Uint8Array(await readFile(join(DATA, n)));
    served.set("/files/zip/2026-code-descriptions-tabular-order.zip", zipSync({ "icd10cm_order_2026.txt": await file("icd10cm_order_2026.txt"), "README.txt": strToU8("synthetic") }));
    served.set("/files/zip/october-2025-alpha-numeric-hcpcs-file.zip", zipSync({ "HCPC2025_OCT_ANWEB.csv": await file("HCPC2025_OCT_ANWEB.csv"), "layout.pdf": strToU8("%PDF synthetic") }));
    served.set("/files/zip/ncci-ptp.zip", zipSync({ "ccipra-v313r0-f1.txt": await file("ccipra-v313r0-f1.txt") }));
    server = createServer((req, res) => {
      hits.push(req.url ?? "");
      const body = served.get(req.url ?? "");
      if (!body) return void res.writeHead(404).end("not found");
      res.writeHead(200, { "content-type": "application/zip", "content-length": body.byteLength }).end(Buffer.from(body));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    closedBase = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));

    const entry = (id: string, system: Manifest["files"][number]["system"], path: string, file: string, extra: object = {}) => ({
      id, system, page: "https://www.cms.gov/medicare/coding-billing", url: `https://www.cms.gov${path}`, file, ...extra,
    });
    manifest = {
      files: [
        entry("icd10cm", "ICD10CM", "/files/zip/2026-code-descriptions-tabular-order.zip", "icd10cm/2026-code-descriptions-tabular-order.zip",
          { sha256: sha(served.get("/files/zip/2026-code-descriptions-tabular-order.zip")!) }),
        entry("hcpcs", "HCPCS", "/files/zip/october-2025-alpha-numeric-hcpcs-file.zip", "hcpcs/october-2025-alpha-numeric-hcpcs-file.zip",
          { extract: "^HCPC\\d{4}_[A-Z]{3}_ANWEB.*\\.csv$" }),
        entry("ptp", "NCCI-PTP", "/files/zip/ncci-ptp.zip", "ncci/ncci-ptp.zip", { extract: "^ccipra-v\\d+r\\d+-f\\d+\\.txt$" }),
        entry("wrong-sha", "HCPCS", "/files/zip/ncci-ptp.zip", "bad/ncci-ptp.zip", { sha256: "0".repeat(64) }),
        entry("gone", "PFS", "/files/zip/rvu99z.zip", "pfs/rvu99z.zip"),
      ],
    };
    manifestPath = join(work, "manifest.json");
    await writeFile(manifestPath, JSON.stringify(manifest));
  });
  afterAll(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("downloads, verifies sha256, unzips where needed, leaves no temp files, keeps them on a re-run", async () => {
    const to = join(work, "files");
    const r = await downloadCatalogue({ manifest, toDir: to, baseUrl: base, only: ["icd10cm", "hcpcs", "ptp"] });
    expect(r.map((x) => [x.id, x.skipped])).toEqual([["icd10cm", false], ["hcpcs", false], ["ptp", false]]);
    expect(r[0]!.sha256).toBe(manifest.files[0]!.sha256);
    expect(r[1]!.extracted).toEqual([join(to, "hcpcs", "HCPC2025_OCT_ANWEB.csv")]);
    expect(await readFile(join(to, "hcpcs", "HCPC2025_OCT_ANWEB.csv"), "utf8")).toBe(await readFile(join(DATA, "HCPC2025_OCT_ANWEB.csv"), "utf8"));
    expect(await readdir(join(to, "hcpcs"))).toEqual(["HCPC2025_OCT_ANWEB.csv", "october-2025-alpha-numeric-hcpcs-file.zip"]);
    for (const d of ["icd10cm", "hcpcs", "ncci"]) expect((await readdir(join(to, d))).filter((f) => f.endsWith(".part"))).toEqual([]);

    const before = hits.length;
    const again = await downloadCatalogue({ manifest, toDir: to, baseUrl: base, only: ["icd10cm", "hcpcs"] });
    expect(again.map((x) => x.skipped)).toEqual([true, true]);
    expect(hits.length).toBe(before);
  });

  it("the downloaded folder imports with `catalogue import --dir` and answers lookups", async () => {
    const to = join(work, "files");
    const out = join(work, "snap");
    const imp = capture();
    await runImport({ dir: to, out }, imp.print, imp.err);
    expect(imp.lines.join("\n")).toMatch(/^ICD-10-CM FY2026\t2025-10-01\.\.2026-09-30\ticd10cm\/2026-code-descriptions-tabular-order\.zip!icd10cm_order_2026\.txt/m);
    expect(imp.lines.join("\n")).toMatch(/^NCCI PTP practitioner/m);
    expect(imp.errText()).toMatch(/official file\(s\)/);
    const l = capture();
    await runLookup(["J1030"], { dos: "2025-11-01", format: "json", catalogue: out }, l.print);
    expect(JSON.parse(l.lines[0]!)).toMatchObject({ system: "HCPCS", code: "J1030", status: "terminated", effective: { to: "2024-03-31" } });
  });

  it("`catalogue import --dir` unzips official zips placed there by hand", async () => {
    const dir = join(work, "by-hand");
    await mkdir(dir, { recursive: true });
    await cp(join(work, "files", "hcpcs", "october-2025-alpha-numeric-hcpcs-file.zip"), join(dir, "october-2025-alpha-numeric-hcpcs-file.zip"));
    const imp = capture();
    await runImport({ from: dir, out: join(work, "snap2") }, imp.print, imp.err);
    expect(imp.errText()).toMatch(/unzipped october|unzipped HCPC2025_OCT_ANWEB\.csv/);
    expect(imp.lines.some((x) => x.startsWith("HCPCS Level II 2025-10\t"))).toBe(true);
  });

  it("refuses a file whose sha256 differs and replaces nothing", async () => {
    const to = join(work, "files");
    const err = await downloadCatalogue({ manifest, toDir: to, baseUrl: base, only: ["wrong-sha"] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogueDownloadError);
    expect(err).toMatchObject({ code: "CATALOGUE_SHA256_MISMATCH" });
    expect(await readdir(join(to, "bad"))).toEqual([]);
  });

  it("says which URL answered 404 and where to find the current one", async () => {
    const err = await downloadCatalogue({ manifest, toDir: join(work, "files"), baseUrl: base, only: ["gone"] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "CATALOGUE_HTTP", message: expect.stringMatching(/HTTP 404 .*rvu99z\.zip/) });
  });

  it("offline: a clear error saying cms.gov cannot be reached and how to place the files by hand", async () => {
    const c = capture();
    const err = await runDownload({ manifest: manifestPath, to: join(work, "offline"), baseUrl: closedBase, only: ["icd10cm"] }, c.print, c.err).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "CATALOGUE_OFFLINE" });
    const msg = (err as Error).message;
    expect(msg).toMatch(/cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(msg).toMatch(/offline or cannot reach cms\.gov/);
    expect(msg).toMatch(/casedesk catalogue import --dir/);
    expect(msg).toContain(manifestPath);
  });

  it("the casedesk command exits 1 with the offline message", async () => {
    const r = await casedesk(["catalogue", "download", "--manifest", manifestPath, "--to", join(work, "offline2"), "--base-url", closedBase]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/casedesk: cannot reach 127\.0\.0\.1:\d+ .*cms\.gov.*catalogue import --dir/s);
  });

  it("the committed manifest is valid: official https URLs on cms.gov / cdc.gov, unique ids and files", async () => {
    const m = await readManifest(DEFAULT_MANIFEST);
    expect(m.files.length).toBeGreaterThanOrEqual(8);
    for (const f of m.files) {
      expect(new URL(f.url).protocol).toBe("https:");
      expect(new URL(f.url).hostname).toMatch(/(^|\.)(cms|cdc)\.gov$/);
      expect(new URL(f.page).hostname).toMatch(/(^|\.)(cms|cdc)\.gov$/);
      if (f.extract) expect(() => new RegExp(f.extract!, "i")).not.toThrow();
    }
    expect(new Set(m.files.map((f) => f.id)).size).toBe(m.files.length);
    expect(new Set(m.files.map((f) => f.file)).size).toBe(m.files.length);
    expect(new Set(m.files.map((f) => f.system))).toEqual(new Set(["ICD10CM", "ICD10PCS", "HCPCS", "PFS", "NCCI-PTP", "NCCI-MUE"]));
    const c = capture();
    await runDownload({ list: true }, c.print, c.err);
    expect(c.lines).toHaveLength(m.files.length);
    expect(c.lines[0]).toMatch(/^icd10cm-fy2026-order\tICD10CM\t.*\thttps:\/\/www\.cms\.gov\/files\/zip\/2026-code-descriptions-tabular-order\.zip\t/);
  });
});
