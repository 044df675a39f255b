// Consultation fixtures shared by the unit and golden tests: segments, hand-placed mentions, catalogue.
import { answerCase } from "../../../src/domain/answer/answer.js";
import type { Answer, AnswerRequest } from "../../../src/domain/answer/types.js";
import type { CodeMention, CodeRange, Segment } from "../../../src/domain/codes/types.js";
import { fakeCatalogue, mentionOf, ROWS } from "./fake-catalogue.js";

export interface CaseFixture {
  name: string;
  request: AnswerRequest;
}

function request(
  caseReference: string,
  subject: string,
  requesterName: string | null,
  body: string,
  mentions: (segments: Segment[]) => CodeMention[],
  ranges: CodeRange[] = [],
  receivedAt = "2026-11-20T09:30:00Z",
): AnswerRequest {
  const segments: Segment[] = [
    { location: "subject", text: subject },
    { location: "body", text: body },
  ];
  return {
    caseReference, subject, requesterName, segments, receivedAt,
    extraction: { mentions: mentions(segments), ranges },
    catalogue: fakeCatalogue(ROWS),
  };
}

export const CASES: CaseFixture[] = [
  {
    name: "vats-32602",
    request: request(
      "CD-2026-000101", "VATS coding question", "Dana Whitfield",
      "Hi,\nDOS 10/14/2026. Surgeon did a VATS sympathectomy 32664-50 and a diagnostic thoracoscopy with lung biopsy 32602. Dx J90.\nCan we bill both?\nThanks, Dana",
      (s) => [
        mentionOf(s, 1, "32664-50", { system: "CPT", code: "32664", modifiers: ["50"] }),
        mentionOf(s, 1, "32602", { system: "CPT", code: "32602" }),
        mentionOf(s, 1, "J90", { system: "ICD10CM", code: "J90" }),
      ],
    ),
  },
  {
    name: "clean-auto",
    request: request(
      "CD-2026-000102", "E/M with diabetes", "Sam Ortiz",
      "Office visit 99213 for type 2 diabetes E11.9, date of service: 2026-10-14. Is this coded correctly?",
      (s) => [
        mentionOf(s, 1, "99213", { system: "CPT", code: "99213" }),
        mentionOf(s, 1, "E11.9", { system: "ICD10CM", code: "E11.9" }),
      ],
    ),
  },
  {
    name: "header-7th-terminated",
    request: request(
      "CD-2026-000103", "Claim rejected", null,
      "Claim for DOS October 14, 2026 rejected. Dx I42.0, E11.6, S52.5, S23.420A and J18.10; HCPCS G0120. What is wrong?",
      (s) => [
        mentionOf(s, 1, "I42.0", { system: "ICD10CM", code: "I42.0" }),
        mentionOf(s, 1, "E11.6", { system: "ICD10CM", code: "E11.6" }),
        mentionOf(s, 1, "S52.5", { system: "ICD10CM", code: "S52.5" }),
        mentionOf(s, 1, "S23.420A", { system: "ICD10CM", code: "S23.420A" }),
        mentionOf(s, 1, "J18.10", { system: "ICD10CM", code: "J18.10" }),
        mentionOf(s, 1, "G0120", { system: "HCPCS", code: "G0120" }),
      ],
    ),
  },
  {
    name: "ncci-mue",
    request: request(
      "CD-2026-000106", "Bundling question", "Lee Park",
      "DOS 10/14/2026. Thoracoscopic lobectomy 32663 and diagnostic thoracoscopy 32601 by the same surgeon. " +
        "Clinic: knee injection 20610-RT x 3 and office visit 99213-25. Can all of these be billed?",
      (s) => [
        mentionOf(s, 1, "32663", { system: "CPT", code: "32663" }),
        mentionOf(s, 1, "32601", { system: "CPT", code: "32601" }),
        mentionOf(s, 1, "20610-RT x 3", { system: "CPT", code: "20610", modifiers: ["RT"], units: 3 }),
        mentionOf(s, 1, "99213-25", { system: "CPT", code: "99213", modifiers: ["25"] }),
      ],
    ),
  },
  {
    name: "bilateral-global",
    request: request(
      "CD-2026-000107", "Carpal tunnel both hands and follow-up", "Morgan",
      "Surgery date 10/14/2026: 64804-RT and 64804-LT, plus 11102-59-25. " +
        "Post-op follow-up visit 99213 on 11/02. How do we bill this?",
      (s) => [
        mentionOf(s, 1, "64804-RT", { system: "CPT", code: "64804", modifiers: ["RT"] }),
        mentionOf(s, 1, "64804-LT", { system: "CPT", code: "64804", modifiers: ["LT"] }),
        mentionOf(s, 1, "11102-59-25", { system: "CPT", code: "11102", modifiers: ["59", "25"] }),
        mentionOf(s, 1, "99213", { system: "CPT", code: "99213" }),
      ],
    ),
  },
  {
    name: "need-info",
    request: request("CD-2026-000104", "hello", "Pat", "Hi team, please call me back when you can.\nPat", () => []),
  },
  {
    name: "question-only",
    request: request(
      "CD-2026-000105", "VATS nodule biopsy", null,
      "How should we code a thoracoscopic wedge biopsy of a lung nodule?",
      () => [], [{ system: "CPT", from: "32601", to: "32674" }],
    ),
  },
];

export function answerFixture(name: string): { fixture: CaseFixture; answer: Answer } {
  const fixture = CASES.find((c) => c.name === name);
  if (!fixture) throw new Error(`no case ${name}`);
  return { fixture, answer: answerCase(fixture.request) };
}
