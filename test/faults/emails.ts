// The fault run's corpus: the bundled sample questions (and a few malformed messages that must be parked),
// each copy with a Message-ID of its own so every email can be traced to its answer by In-Reply-To.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

export interface FaultEmail {
  /** Message-ID without angle brackets */
  messageId: string;
  raw: Buffer;
  /** true for messages built to be parked (malformed MIME) */
  expectParked: boolean;
}

function withMessageId(raw: Buffer, messageId: string): Buffer {
  const text = raw.toString("latin1");
  const replaced = text.replace(/^Message-ID:[^\r\n]*(\r?\n[ \t][^\r\n]*)*/im, `Message-ID: <${messageId}>`);
  if (replaced === text) throw new Error("sample without Message-ID");
  return Buffer.from(replaced, "latin1");
}

/**
 * `n` emails: every 50th a copy of `malformedFile` (expected parked), the rest cycling through `samplesDir`.
 * @param runId keeps Message-IDs unique across runs
 */
export async function buildCorpus(samplesDir: string, malformedFile: string, n: number, runId: string): Promise<FaultEmail[]> {
  const files = (await readdir(samplesDir)).filter((f) => f.endsWith(".eml")).sort();
  const samples = await Promise.all(files.map((f) => readFile(join(samplesDir, f))));
  const malformed = await readFile(malformedFile);
  const out: FaultEmail[] = [];
  for (let i = 0; i < n; i++) {
    const expectParked = i % 50 === 49;
    const messageId = `fault.${runId}.${i}@faults.example.org`;
    out.push({ messageId, raw: withMessageId(expectParked ? malformed : samples[i % samples.length]!, messageId), expectParked });
  }
  return out;
}
