// Issue 7, privacy: the whole pipeline (poller, intake, analyse, send) runs with the root logger at debug level
// writing to a captured stream, and no log line may contain the fixtures' personal strings: names, addresses,
// subjects, body phrases. Logs are redacted at the root (src/adapters/log/logger.ts), and modules must not
// smuggle content into messages or non-redacted fields.
import { PassThrough } from "node:stream";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simpleParser, type AddressObject } from "mailparser";
import { startHarness, type Harness } from "../support/pipeline-harness.js";
import { waitForSettled } from "../../src/adapters/db/progress.js";
import { FIXTURES, SAMPLES, quiet } from "./safety-support.js";

function people(a: AddressObject | AddressObject[] | undefined): Array<{ name: string; address: string }> {
  return (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value).map((v) => ({ name: v.name ?? "", address: v.address ?? "" }));
}

/** Personal strings of one message: display names, addresses, subject, and body phrases of 20+ characters. */
async function personalStrings(raw: Buffer): Promise<string[]> {
  const p = await simpleParser(raw);
  const out: string[] = [];
  for (const who of [...people(p.from), ...people(p.replyTo), ...people(p.cc)]) {
    if (who.address && !who.address.endsWith("@example.test")) out.push(who.address);
    if (who.name.length >= 5 && !/case desk|casedesk/i.test(who.name)) out.push(who.name);
  }
  if (p.subject && p.subject.length >= 8) out.push(p.subject);
  const lines = (p.text ?? "").split(/\r?\n/).map((l) => l.replace(/^[>\s]+/, "").trim()).filter((l) => l.length >= 20 && !/^[-_=*]+$/.test(l));
  out.push(...lines.slice(0, 4).map((l) => l.slice(0, 40)));
  return out;
}

describe("no personal data in logs (whole pipeline, debug level)", () => {
  let h: Harness;
  const lines: string[] = [];
  let strings: string[] = [];
  let delivered = 0;

  beforeAll(async () => {
    const sink = new PassThrough();
    let partial = "";
    sink.on("data", (chunk: Buffer) => {
      const parts = (partial + chunk.toString("utf8")).split("\n");
      partial = parts.pop() ?? "";
      lines.push(...parts.filter((l) => l !== ""));
    });
    h = await startHarness("sqlite", { CASEDESK_ROUTING: "policy", LOG_LEVEL: "debug" }, { logDestination: sink });
    const files = [
      ...(await readdir(SAMPLES)).filter((f) => f.endsWith(".eml")).map((f) => join(SAMPLES, f)),
      ...(await readdir(FIXTURES)).filter((f) => f.endsWith(".eml") && !f.startsWith("follow-up")).map((f) => join(FIXTURES, f)),
    ];
    for (const f of files) {
      const raw = await readFile(f);
      strings.push(...(await personalStrings(raw)));
      await h.deliverer.deliver(raw);
      delivered++;
    }
    strings = [...new Set(strings)];
    await waitForSettled(h.core.db, delivered, 120_000).catch(() => undefined); // attached mail never "settles"
    await quiet(h, 2000);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("logged the pipeline's work at debug level", () => {
    console.log(`privacy: ${delivered} emails, ${lines.length} log lines, ${strings.length} personal strings checked (e.g. ${strings.slice(0, 3).map((x) => JSON.stringify(x)).join(", ")})`);
    expect(delivered).toBeGreaterThanOrEqual(16);
    expect(strings.length).toBeGreaterThan(40);
    expect(lines.length).toBeGreaterThanOrEqual(delivered); // at least one line per email
    expect(lines.some((l) => l.includes('"intake done"') || l.includes("intake"))).toBe(true);
  });

  it("no log line contains a name, address, subject or body phrase of the fixtures", () => {
    const leaks: string[] = [];
    for (const line of lines) {
      const lower = line.toLowerCase();
      for (const s of strings) if (lower.includes(s.toLowerCase())) leaks.push(`${JSON.stringify(s)} in ${line.slice(0, 300)}`);
    }
    expect(leaks).toEqual([]);
  });
});
