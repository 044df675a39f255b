// Golden rendered replies: each consultation fixture is answered and rendered (text + HTML) and compared
// with test/golden/replies/<case>.{txt,html}. Re-record with UPDATE_GOLDEN=1 and review the diff.
// Lives under test/unit so the `unit` vitest project runs it (rendering needs nothing running).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createReplyRenderer } from "../../../src/adapters/render/reply-renderer.js";
import { answerFixture, CASES } from "./cases.js";

const dir = fileURLToPath(new URL("../../golden/replies/", import.meta.url));
const update = process.env.UPDATE_GOLDEN === "1";
const renderer = createReplyRenderer();

function golden(file: string, actual: string): void {
  const path = `${dir}${file}`;
  if (update || !existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, actual);
    if (!update) throw new Error(`golden file ${file} was missing and has been written; review it and re-run`);
    return;
  }
  expect(actual).toBe(readFileSync(path, "utf8"));
}

describe("golden replies", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { fixture, answer } = answerFixture(c.name);
      const reply = renderer.render(answer, {
        caseReference: fixture.request.caseReference,
        requesterName: fixture.request.requesterName,
        subject: fixture.request.subject,
      });
      golden(`${c.name}.txt`, reply.text);
      golden(`${c.name}.html`, reply.html);
    });
  }
});
