// `casedesk catalogue download`: fetches the official CMS/CDC files named in the repository's manifest
// (catalogue/manifest.json) with Node's fetch, verifies sha256 when the manifest gives one, writes each
// file atomically (temp file + rename) and unzips the entries the importer cannot read inside a zip.
import { createHash } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { unzipSync } from "fflate";
import { z } from "zod";

const ManifestFileSchema = z.object({
  id: z.string().min(1),
  system: z.enum(["ICD10CM", "ICD10PCS", "HCPCS", "CPT", "MODIFIER", "PFS", "NCCI-PTP", "NCCI-MUE"]),
  label: z.string().optional(),
  /** the CMS (or CDC) page that links the file: where to look when the url moves */
  page: z.url(),
  url: z.url(),
  /** path under the download directory, e.g. "hcpcs/october-2026-alpha-numeric-hcpcs-file.zip" */
  file: z.string().min(1).refine((f) => !f.split("/").includes("..") && !f.startsWith("/"), "file must stay inside the download directory"),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** regular expression (case-insensitive) on zip entry base names to unpack beside the zip */
  extract: z.string().optional(),
});
const ManifestSchema = z.object({
  description: z.string().optional(),
  reviewed: z.string().optional(),
  files: z.array(ManifestFileSchema).min(1),
});

export type ManifestFile = z.infer<typeof ManifestFileSchema>;
export type Manifest = z.infer<typeof ManifestSchema>;

/** Stable error codes of the download (see {@link CatalogueDownloadError}). */
export type DownloadErrorCode = "CATALOGUE_OFFLINE" | "CATALOGUE_HTTP" | "CATALOGUE_SHA256_MISMATCH" | "CATALOGUE_MANIFEST";

/** A download failure with a stable `code`; the message says what to do next. */
export class CatalogueDownloadError extends Error {
  constructor(readonly code: DownloadErrorCode, message: string) {
    super(message);
    this.name = "CatalogueDownloadError";
  }
}

/**
 * Read and validate a manifest file.
 * @throws CatalogueDownloadError CATALOGUE_MANIFEST when the file is missing, not JSON or not the schema.
 */
