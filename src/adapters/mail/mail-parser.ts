// mailparser adapter: raw RFC 5322 bytes → the pipeline's ParsedEmail (headers it decides on + text view).
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { MalformedEmailError, type MailParser, type ParsedEmail } from "../../app/ports.js";
import { bareMessageId, parseMessageIdList } from "../../domain/email/threading.js";
import { toEmailText } from "./email-text.js";
import type { EmailText } from "../../domain/codes/types.js";
import { countCodeLikeTokens, htmlComplexity, scanMimeStructure } from "../../domain/email/mime-limits.js";

/** Parse limits (issue 7, hostile input): a message over any of them is parked with the limit's code. */
export interface ParseLimits {
  /** raw size, bytes (TOO_LARGE); default 25 MiB */
  maxBytes?: number;
  /** multipart / message/rfc822 nesting depth (MIME_TOO_DEEP); default 16 */
  maxMimeDepth?: number;
  /** MIME body parts in the whole message (TOO_MANY_PARTS); default 500 */
  maxMimeParts?: number;
  /** characters of the HTML body (HTML_TOO_LARGE); default 5,000,000 */
  maxHtmlChars?: number;
  /** code-like tokens over subject, body and attachments (TOO_MANY_CODES); default 2,000 */
  maxCodeTokens?: number;
  /** HTML tags, and estimated element nesting, in the message (HTML_TOO_COMPLEX); default 50,000 and 128 */
  maxHtmlTags?: number;
  maxHtmlDepth?: number;
}

function addresses(value: AddressObject | AddressObject[] | undefined): Array<{ address: string; name: string | null }> {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value).flatMap((v) => (v.address ? [{ address: v.address.toLowerCase(), name: v.name || null }] : []));
}

/** Header lines as lower-case name → unfolded value(s). */
function headerRecord(parsed: ParsedMail): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = line.slice(line.indexOf(":") + 1).replace(/\r?\n[ \t]+/g, " ").trim();
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/**
 * Creates the parser. Hostile input is refused with a MalformedEmailError whose code names the limit
 * (see ParseLimits): size and MIME structure are checked before mailparser runs (a linear scan), the HTML
 * length before it is converted to text, the number of code-like tokens before extraction. So one
 * message cannot exhaust memory or hold a worker for long.
 */
