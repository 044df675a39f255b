// `casedesk lookup CODE…` and `casedesk search "TEXT"`: the catalogue at the command line, one JSON object
// per code (or a ranked JSON array of hits). `casedesk catalogue lookup|search` are the same commands.
import type { Command } from "commander";
import { loadConfig } from "../config/config.js";
import { loadCatalogue } from "../adapters/catalogue/snapshot-store.js";
import {
  SYSTEMS, lookupCodes, lookupText, parseDos, parseFormat, parseLimit, parseSystem, searchCodes, searchText,
} from "./catalogue-format.js";

/** Where output goes (tests pass their own). */
export type Print = (line: string) => void;

interface LookupOptions { system?: string; dos?: string; date?: string; format?: string; catalogue?: string }
interface SearchOptions { system?: string; limit?: string; format?: string; catalogue?: string }

const snapshotDir = (o: { catalogue?: string }): string => o.catalogue ?? loadConfig().CASEDESK_CATALOGUE_DIR;

/**
 * Run `lookup`: load the snapshot, answer every code on the date of service, print one JSON object per
 * line (`--format json`) or text. Options are validated before the snapshot is read.
 * @throws Error on a bad --system / --dos / --format, or when the snapshot is missing (with how to build it).
 */
export async function runLookup(codes: string[], o: LookupOptions, print: Print = console.log): Promise<void> {
  const system = parseSystem(o.system);
  const dos = parseDos(o.dos ?? o.date);
  const format = parseFormat(o.format);
  const c = await loadCatalogue(snapshotDir(o));
  for (const j of lookupCodes(c, codes, { system, dos })) {
    if (format === "json") print(JSON.stringify(j));
    else for (const line of lookupText(j)) print(line);
  }
}

/**
 * Run `search`: ranked hits over code descriptions, printed as one JSON array (`--format json`) or text.
 * @throws Error on a bad --system / --limit / --format, or when the snapshot is missing.
 */
export async function runSearch(words: string[], o: SearchOptions, print: Print = console.log): Promise<void> {
  const system = parseSystem(o.system);
  const limit = parseLimit(o.limit);
  const format = parseFormat(o.format);
  const c = await loadCatalogue(snapshotDir(o));
  const hits = searchCodes(c, words.join(" "), { system, limit });
  if (format === "json") print(JSON.stringify(hits));
  else for (const line of searchText(hits)) print(line);
}

/** Add a `lookup` subcommand to `parent` (the program, or `catalogue` for the alias). */
export function addLookupCommand(parent: Command): Command {
  return parent.command("lookup")
    .description("look codes up on a date of service (dotted, dotless or lower-case)")
    .argument("<codes...>", "codes, e.g. L74.510 E119 J1030 S62.5X0A")
    .option("--system <system>", `${SYSTEMS.join(" | ")} (default: guessed from each code)`)
    .option("--dos <yyyy-mm-dd>", "date of service (default today, UTC)")
    .option("--date <yyyy-mm-dd>", "same as --dos")
    .option("--format <format>", "text | json (one JSON object per code, one per line)", "text")
    .option("--catalogue <dir>", "snapshot directory (default CASEDESK_CATALOGUE_DIR)")
    .action((codes: string[], o: LookupOptions) => runLookup(codes, o));
}

/** Add a `search` subcommand to `parent` (the program, or `catalogue` for the alias). */
export function addSearchCommand(parent: Command): Command {
  return parent.command("search")
    .description("free-text search over code descriptions, best first")
    .argument("<text...>", "words to search for, e.g. \"sweaty armpits\"")
    .option("--system <system>", "ICD10CM | ICD10PCS | HCPCS | MODIFIER (default all)")
    .option("--limit <n>", "how many hits", "10")
    .option("--format <format>", "text | json (one JSON array)", "text")
    .option("--catalogue <dir>", "snapshot directory (default CASEDESK_CATALOGUE_DIR)")
    .action((words: string[], o: SearchOptions) => runSearch(words, o));
}

/** Adds the top-level `lookup` and `search` commands to the program. */
export function registerLookupCommands(program: Command): void {
  addLookupCommand(program);
  addSearchCommand(program);
}
