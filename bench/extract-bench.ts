// Extraction throughput (MB/s of email text through segmentation + extraction), against a baseline measured
// in the same run: one global regular-expression scan for code-shaped tokens over the same text.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createMailParser } from "../src/adapters/mail/mail-parser.js";
import { segmentEmail } from "../src/domain/email/segment.js";
import { extractMentions } from "../src/domain/codes/extract.js";
import type { EmailText } from "../src/domain/codes/types.js";

const SAMPLES = fileURLToPath(new URL("../samples/", import.meta.url));
const CODE_SHAPED = /\b(?:[A-Z]\d{4}|\d{4}[0-9FTU]|[A-TV-Z]\d[0-9A-Z](?:\.?[0-9A-Z]{1,4})?)\b/gi;

export interface ExtractBench {
  mb: number;
  mbPerSecond: number;
  baselineMbPerSecond: number;
}

/** Parses the samples once, then times extraction over ~`targetMb` MB of their text (best of 5 rounds). */
export async function runExtractBench(targetMb = 4): Promise<ExtractBench> {
  const parser = createMailParser();
  const texts: EmailText[] = [];
  for (const f of readdirSync(SAMPLES).filter((x) => x.endsWith(".eml"))) texts.push((await parser.parse(readFileSync(join(SAMPLES, f)))).emailText);
  const size = (t: EmailText) => t.subject.length + t.text.length + (t.htmlText?.length ?? 0) + t.attachments.reduce((a, x) => a + x.text.length, 0);
  const one = texts.reduce((a, t) => a + size(t), 0);
  const reps = Math.max(1, Math.round((targetMb * 1e6) / one));
  const mb = (one * reps) / 1e6;
  const time = (fn: () => void) => {
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      fn();
      best = Math.min(best, performance.now() - t);
    }
    return best / 1000;
  };
  const ours = time(() => {
    for (let i = 0; i < reps; i++) for (const t of texts) extractMentions(segmentEmail(t));
  });
  let sink = 0;
  const base = time(() => {
    for (let i = 0; i < reps; i++) for (const t of texts) {
      for (const s of [t.subject, t.text, t.htmlText ?? "", ...t.attachments.map((a) => a.text)]) sink += (s.match(CODE_SHAPED) ?? []).length;
    }
  });
  if (sink < 0) console.log(sink);
  return { mb, mbPerSecond: mb / ours, baselineMbPerSecond: mb / base };
}
