import { describe, expect, it } from "vitest";
import {
  answerMessageId, bareMessageId, findCaseReference, formatCaseReference, parseMessageIdList, replySubject, replyThreadHeaders, threadCandidates,
} from "../../../src/domain/email/threading.js";

describe("case references", () => {
  it("formats prefix, year and a 6-digit sequence", () => {
    expect(formatCaseReference("CD", 2026, 123)).toBe("CD-2026-000123");
    expect(formatCaseReference("CD", 2026, 1234567)).toBe("CD-2026-1234567");
  });
  it("finds a reference in a subject, bracketed or not, any case", () => {
    expect(findCaseReference("Re: [CD-2026-000123] 32664-50 with lung bx?", "CD")).toBe("CD-2026-000123");
    expect(findCaseReference("question about cd-2026-000042 again", "CD")).toBe("CD-2026-000042");
    expect(findCaseReference("32664-50 with lung bx? 2026-000123", "CD")).toBeNull();
    expect(findCaseReference("ABCD-2026-000123", "CD")).toBeNull();
  });
});

describe("reply subject", () => {
  it("adds Re: and the bracketed reference once", () => {
    expect(replySubject("CD-2026-000001", "32664-50 with lung bx?")).toBe("Re: [CD-2026-000001] 32664-50 with lung bx?");
  });
  it("does not grow on a long thread", () => {
    const once = replySubject("CD-2026-000001", "Re: Fwd: RE: question");
    expect(once).toBe("Re: [CD-2026-000001] question");
    expect(replySubject("CD-2026-000001", `Re: ${once}`)).toBe(once);
    expect(replySubject("CD-2026-000001", "AW: [CD-2026-000001] question")).toBe(once);
  });
  it("handles an empty subject and folded lines", () => {
    expect(replySubject("CD-2026-000001", "")).toBe("Re: [CD-2026-000001] (no subject)");
    expect(replySubject("CD-2026-000001", "a\r\n b")).toBe("Re: [CD-2026-000001] a  b");
  });
});

describe("threading headers (RFC 5322 §3.6.4)", () => {
  it("parses id lists with and without brackets", () => {
    expect(parseMessageIdList("<a@x> <b@y>\r\n <c@z>")).toEqual(["a@x", "b@y", "c@z"]);
    expect(parseMessageIdList(["<a@x>", "<b@y>"])).toEqual(["a@x", "b@y"]);
    expect(parseMessageIdList("a@x")).toEqual(["a@x"]);
    expect(parseMessageIdList(null)).toEqual([]);
    expect(bareMessageId(" <a@x> ")).toBe("a@x");
  });
  it("replies with In-Reply-To = parent and References = parent's references + parent", () => {
    expect(replyThreadHeaders({ messageId: "<p@x>", references: ["r1@x", "r2@x"], inReplyTo: "r2@x" })).toEqual({ inReplyTo: "p@x", references: ["r1@x", "r2@x", "p@x"] });
    expect(replyThreadHeaders({ messageId: "p@x", references: [], inReplyTo: "q@x" })).toEqual({ inReplyTo: "p@x", references: ["q@x", "p@x"] });
    expect(replyThreadHeaders({ messageId: null, references: [], inReplyTo: null })).toEqual({ inReplyTo: null, references: [] });
  });
  it("keeps References bounded: the first and the last 19 ids", () => {
    const refs = Array.from({ length: 40 }, (_, i) => `r${i}@x`);
    const h = replyThreadHeaders({ messageId: "p@x", references: refs, inReplyTo: null });
    expect(h.references).toHaveLength(20);
    expect(h.references[0]).toBe("r0@x");
    expect(h.references.at(-1)).toBe("p@x");
  });
  it("looks up the nearest parent first", () => {
    expect(threadCandidates("c@x", ["a@x", "b@x", "c@x"])).toEqual(["c@x", "b@x", "a@x"]);
  });
  it("gives a stable answer Message-ID per draft", () => {
    expect(answerMessageId("CD-2026-000001", "m7", "example.test")).toBe("casedesk.cd-2026-000001.m7@example.test");
  });
});
