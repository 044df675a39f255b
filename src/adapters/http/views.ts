// Handlebars views of the review UI (templates/web): a layout, one template per page, partials, and the CSS
// and client script inlined under a per-response CSP nonce (no static routes, nothing served without auth).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";

/** templates/web, resolved from this file's location. */
export const WEB_TEMPLATES_DIR = fileURLToPath(new URL("../../../templates/web", import.meta.url));

export interface PageFrame {
  title: string;
  nonce: string;
  csrf: string;
  user: { email: string; role: string; admin: boolean } | null;
}

export interface Views {
  /** renders `templates/web/pages/<page>.hbs` inside the layout */
  page(page: string, frame: PageFrame, data: Record<string, unknown>): string;
  /** renders `templates/web/emails/<name>.{text,html}.hbs` */
  email(name: string, data: Record<string, unknown>): { text: string; html: string };
}

/** Formats a Date (or ISO string) as "2026-11-21 14:03 UTC". */
export function formatTime(d: Date | string | null | undefined): string {
  if (!d) return "";
  const date = typeof d === "string" ? new Date(d) : d;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A duration in ms as "2 d 3 h", "3 h 12 min", "4 min". */
export function formatAge(ms: number): string {
  const min = Math.max(0, Math.floor(ms / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Loads and compiles every template once. @throws Error when a template is missing or does not compile. */
export function createViews(dir: string = WEB_TEMPLATES_DIR): Views {
  const hb = Handlebars.create();
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hb.registerHelper("time", (d: Date | string | null) => formatTime(d));
  hb.registerHelper("json", (v: unknown) => JSON.stringify(v, null, 2));
  const partialsDir = join(dir, "partials");
  for (const f of readdirSync(partialsDir).filter((f) => f.endsWith(".hbs"))) {
    hb.registerPartial(f.replace(/\.hbs$/, ""), readFileSync(join(partialsDir, f), "utf8"));
  }
  const layout = hb.compile(readFileSync(join(dir, "layout.hbs"), "utf8"), { strict: false });
  const css = readFileSync(join(dir, "assets", "app.css"), "utf8");
  const js = readFileSync(join(dir, "assets", "app.js"), "utf8");
  const pages = new Map<string, Handlebars.TemplateDelegate>();
  for (const f of readdirSync(join(dir, "pages")).filter((f) => f.endsWith(".hbs"))) {
    pages.set(f.replace(/\.hbs$/, ""), hb.compile(readFileSync(join(dir, "pages", f), "utf8")));
  }
  const text = Handlebars.create();
  const emails = new Map<string, { text: Handlebars.TemplateDelegate; html: Handlebars.TemplateDelegate }>();
  for (const f of readdirSync(join(dir, "emails")).filter((f) => f.endsWith(".text.hbs"))) {
    const name = f.replace(/\.text\.hbs$/, "");
    emails.set(name, {
      text: text.compile(readFileSync(join(dir, "emails", f), "utf8"), { noEscape: true, strict: true }),
      html: text.compile(readFileSync(join(dir, "emails", `${name}.html.hbs`), "utf8"), { strict: true }),
    });
  }
  return {
    page(page, frame, data) {
      const tpl = pages.get(page);
      if (!tpl) throw new Error(`no view ${page}`);
      const ctx = { ...data, frame };
      return layout({ frame, css, js, body: new hb.SafeString(tpl(ctx)) });
    },
    email(name, data) {
      const t = emails.get(name);
      if (!t) throw new Error(`no email template ${name}`);
      return { text: t.text(data).replace(/\n{3,}/g, "\n\n").trimEnd() + "\n", html: t.html(data) };
    },
  };
}
