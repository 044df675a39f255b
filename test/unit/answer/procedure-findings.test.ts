import { describe, expect, it } from "vitest";
import { answerCase } from "../../../src/domain/answer/answer.js";
import type { Answer } from "../../../src/domain/answer/types.js";
import type { CodeMention, Segment } from "../../../src/domain/codes/types.js";
import { answerFixture } from "./cases.js";
import { fakeCatalogue, mentionOf, ROWS } from "./fake-catalogue.js";

type Spec = Parameters<typeof mentionOf>[3] & { text: string };

function ask(body: string, specs: Spec[]): Answer {
  const segments: Segment[] = [{ location: "body", text: body }];
  const mentions: CodeMention[] = specs.map(({ text, ...m }) => mentionOf(segments, 0, text, m));
  return answerCase({
    caseReference: "CD-T", subject: "t", requesterName: null, segments, receivedAt: "2026-10-14T12:00:00Z",
    catalogue: fakeCatalogue(ROWS), extraction: { mentions, ranges: [] },
  });
}
const codes = (a: Answer) => a.findings.map((f) => f.code);
const find = (a: Answer, code: string) => a.findings.find((f) => f.code === code);

describe("NCCI PTP", () => {
  it("names column 1 / column 2, modifier indicator 0 and the dates", () => {
    const a = answerFixture("ncci-mue").answer;
    const f = a.findings.find((x) => x.code === "NCCI_PTP" && x.subject.includes("32601"))!;
    expect(f.severity).toBe("error");
    expect(f.subject).toEqual(["32663", "32601"]);
    expect(f.message).toMatch(/32663 is column 1 and 32601 is column 2/);
    expect(f.message).toMatch(/effective 2012-01-01, no deletion date/);
    expect(f.message).toMatch(/Modifier indicator 0/);
    expect(f.source).toMatch(/Chapter I, Section E/);
  });
  it("indicator 1 without a modifier lists the bypass modifiers and documentation", () => {
    const a = ask("64804 and 11102", [{ text: "64804", system: "CPT", code: "64804" }, { text: "11102", system: "CPT", code: "11102" }]);
    const f = find(a, "NCCI_PTP")!;
    expect(f.severity).toBe("warning");
    expect(f.message).toMatch(/XE, XS, XP or XU/);
  });
  it("indicator 1 with XS on column 2 is a documentation reminder", () => {
    const a = ask("64804 and 11102-XS", [{ text: "64804", system: "CPT", code: "64804" }, { text: "11102-XS", system: "CPT", code: "11102", modifiers: ["XS"] }]);
    expect(find(a, "NCCI_PTP_BYPASSED")!.message).toMatch(/XS: a separate organ or structure/);
  });
  it("no edit → no PTP finding", () => {
    const a = ask("J90 and 99213", [{ text: "99213", system: "CPT", code: "99213" }, { text: "J90", system: "ICD10CM", code: "J90" }]);
    expect(codes(a).filter((c) => c.startsWith("NCCI"))).toEqual([]);
  });
});

describe("MUE", () => {
  it("MAI 2 over the limit is an error; within is a note", () => {
    expect(find(answerFixture("ncci-mue").answer, "MUE_EXCEEDED")!.message).toMatch(/3 units on the date of service exceeds the MUE of 2\. MAI 2/);
    const ok = ask("20610 x 2", [{ text: "20610 x 2", system: "CPT", code: "20610", units: 2 }]);
    expect(find(ok, "MUE_WITHIN")!.severity).toBe("info");
  });
  it("MAI 3 over the limit is a warning (payable on appeal with documentation)", () => {
    const a = ask("J1100 x 130", [{ text: "J1100 x 130", system: "HCPCS", code: "J1100", units: 130 }]);
    const f = find(a, "MUE_EXCEEDED")!;
    expect(f.severity).toBe("warning");
    expect(f.message).toMatch(/130 units .* exceeds the MUE of 120\. MAI 3/);
  });
});

