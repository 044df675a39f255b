// Benchmark corpus: N distinct case emails made from the bundled samples (new Message-ID, numbered
// subject, fresh Date), so every one is a new case and answers can be matched by In-Reply-To.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SAMPLES = fileURLToPath(new URL("../samples/", import.meta.url));

export interface BenchEmail {
  messageId: string;
  raw: Buffer;
}

/** `n` emails cycling through samples/*.eml; `tag` keeps ids unique across runs. */
export function buildCorpus(n: number, tag: string): BenchEmail[] {
  const files = readdirSync(SAMPLES).filter((f) => f.endsWith(".eml")).sort();
  const templates = files.map((f) => readFileSync(join(SAMPLES, f), "latin1"));
  const out: BenchEmail[] = [];
  for (let i = 0; i < n; i++) {
    const t = templates[i % templates.length]!;
    const messageId = `bench.${tag}.${i}@bench.example.com`;
    const text = t
      .replace(/^Message-ID:.*$/im, `Message-ID: <${messageId}>`)
      .replace(/^(Subject:)(.*)$/im, (_m, h: string, s: string) => `${h}${s} #${i}`)
      .replace(/^(In-Reply-To|References):.*(\r?\n[ \t].*)*$/gim, "X-Bench: $1 removed");
    out.push({ messageId, raw: Buffer.from(text, "latin1") });
  }
  return out;
}
