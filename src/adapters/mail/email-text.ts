// Turns a mailparser ParsedMail into the domain's EmailText: HTML to text with each table row on
// one line (cells joined by " | ", so a modifier column stays next to its code), text/plain and
// text/csv attachments, the text layer of PDF attachments, and forwarded message/rfc822 parts.

import { compile, type DomNode, type FormatCallback, type HtmlToTextOptions } from "html-to-text";
import { simpleParser, type Attachment, type ParsedMail } from "mailparser";
import type { EmailText } from "../../domain/codes/types.js";
import { FORWARDED_MESSAGE_TYPE } from "../../domain/email/segment.js";
import { pdfText } from "./email-text-pdf.js";

/** Separator between table cells in converted text; the domain's table binder splits on it. */
export const CELL_SEPARATOR = " | ";
/** Forwards inside forwards are read this deep, no deeper (hostile nesting). */
const MAX_FORWARD_DEPTH = 3;
/** Attachment text beyond this many characters is cut (a 200-page PDF is not a question). */
const MAX_ATTACHMENT_CHARS = 2_000_000;

/** Plain text of a DOM subtree on one line: paragraphs and line breaks inside a cell become spaces. */
function flatText(node: DomNode): string {
  if (node.type === "text") return typeof node.data === "string" ? node.data : "";
  if (node.type !== "tag") return "";
  if (node.name === "br") return " ";
  if (node.name === "style" || node.name === "script") return "";
  return (node.children ?? []).map(flatText).join(node.name === "td" || node.name === "th" ? "" : " ");
}

const tableRow: FormatCallback = (elem, _walk, builder) => {
  const cells = (elem.children ?? []).filter((c) => c.type === "tag" && (c.name === "td" || c.name === "th"));
  const line = cells.map((c) => flatText(c).replace(/\s+/g, " ").trim()).join(CELL_SEPARATOR);
  builder.openBlock({ leadingLineBreaks: 1 });
  builder.addLiteral(line);
  builder.closeBlock({ trailingLineBreaks: 1 });
};

const signatureBlock: FormatCallback = (elem, walk, builder) => {
  builder.openBlock({ leadingLineBreaks: 1 });
  builder.addLiteral("-- ");
  builder.closeBlock({ trailingLineBreaks: 1 });
  builder.openBlock({ leadingLineBreaks: 1 });
  walk(elem.children ?? [], builder);
  builder.closeBlock({ trailingLineBreaks: 1 });
};

const HTML_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  formatters: { tableRow, signatureBlock },
  selectors: [
    { selector: "table", format: "block" },
    { selector: "tr", format: "tableRow" },
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
    { selector: "style", format: "skip" },
    { selector: "head", format: "skip" },
    { selector: "h1", options: { uppercase: false } },
    { selector: "h2", options: { uppercase: false } },
    { selector: "h3", options: { uppercase: false } },
    { selector: "div.gmail_signature", format: "signatureBlock" },
    { selector: "div#Signature", format: "signatureBlock" },
    { selector: "div.moz-signature", format: "signatureBlock" },
  ],
};

/**
 * HTML e-mail body → plain text for segmentation. Table rows come out on one line with cells
 * joined by `CELL_SEPARATOR`; blockquotes keep "> " prefixes; Gmail / Outlook / Thunderbird
 * signature blocks are preceded by a "-- " line. Never throws on malformed HTML.
 */
export function htmlToText(html: string): string {
  return convertHtml(html);
}

const convertHtml = compile(HTML_OPTIONS);

/**
 * The text view of a parsed e-mail (see `EmailText`). Attachments: text/plain and text/* as
 * decoded text; text/csv with each row on one line, cells joined by " | "; application/pdf via its
 * text layer (pdfjs-dist); message/rfc822 as "Subject: …" plus the forwarded body, its own
 * attachments appended after it. Unreadable attachments (encrypted PDF, bad charset) are skipped,
 * never thrown. Filenames default to "attachment-N".
 */
export async function toEmailText(parsed: ParsedMail): Promise<EmailText> {
  const attachments: EmailText["attachments"] = [];
  await collectAttachments(parsed.attachments ?? [], attachments, 0);
  return {
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    htmlText: typeof parsed.html === "string" && parsed.html.trim() !== "" ? htmlToText(parsed.html) : null,
    attachments,
  };
}

async function collectAttachments(list: Attachment[], out: EmailText["attachments"], depth: number): Promise<void> {
  for (const [i, a] of list.entries()) {
    const filename = a.filename ?? `attachment-${out.length + i + 1}`;
    const type = (a.contentType ?? "application/octet-stream").toLowerCase();
    try {
      if (type === FORWARDED_MESSAGE_TYPE) {
        if (depth >= MAX_FORWARD_DEPTH) continue;
        const inner = await simpleParser(a.content);
        const body = typeof inner.html === "string" && inner.html.trim() !== "" ? htmlToText(inner.html) : (inner.text ?? "");
        out.push({ filename, contentType: FORWARDED_MESSAGE_TYPE, text: cap(`Subject: ${inner.subject ?? ""}\n\n${body}`) });
        await collectAttachments(inner.attachments ?? [], out, depth + 1);
      } else if (type === "application/pdf" || /\.pdf$/i.test(filename)) {
        out.push({ filename, contentType: "application/pdf", text: cap(await pdfText(a.content)) });
      } else if (type === "text/csv" || /\.csv$/i.test(filename)) {
        out.push({ filename, contentType: "text/csv", text: cap(csvToText(a.content.toString("utf8"))) });
      } else if (type === "text/plain" || (type.startsWith("text/") && type !== "text/html")) {
        out.push({ filename, contentType: type, text: cap(a.content.toString("utf8")) });
      } else if (type === "text/html") {
        out.push({ filename, contentType: type, text: cap(htmlToText(a.content.toString("utf8"))) });
      }
    } catch {
      // An attachment we cannot read is not a reason to lose the e-mail.
    }
  }
}

/** CSV → one line per record, cells joined by " | " (RFC 4180 quoting; `;` and tab also accepted). */
export function csvToText(csv: string): string {
  const delim = detectDelimiter(csv);
  const rows: string[] = [];
  let cell = "";
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i];
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch === "\n" || ch === "\r" ? " " : ch;
    } else if (ch === '"' && cell === "") quoted = true;
    else if (ch === delim) {
      row.push(cell.trim());
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && csv[i + 1] === "\n") i++;
      row.push(cell.trim());
      rows.push(row.join(CELL_SEPARATOR));
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell.trim());
    rows.push(row.join(CELL_SEPARATOR));
  }
  return rows.join("\n");
}

function detectDelimiter(csv: string): string {
  const head = csv.slice(0, csv.indexOf("\n") >= 0 ? csv.indexOf("\n") : csv.length);
  const counts: Array<[string, number]> = [",", ";", "\t"].map((d) => [d, head.split(d).length - 1]);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]?.[1] ? (counts[0][0] ?? ",") : ",";
}

function cap(s: string): string {
  return s.length > MAX_ATTACHMENT_CHARS ? s.slice(0, MAX_ATTACHMENT_CHARS) : s;
}
