// mailparser adapter: raw RFC 5322 bytes → the pipeline's ParsedEmail (headers it decides on + text view).
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { MalformedEmailError, type MailParser, type ParsedEmail } from "../../app/ports.js";
import { bareMessageId, parseMessageIdList } from "../../domain/email/threading.js";
import { toEmailText } from "./email-text.js";

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
 * Creates the parser. `maxBytes`: larger messages are refused with MalformedEmailError("TOO_LARGE")
 * before parsing, so one hostile message cannot exhaust memory.
 */
export function createMailParser(options: { maxBytes?: number } = {}): MailParser {
  const maxBytes = options.maxBytes ?? 25 * 1024 * 1024;
  return {
    async parse(raw: Buffer): Promise<ParsedEmail> {
      if (raw.length === 0) throw new MalformedEmailError("EMPTY", "empty message");
      if (raw.length > maxBytes) throw new MalformedEmailError("TOO_LARGE", `message of ${raw.length} bytes exceeds the ${maxBytes}-byte limit`);
      let parsed: ParsedMail;
      try {
        parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
      } catch (err) {
        throw new MalformedEmailError("UNPARSEABLE", `MIME structure could not be parsed (${(err as Error).name})`);
      }
      const headers = headerRecord(parsed);
      if (parsed.headerLines.length === 0) throw new MalformedEmailError("NO_HEADERS", "no header section");
      const from = addresses(parsed.from)[0] ?? null;
      const ct = parsed.headers.get("content-type") as { value?: string } | string | undefined;
      const contentType = typeof ct === "string" ? ct : (ct?.value ?? null);
      return {
        messageId: parsed.messageId ? bareMessageId(parsed.messageId) : null,
        inReplyTo: parsed.inReplyTo ? (parseMessageIdList(parsed.inReplyTo)[0] ?? null) : null,
        references: parseMessageIdList(parsed.references ?? null),
        from,
        replyTo: addresses(parsed.replyTo)[0]?.address ?? null,
        to: addresses(parsed.to).map((a) => a.address),
        subject: (parsed.subject ?? "").trim(),
        date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null,
        headers,
        contentType: contentType ? contentType.toLowerCase() : null,
        text: parsed.text ?? "",
        html: typeof parsed.html === "string" ? parsed.html : null,
        emailText: await toEmailText(parsed),
      };
    },
  };
}
