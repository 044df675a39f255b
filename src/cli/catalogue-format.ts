// One place for the catalogue answers the CLI prints: option parsing (system, date of service, format,
// limit), the system a bare code belongs to, and the JSON / text shapes of `lookup` and `search`
// (issue 3, "CLI and JSON"). Used by `casedesk lookup|search` and their `casedesk catalogue …` aliases.
import type { CodeSystem } from "../domain/codes/types.js";
import type { Catalogue, CodeLookup, PfsIndicators, SearchHit } from "../domain/catalogue/types.js";

export const SYSTEMS: CodeSystem[] = ["CPT", "HCPCS", "ICD10CM", "ICD10PCS", "MODIFIER"];

/** Today's date (UTC) as the default date of service: the CLI edge may read the clock, the domain may not. */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** Guess the system of a bare code from its shape only (ambiguous J1100 → HCPCS; see {@link resolveSystem}). */
export function guessSystem(code: string): CodeSystem {
  const k = code.trim().toUpperCase();
  if (/^[0-9]{2}$|^[A-Z][A-Z0-9]$|^[0-9][A-Z]$/.test(k)) return "MODIFIER";
  if (/^([0-9]{5}|[0-9]{4}[FTU])$/.test(k)) return "CPT";
  if (/^[A-V][0-9]{4}$/.test(k)) return "HCPCS";
  if (/^[0-9A-HJ-NP-Z]{7}$/.test(k) && /^[0-9B-DFGHX]/.test(k) && !k.includes(".")) return "ICD10PCS";
  return "ICD10CM";
}

/**
 * The system to look `code` up in: `explicit` when given; else the shape guess, unless the guessed system
 * does not know the code and another one does (dotless L7451 is ICD-10-CM L74.51, not a HCPCS code).
 */
export function resolveSystem(c: Pick<Catalogue, "knows">, code: string, explicit?: CodeSystem): CodeSystem {
  if (explicit) return explicit;
  const guess = guessSystem(code);
  if (c.knows(guess, code)) return guess;
  const other = (["ICD10CM", "HCPCS", "ICD10PCS", "CPT"] as const).find((s) => s !== guess && c.knows(s, code));
  return other ?? guess;
}

/**
 * `--system` value → CodeSystem (case, "-", "_" and spaces ignored: "icd-10-cm" → ICD10CM).
 * @throws Error naming the allowed systems.
 */
export function parseSystem(s: string | undefined): CodeSystem | undefined {
  if (s === undefined) return undefined;
  const up = s.toUpperCase().replace(/[-_ ]/g, "");
  const found = SYSTEMS.find((x) => x === up);
  if (!found) throw new Error(`unknown system ${s}; use one of ${SYSTEMS.join(", ")}`);
  return found;
}

/**
 * `--dos` / `--date` value → ISO date (default today, UTC).
 * @throws Error when it is not a real calendar date written YYYY-MM-DD.
 */