export function createMailParser(options: ParseLimits = {}): MailParser {
  const maxBytes = options.maxBytes ?? 25 * 1024 * 1024;
  const mime = { maxDepth: options.maxMimeDepth ?? 16, maxParts: options.maxMimeParts ?? 500 };
  const maxHtmlChars = options.maxHtmlChars ?? 5_000_000;
  const maxCodeTokens = options.maxCodeTokens ?? 2_000;
  const html = { maxTags: options.maxHtmlTags ?? 50_000, maxDepth: options.maxHtmlDepth ?? 128 };
  return {
    async parse(raw: Buffer): Promise<ParsedEmail> {
      if (raw.length === 0) throw new MalformedEmailError("EMPTY", "empty message");
      if (raw.length > maxBytes) throw new MalformedEmailError("TOO_LARGE", `message of ${raw.length} bytes exceeds the ${maxBytes}-byte limit`);
      const latin1 = raw.toString("latin1");
      const scan = scanMimeStructure(latin1, mime);
      if (scan.exceeded) throw new MalformedEmailError(scan.exceeded.code, scan.exceeded.message);
      // HTML visible in the raw bytes (also inside forwarded messages, which are parsed again later)
      const bodyStart = latin1.search(/\r?\n\r?\n/);
      const rawHtml = htmlComplexity(bodyStart < 0 ? "" : latin1.slice(bodyStart), html);
      if (rawHtml) throw new MalformedEmailError(rawHtml.code, rawHtml.message);
      let parsed: ParsedMail;
      try {
        // skipHtmlToText: HTML is converted once, below, after the limits (mailparser's own conversion is
        // unbounded: 50 s on 100k unclosed tags)
        parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true });
      } catch (err) {
        throw new MalformedEmailError("UNPARSEABLE", `MIME structure could not be parsed (${(err as Error).name})`);
      }
      const headers = headerRecord(parsed);
      if (parsed.headerLines.length === 0) throw new MalformedEmailError("NO_HEADERS", "no header section");
      if (typeof parsed.html === "string" && parsed.html.length > maxHtmlChars) {
        throw new MalformedEmailError("HTML_TOO_LARGE", `HTML body of ${parsed.html.length} characters exceeds the ${maxHtmlChars}-character limit`);
      }
      const decodedHtml = typeof parsed.html === "string" ? htmlComplexity(parsed.html, html) : null; // base64 HTML
      if (decodedHtml) throw new MalformedEmailError(decodedHtml.code, decodedHtml.message);
      let emailText: EmailText;
      try {
        emailText = await toEmailText(parsed);
      } catch (err) {
        // a converter failing on this message's content (e.g. RangeError on pathological nesting) is a
        // property of the message: park it rather than retry it forever
        throw new MalformedEmailError("UNPROCESSABLE", `text could not be extracted (${(err as Error).name})`);
      }
      // the body segmentation reads: the HTML's text when present, else text/plain (segmentEmail)
      const body = emailText.htmlText !== null && emailText.htmlText.trim() !== "" ? emailText.htmlText : emailText.text;
      const tokens = countCodeLikeTokens([emailText.subject, body, ...emailText.attachments.map((a) => a.text)], maxCodeTokens);
      if (tokens > maxCodeTokens) throw new MalformedEmailError("TOO_MANY_CODES", `more than ${maxCodeTokens} code-like tokens`);
      return {
        ...headerFields(parsed, headers),
        text: parsed.text?.trim() ? parsed.text : (emailText.htmlText ?? ""),
        html: typeof parsed.html === "string" ? parsed.html : null,
        emailText,
      };
    },

    async parseHeaders(raw: Buffer): Promise<ParsedEmail> {
      if (raw.length === 0) throw new MalformedEmailError("EMPTY", "empty message");
      if (raw.length > maxBytes) throw new MalformedEmailError("TOO_LARGE", `message of ${raw.length} bytes exceeds the ${maxBytes}-byte limit`);
      const end = headerEnd(raw);
      let parsed: ParsedMail;
      try {
        parsed = await simpleParser(Buffer.concat([raw.subarray(0, end), Buffer.from("\r\n\r\n")]), { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true });
      } catch (err) {
        throw new MalformedEmailError("UNPARSEABLE", `header section could not be parsed (${(err as Error).name})`);
      }
      const headers = headerRecord(parsed);
      if (parsed.headerLines.length === 0) throw new MalformedEmailError("NO_HEADERS", "no header section");
      const fields = headerFields(parsed, headers);
      return { ...fields, text: "", html: null, emailText: { subject: fields.subject, text: "", htmlText: null, attachments: [] } };
    },
  };
}

/** Byte offset where the header section ends (the first empty line), or the whole message when none. */
function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf("\r\n\r\n");
  const lf = raw.indexOf("\n\n");
  const ends = [crlf, lf].filter((i) => i >= 0);
  return ends.length ? Math.min(...ends) : raw.length;
}

/** The envelope-level fields the pipeline decides on, from a parsed message or header section. */
function headerFields(parsed: ParsedMail, headers: Record<string, string | string[]>) {
  const ct = parsed.headers.get("content-type") as { value?: string } | string | undefined;
  const contentType = typeof ct === "string" ? ct : (ct?.value ?? null);
  return {
    messageId: parsed.messageId ? bareMessageId(parsed.messageId) : null,
    inReplyTo: parsed.inReplyTo ? (parseMessageIdList(parsed.inReplyTo)[0] ?? null) : null,
    references: parseMessageIdList(parsed.references ?? null),
    from: addresses(parsed.from)[0] ?? null,
    replyTo: addresses(parsed.replyTo)[0]?.address ?? null,
    to: addresses(parsed.to).map((a) => a.address),
    subject: (parsed.subject ?? "").trim(),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null,
    headers,
    contentType: contentType ? contentType.toLowerCase() : null,
  };
}