export async function readManifest(path: string): Promise<Manifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new CatalogueDownloadError("CATALOGUE_MANIFEST", `cannot read manifest ${path}: ${(err as Error).message}`);
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CatalogueDownloadError("CATALOGUE_MANIFEST", `manifest ${path} is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

/** Progress events of {@link downloadCatalogue}; `total` is the Content-Length in bytes, null when unknown. */
export type DownloadEvent =
  | { type: "start"; id: string; url: string; file: string; total: number | null }
  | { type: "bytes"; id: string; received: number; total: number | null }
  | { type: "done"; id: string; file: string; skipped: boolean; extracted: string[] };

export interface DownloadOptions {
  manifest: Manifest;
  /** where the files go (created when missing); each lands at toDir/<file> */
  toDir: string;
  /** replace scheme, host and port of every url (tests, mirrors), e.g. "http://127.0.0.1:8123" */
  baseUrl?: string;
  /** only these manifest ids (default all) */
  only?: string[];
  /** download again even when the file is present */
  force?: boolean;
  /** abort a transfer idle for this long, ms (default 60 000) */
  idleTimeoutMs?: number;
  onProgress?: (e: DownloadEvent) => void;
  /** where the manifest came from, named in error messages */
  manifestPath?: string;
}

export interface DownloadResult {
  id: string;
  path: string;
  sha256: string;
  skipped: boolean;
  extracted: string[];
}

/** `url` with its origin replaced by `baseUrl` (path and query kept). */
export function rebase(url: string, baseUrl: string | undefined): string {
  if (!baseUrl) return url;
  const u = new URL(url);
  return new URL(u.pathname + u.search, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).toString();
}

const OFFLINE_CODES = new Set([
  "ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENETUNREACH", "EHOSTUNREACH", "ENETDOWN",
  "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_SOCKET", "CERT_HAS_EXPIRED", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
]);

/** The network-level cause code of a fetch failure ("ENOTFOUND", "TimeoutError", …), or null when it is not one. */
export function networkFailureCode(err: unknown): string | null {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string } } | null;
  if (!e) return null;
  if (e.name === "TimeoutError" || e.name === "AbortError") return e.name;
  const code = e.cause?.code ?? e.code;
  if (code && OFFLINE_CODES.has(code)) return code;
  return e.name === "TypeError" && /fetch failed/.test(String((err as Error).message)) ? "fetch failed" : null;
}

function offlineMessage(url: string, code: string, manifestPath: string): string {
  const host = new URL(url).host;
  return (
    `cannot reach ${host} (${code}): this machine appears to be offline or cannot reach cms.gov. ` +
    `On a machine with internet access, download the files listed in ${manifestPath} ` +
    "(`casedesk catalogue download --list` prints each CMS page and URL), copy them into one folder on this machine " +
    "(zips as downloaded; any layout) and run: casedesk catalogue import --dir <that folder>"
  );
}

/** sha256 hex of a file, streamed. */
async function sha256Of(path: string): Promise<string> {
  const h = createHash("sha256");
  const fh = await open(path, "r");
  try {
    for await (const chunk of fh.createReadStream()) h.update(chunk as Buffer);
  } finally {
    await fh.close();
  }
  return h.digest("hex");
}

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

/**
 * Unzip the entries of `zipPath` whose base name matches `pattern` (case-insensitive) into `destDir`,
 * each written atomically under its base name. Used by download and by `catalogue import --dir`.
 * @returns the paths written.
 */
export async function extractZipEntries(zipPath: string, pattern: RegExp, destDir: string): Promise<string[]> {
  const entries = unzipSync(new Uint8Array(await readFile(zipPath)), { filter: (f) => pattern.test(basename(f.name)) });
  const out: string[] = [];
  for (const [name, data] of Object.entries(entries)) {
    if (name.endsWith("/")) continue;
    const dest = join(destDir, basename(name));
    const tmp = `${dest}.${process.pid}.part`;
    await writeFile(tmp, data);
    await rename(tmp, dest);
    out.push(dest);
  }
  return out.sort();
}

/** Fetch `url` into `dest` atomically; returns the sha256 of the bytes. Throws CatalogueDownloadError. */
async function fetchToFile(url: string, dest: string, id: string, opts: DownloadOptions): Promise<string> {
  const manifestPath = opts.manifestPath ?? "catalogue/manifest.json";
  const ctrl = new AbortController();
  const idle = opts.idleTimeoutMs ?? 60_000;
  let timer = setTimeout(() => ctrl.abort(new DOMException("idle timeout", "TimeoutError")), idle);
  const touch = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => ctrl.abort(new DOMException("idle timeout", "TimeoutError")), idle);
  };
  const tmp = `${dest}.${process.pid}.part`;
  try {
    let res: Response;
    try {
      res = await fetch(url, { signal: ctrl.signal, redirect: "follow", headers: { "user-agent": "casedesk catalogue download" } });
    } catch (err) {
      const code = networkFailureCode(err) ?? networkFailureCode(ctrl.signal.reason);
      if (code) throw new CatalogueDownloadError("CATALOGUE_OFFLINE", offlineMessage(url, code, manifestPath));
      throw err;
    }
    if (!res.ok || !res.body) {
      throw new CatalogueDownloadError(
        "CATALOGUE_HTTP",
        `HTTP ${res.status} for ${url} (${id}): the file may have moved; open its CMS page (see ${manifestPath}) and update the url`,
      );
    }
    const len = Number(res.headers.get("content-length"));
    const total = Number.isFinite(len) && len > 0 ? len : null;
    opts.onProgress?.({ type: "start", id, url, file: dest, total });
    await mkdir(dirname(dest), { recursive: true });
    const hash = createHash("sha256");
    const fh = await open(tmp, "w");
    let received = 0;
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        touch();
        hash.update(chunk);
        await fh.write(chunk);
        received += chunk.byteLength;
        opts.onProgress?.({ type: "bytes", id, received, total });
      }
      await fh.sync();
    } catch (err) {
      const code = networkFailureCode(err) ?? networkFailureCode(ctrl.signal.reason);
      if (code) throw new CatalogueDownloadError("CATALOGUE_OFFLINE", `transfer of ${url} broke off (${code}); run the download again`);
      throw err;
    } finally {
      await fh.close();
    }
    return hash.digest("hex");
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Download the manifest's files into `opts.toDir` (skipping files already present whose sha256 matches,
 * or that are present when the manifest gives no sha256, unless `force`), verify sha256, rename into
 * place, then unzip the `extract` entries beside each zip.
 * @returns one result per file, in manifest order.
 * @throws CatalogueDownloadError CATALOGUE_OFFLINE (no network: the message explains placing the files by
 *   hand and `catalogue import --dir`), CATALOGUE_HTTP (non-2xx), CATALOGUE_SHA256_MISMATCH (the temp file
 *   is removed, nothing replaced), CATALOGUE_MANIFEST (unknown id in `only`).
 */
export async function downloadCatalogue(opts: DownloadOptions): Promise<DownloadResult[]> {
  const files = opts.only?.length ? opts.manifest.files.filter((f) => opts.only!.includes(f.id)) : opts.manifest.files;
  const unknown = (opts.only ?? []).filter((id) => !opts.manifest.files.some((f) => f.id === id));
  if (unknown.length) throw new CatalogueDownloadError("CATALOGUE_MANIFEST", `not in the manifest: ${unknown.join(", ")}`);
  const results: DownloadResult[] = [];
  for (const f of files) {
    const dest = join(opts.toDir, ...f.file.split("/"));
    let sha: string | null = null;
    let skipped = false;
    if (!opts.force && (await exists(dest))) {
      sha = await sha256Of(dest);
      skipped = !f.sha256 || f.sha256 === sha;
    }
    if (!skipped) {
      const url = rebase(f.url, opts.baseUrl);
      sha = await fetchToFile(url, dest, f.id, opts);
      const tmp = `${dest}.${process.pid}.part`;
      if (f.sha256 && f.sha256 !== sha) {
        await rm(tmp, { force: true });
        throw new CatalogueDownloadError(
          "CATALOGUE_SHA256_MISMATCH",
          `${f.id}: sha256 of ${url} is ${sha}, the manifest expects ${f.sha256}; nothing was replaced (a re-issued file? check ${f.page})`,
        );
      }
      await rename(tmp, dest);
    }
    const extracted = f.extract ? await extractZipEntries(dest, new RegExp(f.extract, "i"), dirname(dest)) : [];
    opts.onProgress?.({ type: "done", id: f.id, file: dest, skipped, extracted });
    results.push({ id: f.id, path: dest, sha256: sha!, skipped, extracted });
  }
  return results;
}
