// Extraction throughput on the labelled corpus (test/fixtures/extraction): MB/s of decoded text
// through segmentation + extraction, against a naive regular-expression scan measured in the same
// run. Run: node bin/run-ts.mjs bench/extract.bench.ts [targetMB]
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { simpleParser } from "mailparser";
import { toEmailText } from "../src/adapters/mail/email-text.js";
import { extractMentions } from "../src/domain/codes/extract.js";
import type { EmailText } from "../src/domain/codes/types.js";
import { segmentEmail } from "../src/domain/email/segment.js";

const CASES = fileURLToPath(new URL("../test/fixtures/extraction/cases/", import.meta.url));
/** The baseline: one scan for code-shaped tokens, no context, no segmentation. */
const NAIVE = /\b(?:\d{4}[0-9FTU]|[A-Z]\d{4}|[A-Z]\d[0-9A-Z](?:\.?[0-9A-Z]{1,4})?|[0-9A-HJ-NP-Z]{7})\b/g;

export interface ExtractCorpusBench {
  emails: number;
  mb: number;
  extractMbPerSecond: number;
  baselineMbPerSecond: number;
  ratio: number;
}

function best(rounds: number, fn: () => void): number {
  let t = Infinity;
  for (let r = 0; r < rounds; r++) {
    const s = performance.now();
    fn();
    t = Math.min(t, performance.now() - s);
  }
  return t / 1000;
}

/** Decodes the corpus once (not timed), then times ~`targetMb` MB of text, best of 5 rounds. */
export async function runExtractCorpusBench(targetMb = 8): Promise<ExtractCorpusBench> {
  const texts: EmailText[] = [];
  for (const f of readdirSync(CASES).filter((x) => x.endsWith(".eml")).sort()) texts.push(await toEmailText(await simpleParser(readFileSync(CASES + f))));
  const parts = (t: EmailText) => [t.subject, t.htmlText ?? t.text, ...t.attachments.map((a) => a.text)];
  const bytes = texts.reduce((n, t) => n + parts(t).reduce((m, s) => m + Buffer.byteLength(s), 0), 0);
  const reps = Math.max(1, Math.round((targetMb * 1e6) / bytes));
  const mb = (bytes * reps) / 1e6;
  let sink = 0;
  const ours = best(5, () => {
    for (let i = 0; i < reps; i++) for (const t of texts) sink += extractMentions(segmentEmail(t)).mentions.length;
  });
  const base = best(5, () => {
    for (let i = 0; i < reps; i++) for (const t of texts) for (const s of parts(t)) sink += (s.match(NAIVE) ?? []).length;
  });
  if (sink < 0) console.log(sink);
  return { emails: texts.length, mb, extractMbPerSecond: mb / ours, baselineMbPerSecond: mb / base, ratio: ours > 0 ? base / ours : 0 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const r = await runExtractCorpusBench(Number(process.argv[2] ?? 8));
  console.log(`extraction on ${r.emails} corpus e-mails, ${r.mb.toFixed(1)} MB of decoded text per round (best of 5, one core)`);
  console.log("| what                               |   MB/s | vs baseline |");
  console.log("|------------------------------------|-------:|------------:|");
  console.log(`| naive regex scan (baseline)        | ${r.baselineMbPerSecond.toFixed(1).padStart(6)} |       1.00x |`);
  console.log(`| segmentEmail + extractMentions     | ${r.extractMbPerSecond.toFixed(1).padStart(6)} | ${r.ratio.toFixed(3).padStart(10)}x |`);
}
