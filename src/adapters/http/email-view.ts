// Showing untrusted email safely: HTML through sanitize-html and into a sandboxed iframe (srcdoc, no
// allow-scripts, its own CSP), text escaped with code mentions highlighted, attachments listed from the raw bytes.
import sanitizeHtml from "sanitize-html";
import { simpleParser } from "mailparser";
import type { MentionView } from "../../app/review-ports.js";

const ALLOWED_TAGS = [
  ...sanitizeHtml.defaults.allowedTags.filter((t) => t !== "iframe"),
  "img", "font", "center", "u", "s", "strike", "span", "div", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col",
];

const EMAIL_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ["href", "title", "rel", "target"],
    img: ["src", "alt", "width", "height"],
    td: ["colspan", "rowspan", "align", "valign", "width"],
    th: ["colspan", "rowspan", "align", "valign", "width"],
    table: ["border", "cellpadding", "cellspacing", "width"],
    font: ["color", "size"],
    "*": ["style", "dir", "lang"],
  },
  // remote images are tracking beacons and leak the consultant's address: only inline data: images stay
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["data"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // dropped with their content (the rest of a disallowed element's text is kept)
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "title", "head", "template", "iframe", "object", "select"],
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer", target: "_blank" }) },
  // an image whose source was removed (remote, javascript:, "x") would only show a broken-image icon
  exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
};

/** Sanitizes inbound email HTML: no script, no event handlers, no frames, forms, remote images or javascript: URLs. */
export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, EMAIL_OPTIONS);
}

/** Sanitizes a consultant's reply HTML (same allowlist as inbound mail). */
export function sanitizeReplyHtml(html: string): string {
  return sanitizeHtml(html, EMAIL_OPTIONS);
}

/**
 * A complete document for `<iframe sandbox srcdoc>`: the sanitized HTML behind a CSP that forbids scripts,
 * network loads and forms even if something slipped through. Attribute-escaping is the template's job.
 * (A srcdoc document also inherits the page's CSP, so it has no <style> element: style attributes only.)
 */
export function emailSrcdoc(html: string): string {
  const csp = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src 'none'; form-action 'none'";
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><base target="_blank"></head><body style="font:14px/1.45 system-ui,sans-serif;margin:8px;color:#222">${sanitizeEmailHtml(html)}</body></html>`;
}

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function mentionClass(status: string): string {
  if (status === "active") return "m-ok";
  if (status === "unknown" || status === "unlicensed") return "m-info";
  return "m-warn";
}

/**
 * Escapes `text` and wraps each occurrence of a mention's written form (or its code) in
 * `<mark class="m-ok|m-warn|m-info" title="SYSTEM CODE: status, title">`. Longest forms win on overlap.
 * @returns HTML safe to place inside a <pre> or <div>
 */
export function highlightMentions(text: string, mentions: MentionView[]): string {
  const forms = new Map<string, MentionView>();
  for (const m of mentions) {
    for (const f of [m.text.trim(), m.code]) if (f && f.length >= 2 && !forms.has(f)) forms.set(f, m);
  }
  if (forms.size === 0) return escapeHtml(text);
  const keys = [...forms.keys()].sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const re = new RegExp(`(?<![A-Za-z0-9])(?:${keys.join("|")})(?![A-Za-z0-9])`, "g");
  let out = "";
  let last = 0;
  for (const match of text.matchAll(re)) {
    const m = forms.get(match[0])!;
    out += escapeHtml(text.slice(last, match.index));
    const title = `${m.system} ${m.code}: ${m.status}${m.title ? `, ${m.title}` : ""}`;
    out += `<mark class="${mentionClass(m.status)}" title="${escapeHtml(title)}">${escapeHtml(match[0])}</mark>`;
    last = match.index + match[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

export interface AttachmentInfo {
  filename: string;
  contentType: string;
  size: number;
}

/** Attachments of a raw message (names, types, sizes; contents are never shown). Unreadable mail → []. */
export async function listAttachments(raw: Buffer): Promise<AttachmentInfo[]> {
  try {
    const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
    return parsed.attachments
      .filter((a) => a.contentDisposition === "attachment" || a.filename)
      .map((a) => ({ filename: a.filename ?? "(unnamed)", contentType: a.contentType, size: a.size }));
  } catch {
    return [];
  }
}