describe("PFS indicators", () => {
  it("32664 and 64804 carry bilateral indicator 1: 50 is right, RT+LT lines are not", () => {
    const right = ask("32664-50", [{ text: "32664-50", system: "CPT", code: "32664", modifiers: ["50"] }]);
    expect(find(right, "PFS_BILATERAL")!.severity).toBe("info");
    const lines = answerFixture("bilateral-global").answer;
    const f = lines.findings.find((x) => x.code === "PFS_BILATERAL")!;
    expect(f.subject).toEqual(["64804"]);
    expect(f.severity).toBe("warning");
    expect(f.message).toMatch(/modifier 50 and 1 unit/);
  });
  it("50 with RT on one line is contradictory; indicator 0 with 50 is a warning", () => {
    expect(find(ask("32664-50-RT", [{ text: "32664-50-RT", system: "CPT", code: "32664", modifiers: ["50", "RT"] }]), "PFS_BILATERAL")!.severity).toBe("error");
    expect(find(ask("32601-50", [{ text: "32601-50", system: "CPT", code: "32601", modifiers: ["50"] }]), "PFS_BILATERAL")!.message).toMatch(/indicator 0/);
  });
  it("an add-on code (ZZZ) alone has no primary", () => {
    const a = ask("32667 only", [{ text: "32667", system: "CPT", code: "32667" }]);
    expect(codes(a)).toContain("PFS_ADDON_WITHOUT_PRIMARY");
    const b = ask("32663 + 32667", [{ text: "32663", system: "CPT", code: "32663" }, { text: "32667", system: "CPT", code: "32667" }]);
    expect(codes(b)).not.toContain("PFS_ADDON_WITHOUT_PRIMARY");
  });
  it("a follow-up E/M in a 090-day global period without 24 is a warning", () => {
    const f = find(answerFixture("bilateral-global").answer, "PFS_GLOBAL_PERIOD")!;
    expect(f.severity).toBe("warning");
    expect(f.message).toMatch(/64804 has a 090-day global period/);
    expect(f.message).toMatch(/modifier 24/);
  });
  it("assistant at surgery: indicator 1 with 80 is an error, 2 is a note", () => {
    expect(find(ask("11102-80", [{ text: "11102-80", system: "CPT", code: "11102", modifiers: ["80"] }]), "PFS_ASSISTANT_SURGEON")!.severity).toBe("error");
    expect(find(ask("32663-80", [{ text: "32663-80", system: "CPT", code: "32663", modifiers: ["80"] }]), "PFS_ASSISTANT_SURGEON")!.severity).toBe("info");
  });
});

describe("modifiers", () => {
  it("25 on a procedure, 59 with advice, 59 with XS on one line, unknown modifier", () => {
    const a = answerFixture("bilateral-global").answer;
    expect(find(a, "MODIFIER_25_NOT_EM")!.subject).toEqual(["11102", "25"]);
    expect(find(a, "MODIFIER_59_X_MORE_SPECIFIC")!.severity).toBe("info");
    const both = ask("11102-59-XS", [{ text: "11102-59-XS", system: "CPT", code: "11102", modifiers: ["59", "XS"] }]);
    expect(codes(both)).toContain("MODIFIER_59_WITH_X");
    const zz = ask("11102-ZZ", [{ text: "11102-ZZ", system: "CPT", code: "11102", modifiers: ["ZZ"] }]);
    expect(find(zz, "MODIFIER_UNKNOWN")!.subject).toEqual(["ZZ"]);
  });
  it("25 on an E/M code is fine", () => {
    const a = ask("99213-25", [{ text: "99213-25", system: "CPT", code: "99213", modifiers: ["25"] }]);
    expect(codes(a)).toEqual([]);
  });
});

describe("code-system mismatch", () => {
  it("an ICD-10-PCS code on a physician question, a diagnosis given as CPT, a CPT given as Dx", () => {
    const a = ask("PCS 0BJ08ZZ; CPT J90; Dx: 99213", [
      { text: "0BJ08ZZ", system: "ICD10PCS", code: "0BJ08ZZ" },
      { text: "J90", system: "ICD10CM", code: "J90" },
      { text: "99213", system: "CPT", code: "99213" },
    ]);
    expect(codes(a)).toEqual(["SYSTEM_PCS_ON_PHYSICIAN_CLAIM", "SYSTEM_DIAGNOSIS_AS_PROCEDURE", "SYSTEM_PROCEDURE_AS_DIAGNOSIS"]);
    expect(a.findings[0]!.source).toMatch(/45 CFR 162\.1002/);
  });
});