export function parseDos(s: string | undefined): string {
  if (s === undefined) return today();
  const d = new Date(`${s}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) {
    throw new Error(`date of service ${s} is not a date written YYYY-MM-DD`);
  }
  return s;
}

/** `--format` value: "text" or "json". @throws Error otherwise. */
export function parseFormat(s: string | undefined): "text" | "json" {
  const f = (s ?? "text").toLowerCase();
  if (f !== "text" && f !== "json") throw new Error(`unknown format ${s}; use text or json`);
  return f;
}

/** `--limit` value: an integer 1–1000. @throws Error otherwise. */
export function parseLimit(s: string | undefined): number {
  const n = Number(s ?? "10");
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`--limit ${s} must be a whole number from 1 to 1000`);
  return n;
}

/** The JSON object `casedesk lookup --format json` prints per code (issue 3); extra fields follow the listed ones. */
export interface LookupJson {
  query: string;
  system: CodeSystem;
  code: string;
  status: CodeLookup["status"];
  description: string | null;
  release: string | null;
  effective: { from: string | null; to: string | null };
  billableChildren: string[];
  replacements: string[];
  suggestions: string[];
  /** PFS indicators (CPT / HCPCS when the PFS file is loaded), else {} */
  pfs: PfsIndicators | Record<string, never>;
  endDate: string | null;
  needs7thCharacter: boolean;
  /** not-billable headers: how many billable descendants exist (billableChildren holds at most 25) */
  billableChildrenCount?: number;
  note: string | null;
}

/** Shape one lookup answer as {@link LookupJson}. */
export function lookupJson(query: string, r: CodeLookup, pfs: PfsIndicators | null): LookupJson {
  const headerChildren = r.status === "not-billable" ? r.suggestions ?? [] : [];
  const out: LookupJson = {
    query, system: r.system, code: r.code, status: r.status, description: r.title, release: r.release,
    effective: { from: r.effective?.from ?? null, to: r.effective?.to ?? null },
    billableChildren: headerChildren,
    replacements: r.replacements ?? [],
    suggestions: r.status === "not-billable" ? [] : r.suggestions ?? [],
    pfs: pfs ?? {},
    endDate: r.endDate ?? null,
    needs7thCharacter: r.needs7thCharacter ?? false,
    note: r.note ?? null,
  };
  if (r.billableDescendantCount !== undefined) out.billableChildrenCount = r.billableDescendantCount;
  return out;
}

/** Human-readable lines for one lookup answer. */
export function lookupText(j: LookupJson): string[] {
  const lines = [`${j.system} ${j.code}: ${j.status}${j.description ? ` — ${j.description}` : ""}${j.release ? ` [${j.release}]` : ""}`];
  if (j.effective.from || j.effective.to) lines.push(`  effective ${j.effective.from ?? "…"} to ${j.effective.to ?? "…"}`);
  if (j.endDate) lines.push(`  ends ${j.endDate}`);
  if (j.needs7thCharacter) lines.push("  needs a 7th character");
  if (j.replacements.length) lines.push(`  replaced by ${j.replacements.join(", ")}`);
  if (j.billableChildren.length) {
    const more = (j.billableChildrenCount ?? 0) > j.billableChildren.length ? ` (+${j.billableChildrenCount! - j.billableChildren.length} more)` : "";
    lines.push(`  billable codes: ${j.billableChildren.join(", ")}${more}`);
  }
  if (j.suggestions.length) lines.push(`  did you mean: ${j.suggestions.join(", ")}`);
  if ("globalDays" in j.pfs) {
    const p = j.pfs;
    lines.push(`  PFS: status ${p.statusCode}, global ${p.globalDays}, mult proc ${p.multipleProcedure}, bilateral ${p.bilateralSurgery}, assistant ${p.assistantSurgeon}, co ${p.coSurgeon}, team ${p.teamSurgeon} [${p.release}]`);
  }
  if (j.note) lines.push(`  note: ${j.note}`);
  return lines;
}

/**
 * Look each code up on `dos` and shape the answers (one {@link LookupJson} per code, in input order).
 * PFS indicators are added for CPT and HCPCS codes when the PFS file is loaded.
 */
export function lookupCodes(c: Catalogue, codes: string[], opts: { system?: CodeSystem; dos: string }): LookupJson[] {
  return codes.map((query) => {
    const system = resolveSystem(c, query, opts.system);
    const r = c.lookup(system, query, opts.dos);
    const pfs = system === "CPT" || system === "HCPCS" ? c.pfs(r.code, opts.dos) : null;
    return lookupJson(query, r, pfs);
  });
}

/** The JSON object `casedesk search --format json` prints per hit. */
export interface SearchJson {
  system: CodeSystem;
  code: string;
  description: string;
  score: number;
}

/** Shape one search hit (score rounded to 4 decimals). */
export function searchJson(h: SearchHit): SearchJson {
  return { system: h.system, code: h.code, description: h.title, score: Math.round(h.score * 10_000) / 10_000 };
}

/** Ranked search hits for `text`, shaped as {@link SearchJson}. */
export function searchCodes(c: Catalogue, text: string, opts: { system?: CodeSystem; limit: number }): SearchJson[] {
  return c.search(text, { system: opts.system, limit: opts.limit }).map(searchJson);
}

/** One aligned text line per hit: score, system, code, description. */
export function searchText(hits: SearchJson[]): string[] {
  return hits.map((h) => `${h.score.toFixed(2).padStart(7)}  ${h.system.padEnd(8)} ${h.code.padEnd(9)} ${h.description}`);
}
