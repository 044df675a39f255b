// `casedesk extract FILE.eml… --format jsonl`: parse each message, segment it and print its code
// mentions, one JSON line per file. A tool for coders and for checking extraction by hand.

import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Command } from "commander";
import { simpleParser } from "mailparser";
import { toEmailText } from "../adapters/mail/email-text.js";
import { loadCatalogue } from "../adapters/catalogue/snapshot-store.js";
import { loadConfig } from "../config/config.js";
import type { Catalogue } from "../domain/catalogue/types.js";
import { extractMentions } from "../domain/codes/extract.js";
import type { CatalogueStatus, CodeMention, ExtractionResult } from "../domain/codes/types.js";
import { segmentEmail } from "../domain/email/segment.js";

interface ExtractOptions {
  format: string;
  catalogue?: string;
  date?: string;
}

/** One output line: the shape fixed by issue 4. */
export interface ExtractLine {
  file: string;
  mentions: Array<
    Pick<CodeMention, "system" | "code" | "modifiers" | "units" | "location" | "start" | "end" | "text" | "confidence"> & {
      status: CatalogueStatus;
    }
  >;
  ranges: ExtractionResult["ranges"];
}

/**
 * Adds `extract FILE.eml… [--format jsonl] [--catalogue DIR] [--date YYYY-MM-DD]`. Prints one line
 * per file: `{"file","mentions":[{"system","code","modifiers","units","location","status","start",
 * "end","text","confidence"}],"ranges":[{"system","from","to"}]}`. `status` comes from the
 * catalogue snapshot (default CASEDESK_CATALOGUE_DIR) for the date of service (default today,
 * UTC); without a snapshot every status is "unknown". A file that cannot be read or parsed prints
 * `{"file","error"}` and sets exit code 1; the other files are still processed.
 */
export function registerExtractCommand(program: Command): void {
  program
    .command("extract")
    .description("print the code mentions of .eml files, one JSON line per file")
    .argument("<files...>", ".eml files")
    .option("--format <format>", "output format (jsonl)", "jsonl")
    .option("--catalogue <dir>", "catalogue snapshot directory (default CASEDESK_CATALOGUE_DIR)")
    .option("--date <yyyy-mm-dd>", "date of service for the catalogue status (default today, UTC)")
    .action(async (files: string[], o: ExtractOptions) => {
      if (o.format !== "jsonl") throw new Error(`unsupported --format ${o.format}; use jsonl`);
      const date = o.date ?? new Date().toISOString().slice(0, 10);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`--date must be YYYY-MM-DD, got ${date}`);
      const catalogue = await openCatalogue(o.catalogue);
      for (const file of files) {
        try {
          const line = await extractFile(file, catalogue, date);
          process.stdout.write(`${JSON.stringify(line)}\n`);
        } catch (err) {
          process.stdout.write(`${JSON.stringify({ file: basename(file), error: (err as Error).message })}\n`);
          process.exitCode = 1;
        }
      }
    });
}

/** Reads, parses, segments and extracts one .eml file; statuses from `catalogue` when given. */
export async function extractFile(file: string, catalogue: Catalogue | null, dateOfService: string): Promise<ExtractLine> {
  const parsed = await simpleParser(await readFile(file));
  const segments = segmentEmail(await toEmailText(parsed));
  const knows = catalogue ? (s: Parameters<Catalogue["knows"]>[0], c: string) => catalogue.knows(s, c) : undefined;
  const result = extractMentions(segments, knows ? { knows } : {});
  return {
    file: basename(file),
    mentions: result.mentions.map((m) => ({
      system: m.system,
      code: m.code,
      modifiers: m.modifiers,
      units: m.units,
      location: m.location,
      status: statusOf(catalogue, m, dateOfService),
      start: m.start,
      end: m.end,
      text: m.text,
      confidence: m.confidence,
    })),
    ranges: result.ranges,
  };
}

function statusOf(catalogue: Catalogue | null, m: CodeMention, date: string): CatalogueStatus {
  if (!catalogue) return "unknown";
  try {
    return catalogue.lookup(m.system, m.code, date).status;
  } catch {
    return "unknown";
  }
}

async function openCatalogue(dir: string | undefined): Promise<Catalogue | null> {
  try {
    return await loadCatalogue(dir ?? loadConfig().CASEDESK_CATALOGUE_DIR);
  } catch (err) {
    process.stderr.write(`casedesk extract: no catalogue snapshot (${(err as Error).message}); statuses are "unknown"\n`);
    return null;
  }
}
