// `casedesk catalogue …`: import the official files into a snapshot, look codes up by date of service,
// search descriptions and list the loaded releases.
import type { Command } from "commander";
import { loadConfig } from "../config/config.js";
import { importCatalogue } from "../adapters/catalogue/import.js";
import { loadCatalogue } from "../adapters/catalogue/snapshot-store.js";
import type { CodeSystem } from "../domain/codes/types.js";
import type { CodeLookup } from "../domain/catalogue/types.js";
import { resolveDataDir } from "./project-paths.js";

const SYSTEMS: CodeSystem[] = ["CPT", "HCPCS", "ICD10CM", "ICD10PCS", "MODIFIER"];

/** Today's date (UTC) as the default date of service: the CLI edge may read the clock, the domain may not. */
const today = (): string => new Date().toISOString().slice(0, 10);

/** Guess the system of a bare code when --system is not given (shape only; ambiguous J1100 → HCPCS). */
function guessSystem(code: string): CodeSystem {
  const k = code.trim().toUpperCase();
  if (/^[0-9]{2}$|^[A-Z][A-Z0-9]$|^[0-9][A-Z]$/.test(k)) return "MODIFIER";
  if (/^([0-9]{5}|[0-9]{4}[FTU])$/.test(k)) return "CPT";
  if (/^[A-V][0-9]{4}$/.test(k)) return "HCPCS";
  if (/^[0-9A-HJ-NP-Z]{7}$/.test(k) && /^[0-9B-DFGHX]/.test(k) && !k.includes(".")) return "ICD10PCS";
  return "ICD10CM";
}

function parseSystem(s: string | undefined): CodeSystem | undefined {
  if (s === undefined) return undefined;
  const up = s.toUpperCase().replace(/[-_ ]/g, "");
  const found = SYSTEMS.find((x) => x === up);
  if (!found) throw new Error(`unknown system ${s}; use one of ${SYSTEMS.join(", ")}`);
  return found;
}

function lookupJson(query: string, r: CodeLookup): Record<string, unknown> {
  return {
    query, system: r.system, code: r.code, status: r.status, description: r.title, release: r.release,
    effective: r.effective ?? { from: null, to: null }, endDate: r.endDate ?? null,
    billableChildren: r.status === "not-billable" ? r.suggestions ?? [] : [],
    replacements: r.replacements ?? [],
    suggestions: r.status === "not-billable" ? [] : r.suggestions ?? [],
    needs7thCharacter: r.needs7thCharacter ?? false, note: r.note ?? null,
  };
}

/** Adds `catalogue import|lookup|search|releases` to the program. */
export function registerCatalogueCommands(program: Command): void {
  const cat = program.command("catalogue").description("official code files: import, lookup, search, releases");
  const dirOf = (o: { catalogue?: string }): string => o.catalogue ?? loadConfig().CASEDESK_CATALOGUE_DIR;

  cat.command("import")
    .description("read the official CMS files in DIR and write the catalogue snapshot")
    .option("--from <dir>", "folder with the official files (default CASEDESK_DATA_DIR or ../shared/data)")
    .option("--out <dir>", "snapshot directory (default CASEDESK_CATALOGUE_DIR)")
    .option("--cpt-file <file>", "licensee AMA CPT data file (tab-delimited code + descriptor)")
    .action(async (o: { from?: string; out?: string; cptFile?: string }) => {
      const config = loadConfig();
      const dataDir = o.from ?? resolveDataDir(config.CASEDESK_DATA_DIR);
      const t0 = Date.now();
      const r = await importCatalogue({
        dataDir, outDir: o.out ?? config.CASEDESK_CATALOGUE_DIR, cptFile: o.cptFile,
        onProgress: (m) => process.stderr.write(`  ${m}\n`),
      });
      for (const rel of r.releases) console.log(`${rel.label}\t${rel.effectiveFrom}..${rel.effectiveTo ?? ""}\t${rel.sourceFile}\t${rel.sha256.slice(0, 12)}`);
      console.log(`snapshot ${r.snapshotPath} (${Date.now() - t0} ms)`);
    });

  cat.command("lookup")
    .description("look codes up on a date of service")
    .argument("<codes...>", "codes, dotted or dotless")
    .option("--system <system>", SYSTEMS.join(" | "))
    .option("--date <yyyy-mm-dd>", "date of service (default today)")
    .option("--format <format>", "text | json", "text")
    .option("--catalogue <dir>", "snapshot directory (default CASEDESK_CATALOGUE_DIR)")
    .action(async (codes: string[], o: { system?: string; date?: string; format: string; catalogue?: string }) => {
      const c = await loadCatalogue(dirOf(o));
      const system = parseSystem(o.system);
      for (const code of codes) {
        const r = c.lookup(system ?? guessSystem(code), code, o.date ?? today());
        if (o.format === "json") console.log(JSON.stringify(lookupJson(code, r)));
        else {
          console.log(`${r.system} ${r.code}: ${r.status}${r.title ? ` — ${r.title}` : ""}${r.release ? ` [${r.release}]` : ""}`);
          if (r.endDate) console.log(`  ends ${r.endDate}`);
          if (r.needs7thCharacter) console.log("  needs a 7th character");
          if (r.replacements?.length) console.log(`  replaced by ${r.replacements.join(", ")}`);
          if (r.suggestions?.length) console.log(`  ${r.status === "not-billable" ? "billable codes" : "did you mean"}: ${r.suggestions.join(", ")}`);
          if (r.note) console.log(`  note: ${r.note}`);
        }
      }
    });

  cat.command("search")
    .description("free-text search over code descriptions")
    .argument("<text...>", "words to search for")
    .option("--system <system>", "ICD10CM | ICD10PCS | HCPCS | MODIFIER")
    .option("--limit <n>", "how many hits", "10")
    .option("--format <format>", "text | json", "text")
    .option("--catalogue <dir>", "snapshot directory (default CASEDESK_CATALOGUE_DIR)")
    .action(async (text: string[], o: { system?: string; limit: string; format: string; catalogue?: string }) => {
      const c = await loadCatalogue(dirOf(o));
      const hits = c.search(text.join(" "), { system: parseSystem(o.system), limit: Number(o.limit) || 10 });
      if (o.format === "json") console.log(JSON.stringify(hits.map((h) => ({ system: h.system, code: h.code, description: h.title, score: h.score }))));
      else for (const h of hits) console.log(`${h.score.toFixed(2).padStart(7)}  ${h.system.padEnd(8)} ${h.code.padEnd(9)} ${h.title}`);
    });

  cat.command("releases")
    .description("list the releases in the snapshot (label, effective range, source file, sha256)")
    .option("--format <format>", "text | json", "text")
    .option("--catalogue <dir>", "snapshot directory (default CASEDESK_CATALOGUE_DIR)")
    .action(async (o: { format: string; catalogue?: string }) => {
      const rels = (await loadCatalogue(dirOf(o))).releases();
      if (o.format === "json") console.log(JSON.stringify(rels));
      else for (const r of rels) console.log(`${r.system}\t${r.label}\t${r.effectiveFrom}..${r.effectiveTo ?? ""}\t${r.sourceFile}\t${r.sha256}`);
    });
}
