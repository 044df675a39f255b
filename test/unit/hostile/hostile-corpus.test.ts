// Issue 7, hostile input: the generated corpus (>= 200 messages) runs through the real parser path
// (mailparser adapter with its limits → segmentation → extraction → findings → rendered reply). Each message
// must be answered or refused with a stable reason code (parked); nothing may crash, hang, or leak memory.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { hostileCorpus } from "../../fixtures/hostile/generate-corpus.js";
import { createMailParser } from "../../../src/adapters/mail/mail-parser.js";
import { createReplyRenderer } from "../../../src/adapters/render/reply-renderer.js";
import { consult } from "../../../src/app/analyse.js";
import { MalformedEmailError } from "../../../src/app/ports.js";
import { fakeCatalogue } from "../answer/fake-catalogue.js";
import { classifyAutomatic } from "../../../src/domain/email/automatic.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const MiB = 1024 * 1024;
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

interface Outcome {
  name: string;
  kind: "answered" | "parked" | "crashed";
  reason: string;
  ms: number;
  peakMiB: number;
}

describe("hostile corpus through the parser path", () => {
  const corpus = hostileCorpus();

  it("has at least 200 generated messages with distinct names", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
  });

  it("answers or parks every message with a reason, within time and bounded memory", { timeout: 600_000 }, async () => {
    const deps = { parser: createMailParser(), catalogue: fakeCatalogue({ codes: [] }), renderer: createReplyRenderer() };
    const outcomes: Outcome[] = [];
    const baseline = heap();
    let peak = 0;
    for (const c of corpus) {
      let raw: Buffer | null = c.build();
      const t0 = performance.now();
      let out: Pick<Outcome, "kind" | "reason">;
      try {
        const r = await consult(deps, raw, { caseReference: "CD-2026-000001", receivedAt: new Date("2026-11-05T15:00:00Z") });
        expect(r.rendered.text.length).toBeGreaterThan(0);
        // intake's rules after parsing (src/app/intake.ts): automatic mail and mail without a sender are parked
        const auto = classifyAutomatic({ headers: r.parsed.headers, from: r.parsed.from?.address ?? null, contentType: r.parsed.contentType, ownAddresses: ["support@example.test"] });
        out = auto.automatic ? { kind: "parked", reason: "AUTOMATIC" } : !r.parsed.from ? { kind: "parked", reason: "NO_SENDER" } : { kind: "answered", reason: r.answer.route };
      } catch (err) {
        out = err instanceof MalformedEmailError ? { kind: "parked", reason: err.code } : { kind: "crashed", reason: `${(err as Error).name}: ${(err as Error).message.slice(0, 200)}` };
      }
      const ms = performance.now() - t0;
      raw = null;
      const used = process.memoryUsage().heapUsed;
      peak = Math.max(peak, used);
      outcomes.push({ name: c.name, ...out, ms, peakMiB: Math.round(used / MiB) });
    }
    const growth = heap() - baseline;

    const crashed = outcomes.filter((o) => o.kind === "crashed");
    const slow = outcomes.filter((o) => o.ms > 15_000);
    const parked = outcomes.filter((o) => o.kind === "parked");
    const byReason = new Map<string, number>();
    for (const o of parked) byReason.set(o.reason, (byReason.get(o.reason) ?? 0) + 1);
    const slowest = [...outcomes].sort((a, b) => b.ms - a.ms).slice(0, 5);
    console.log(
      `hostile corpus: ${outcomes.length} messages, ${outcomes.length - parked.length - crashed.length} answered, ${parked.length} parked ` +
        `(${[...byReason].map(([k, v]) => `${k} ${v}`).join(", ")}), ${crashed.length} crashed; ` +
        `heap growth ${(growth / MiB).toFixed(1)} MiB, peak ${(peak / MiB).toFixed(0)} MiB; ` +
        `slowest ${slowest.map((o) => `${o.name} ${Math.round(o.ms)} ms`).join(", ")}`,
    );
    if (process.env.HOSTILE_REPORT) console.log(outcomes.map((o) => `${o.kind.padEnd(8)} ${o.reason.padEnd(18)} ${String(Math.round(o.ms)).padStart(6)} ms  ${o.name}`).join("\n"));
    expect(crashed, JSON.stringify(crashed, null, 1)).toEqual([]);
    expect(slow.map((o) => `${o.name} ${Math.round(o.ms)} ms`)).toEqual([]);
    for (const o of parked) expect(o.reason).toMatch(/^[A-Z_]+$/);
    expect(growth).toBeLessThan(64 * MiB);
    expect(peak).toBeLessThan(1024 * MiB);

    // the limits each hazard is meant to hit
    const reasonOf = (name: string) => outcomes.find((o) => o.name === name)?.reason;
    expect(reasonOf("oversize/26MiB-text")).toBe("TOO_LARGE");
    expect(reasonOf("mime-depth/mixed-17")).toBe("MIME_TOO_DEEP");
    expect(reasonOf("mime-depth/rfc822-5000")).toBe("MIME_TOO_DEEP");
    expect(reasonOf("mime-parts/2000-parts")).toBe("TOO_MANY_PARTS");
    expect(reasonOf("html/6M-chars")).toBe("HTML_TOO_COMPLEX"); // 750k tags: the cheaper check hits first
    expect(reasonOf("html/6M-chars-few-tags")).toBe("HTML_TOO_LARGE");
    expect(reasonOf("html/nested-div-100000")).toBe("HTML_TOO_COMPLEX");
    expect(reasonOf("codes/text-10000")).toBe("TOO_MANY_CODES");
    expect(reasonOf("codes/csv-attachment-10k")).toBe("TOO_MANY_CODES");
    for (const ok of ["mime-depth/mixed-15", "mime-parts/499-parts", "charset/iso-2022-jp-declared", "charset/iso-2022-jp-undeclared", "codes/text-1000", "bomb/zip-64MiB-zeros"]) {
      expect(outcomes.find((o) => o.name === ok)?.kind, ok).toBe("answered");
    }
  });
});
