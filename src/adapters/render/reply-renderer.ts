// Renders an Answer's reply model to the text and HTML parts of a multipart/alternative email, with
// Handlebars in strict mode; templates and partials are read and compiled once per renderer.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import type { Answer, RenderedReply, ReplyModel } from "../../domain/answer/types.js";
import { replyHelpers } from "./template-helpers.js";

/** templates/replies, resolved from the project root (this file's location), not from the cwd. */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL("../../../templates/replies", import.meta.url));

export interface RenderContext {
  caseReference: string;
  requesterName: string | null;
  subject: string;
}

export interface ReplyRenderer {
  render(answer: Answer, ctx: RenderContext): RenderedReply;
}

/** Error with a stable code, thrown when templates are missing or fail to compile or render. */
export class ReplyTemplateError extends Error {
  readonly code = "REPLY_TEMPLATE";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ReplyTemplateError";
  }
}

function listHbs(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listHbs(path));
    else if (entry.name.endsWith(".hbs")) out.push(path);
  }
  return out.sort();
}

/**
 * Creates a renderer over `templatesDir` (default DEFAULT_TEMPLATES_DIR) which must hold
 * `reply.text.hbs`, `reply.html.hbs` and `partials/{text,html}/*.hbs`. Partials are registered by path
 * ("text/code-row", "html/finding-ncci"); text templates are compiled without HTML escaping, HTML
 * templates with it; both in strict mode (a missing field throws instead of rendering blank).
 *
 * `render(answer, ctx)` renders `answer.reply` with `ctx` (case reference, requester name, subject)
 * taking precedence; it returns `{ text, html }`, text with LF line ends and one trailing newline.
 *
 * @throws ReplyTemplateError (code "REPLY_TEMPLATE") when a template is missing, does not compile, or
 *   refers to a field the model does not have
 */
export function createReplyRenderer(templatesDir: string = DEFAULT_TEMPLATES_DIR): ReplyRenderer {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(replyHelpers())) hb.registerHelper(name, fn);
  let text: Handlebars.TemplateDelegate<ReplyModel>;
  let html: Handlebars.TemplateDelegate<ReplyModel>;
  try {
    const partialsDir = join(templatesDir, "partials");
    for (const file of listHbs(partialsDir)) {
      const name = relative(partialsDir, file).split(sep).join("/").replace(/\.hbs$/, "");
      const source = readFileSync(file, "utf8");
      hb.registerPartial(name, hb.compile(source, { strict: true, noEscape: name.startsWith("text/") }));
    }
    text = hb.compile<ReplyModel>(readFileSync(join(templatesDir, "reply.text.hbs"), "utf8"), { strict: true, noEscape: true });
    html = hb.compile<ReplyModel>(readFileSync(join(templatesDir, "reply.html.hbs"), "utf8"), { strict: true });
  } catch (err) {
    throw new ReplyTemplateError(`cannot load reply templates from ${templatesDir}: ${(err as Error).message}`, { cause: err });
  }
  return {
    render(answer, ctx) {
      const model: ReplyModel = { ...answer.reply, caseReference: ctx.caseReference, requesterName: ctx.requesterName, subject: ctx.subject };
      try {
        const t = text(model).replace(/\r\n/g, "\n").replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
        return { text: t, html: html(model) };
      } catch (err) {
        throw new ReplyTemplateError(`cannot render reply: ${(err as Error).message}`, { cause: err });
      }
    },
  };
}
