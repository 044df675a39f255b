import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createReplyRenderer } from "../../../src/adapters/render/reply-renderer.js";
import { wrapText } from "../../../src/adapters/render/template-helpers.js";
import { answerFixture } from "./cases.js";

describe("reply renderer", () => {
  it("escapes hostile text in HTML and keeps it literal in text", () => {
    const { answer } = answerFixture("clean-auto");
    const r = createReplyRenderer().render(answer, { caseReference: "CD-X", requesterName: "<script>alert(1)</script>", subject: "a & b" });
    expect(r.html).not.toContain("<script>");
    expect(r.html).toContain("&lt;script&gt;");
    expect(r.text).toContain("Hello <script>alert(1)</script>,");
    expect(r.text).toContain("Case reference: CD-X");
    expect(r.html).not.toMatch(/<style|<link/);
  });
  it("strict mode: a template that names a missing field throws a coded error", () => {
    const dir = mkdtempSync(join(tmpdir(), "casedesk-tpl-"));
    mkdirSync(join(dir, "partials"));
    writeFileSync(join(dir, "reply.text.hbs"), "{{nope}}");
    writeFileSync(join(dir, "reply.html.hbs"), "<p>{{caseReference}}</p>");
    const { answer } = answerFixture("clean-auto");
    expect(() => createReplyRenderer(dir).render(answer, { caseReference: "c", requesterName: null, subject: "s" }))
      .toThrow(expect.objectContaining({ code: "REPLY_TEMPLATE" }));
  });
  it("wraps text at the width with a hanging indent", () => {
    expect(wrapText("aaa bbb ccc", 7, "  ")).toBe("aaa bbb\n  ccc");
  });
});
