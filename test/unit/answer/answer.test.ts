import { describe, expect, it } from "vitest";
import { answerCase } from "../../../src/domain/answer/answer.js";
import { DEFAULT_ROUTING_POLICY } from "../../../src/domain/answer/routing.js";
import { answerFixture } from "./cases.js";
import { fakeCatalogue, mentionOf, ROWS } from "./fake-catalogue.js";
import type { Segment } from "../../../src/domain/codes/types.js";

const codesOf = (a: { findings: { code: string; subject: string[] }[] }) => a.findings.map((f) => `${f.code}:${f.subject[0] ?? ""}`);

describe("answerCase: validity", () => {
  it("reports 32602 as deleted with the thoracoscopy biopsy codes, and routes to review", () => {
    const { answer } = answerFixture("vats-32602");
    expect(answer.dateOfService).toBe("2026-10-14");
    expect(answer.dateOfServiceSource).toBe("email");
    const deleted = answer.findings.find((f) => f.code === "CODE_DELETED");
    expect(deleted).toBeDefined();
    expect(deleted!.subject).toEqual(["32602"]);
    expect(deleted!.severity).toBe("error");
    expect(deleted!.message).toContain("32607, 32608, 32609");
    expect(deleted!.source).toMatch(/PPRRVU/);
    expect(answer.mentions.find((m) => m.code === "32664")!.status).toBe("unlicensed");
    expect(answer.route).toBe("review");
  });

  it("gives a finding for every header, 7th-character, deleted, invalid and terminated code", () => {
    const { answer } = answerFixture("header-7th-terminated");
    expect(codesOf(answer)).toEqual([
      "CODE_NOT_BILLABLE:I42.0",
      "CODE_NOT_BILLABLE:E11.6",
      "CODE_MISSING_7TH_CHARACTER:S52.5",
      "CODE_DELETED:S23.420A",
      "CODE_INVALID:J18.10",
      "CODE_TERMINATED:G0120",
    ]);
    const i42 = answer.findings[0]!;
    expect(i42.message).toContain("I42.00, I42.01, I42.09");
    expect(i42.source).toContain("Section I.A.3");
    const e116 = answer.findings[1]!;
    expect(e116.message).toContain("and 4 more (12 in all)");
    expect(answer.findings.find((f) => f.code === "CODE_TERMINATED")!.message).toContain("2024-12-31");
    expect(answer.findings.find((f) => f.code === "CODE_MISSING_7TH_CHARACTER")!.message).toContain("needs further characters and a 7th character");
    expect(answer.route).toBe("review");
  });

  it("has no validity finding on active codes and auto-sends a clean answer", () => {
    const { answer } = answerFixture("clean-auto");
    expect(answer.findings).toEqual([]);
    expect(answer.route).toBe("auto");
    expect(answer.confidence).toBeGreaterThanOrEqual(DEFAULT_ROUTING_POLICY.minConfidence);
  });

  it("asks for more information when there is no code and no clear question", () => {
    const { answer } = answerFixture("need-info");
    expect(answer.reply.kind).toBe("need-info");
    expect(answer.route).toBe("review");
    expect(answer.dateOfServiceSource).toBe("received");
    expect(answer.dateOfService).toBe("2026-11-20");
  });

  it("sends a question without codes to review as question-only", () => {
    const { answer } = answerFixture("question-only");
    expect(answer.reply.kind).toBe("question-only");
    expect(answer.route).toBe("review");
    expect(answer.reply.ranges).toEqual(["CPT 32601-32674"]);
  });

  it("ignores codes in quoted history and asks about a CPT code no CMS file knows", () => {
    const segments: Segment[] = [
      { location: "body", text: "Is 0999T ok? DOS 2026-10-14" },
      { location: "quoted", text: "> earlier: 32602" },
    ];
    const answer = answerCase({
      caseReference: "CD-1", subject: "q", requesterName: null, segments, receivedAt: "2026-11-01T00:00:00Z",
      catalogue: fakeCatalogue(ROWS),
      extraction: {
        mentions: [
          mentionOf(segments, 0, "0999T", { system: "CPT", code: "0999T" }),
          mentionOf(segments, 1, "32602", { system: "CPT", code: "32602" }),
        ],
        ranges: [],
      },
    });
    expect(codesOf(answer)).toEqual(["CODE_UNVERIFIED:0999T"]);
    expect(answer.mentions).toHaveLength(1);
    expect(answer.route).toBe("review");
  });

  it("routes low extraction confidence to review under the default policy, auto under a lenient one", () => {
    const segments: Segment[] = [{ location: "body", text: "J90 DOS 2026-10-14" }];
    const req = {
      caseReference: "CD-2", subject: "q", requesterName: null, segments, receivedAt: "2026-11-01T00:00:00Z",
      catalogue: fakeCatalogue(ROWS),
      extraction: { mentions: [mentionOf(segments, 0, "J90", { system: "ICD10CM" as const, code: "J90", confidence: 0.5 })], ranges: [] },
    };
    expect(answerCase(req).route).toBe("review");
    expect(answerCase({ ...req, policy: { maxAutoSeverity: "info", requireAllKnown: true, minConfidence: 0.4 } }).route).toBe("auto");
  });
});
