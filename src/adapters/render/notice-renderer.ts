// Renders the polite "not registered" notice (templates/replies/notice.{text,html}.hbs). The notice
// repeats nothing from the inbound message, not even its subject: the sender may be forged.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import type { NoticeRenderer } from "../../app/sender-ports.js";
import { DEFAULT_TEMPLATES_DIR } from "./reply-renderer.js";

/**
 * Compiles the notice templates once (strict mode: a missing field throws). `render` gives the subject
 * "[<reference>] Not answered: sender not registered" and the text (LF, one trailing newline) and HTML parts.
 * @throws Error at creation when a template is missing or does not compile
 */
export function createNoticeRenderer(templatesDir: string = DEFAULT_TEMPLATES_DIR): NoticeRenderer {
  const hb = Handlebars.create();
  const text = hb.compile<{ caseReference: string }>(readFileSync(join(templatesDir, "notice.text.hbs"), "utf8"), { strict: true, noEscape: true });
  const html = hb.compile<{ caseReference: string }>(readFileSync(join(templatesDir, "notice.html.hbs"), "utf8"), { strict: true });
  return {
    render(ctx) {
      return {
        subject: `[${ctx.caseReference}] Not answered: sender not registered`,
        text: `${text(ctx).replace(/\r\n/g, "\n").trimEnd()}\n`,
        html: html(ctx),
      };
    },
  };
}
