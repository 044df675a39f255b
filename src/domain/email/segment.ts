// Segmentation of an e-mail's text into subject, new text (body), quoted history, signature and
// attachments, so that answers address the new question and not the history.

import { append } from "../codes/arrays.js";
import { isBlank } from "../codes/chars.js";
import type { EmailText, MentionLocation, Segment } from "../codes/types.js";
import {
  classifyLines,
  classifyWithCut,
  forwardedContentStart,
  linesBefore,
  linesFrom,
  splitLines,
  type LineClass,
  type Lines,
} from "./segment-lines.js";

/** "FW:", "Fwd:", "TR:", "WG:" subject prefixes (after any "RE:"s) mark a forward. */
const FORWARD_SUBJECT = /^\s*(?:(?:re|aw|sv)\s*:\s*)*(?:fwd?|tr|wg|fw)\s*:/i;

/** Content type under which the mail adapter passes a forwarded message (message/rfc822 part). */
export const FORWARDED_MESSAGE_TYPE = "message/rfc822";

/**
 * Splits an e-mail into segments in reading order:
 * 1. `subject` (when not blank);
 * 2. the body — `htmlText` when present (it keeps table rows on one line), else `text` — split
 *    into `body`, `quoted` and `signature` runs by the rules of `classifyLines` (segment-lines.ts).
 *    In a forward (subject "FW:" / "Fwd:") the question is the forwarded message: its header block
 *    is `quoted` but its own text is `body` again (segmented the same way, so its history stays
 *    quoted); a pasted forward in a reply stays quoted history;
 * 3. each attachment as one `attachment` segment named after the file, except forwarded messages
 *    (content type message/rfc822), whose text is split like a body with its new text as
 *    `attachment` and its own history and signature as `quoted` / `signature`.
 * Segment text is a verbatim slice of the source, so mention offsets map back to it. Blank
 * segments are dropped. Pure; never throws.
 */
export function segmentEmail(email: EmailText): Segment[] {
  const out: Segment[] = [];
  if (!isBlank(email.subject)) append(out, { location: "subject", text: email.subject });
  const body = email.htmlText !== null && !isBlank(email.htmlText) ? email.htmlText : email.text;
  for (const s of FORWARD_SUBJECT.test(email.subject) ? segmentForward(body, "body") : segmentBody(body, "body")) append(out, s);
  for (const a of email.attachments) {
    if (isBlank(a.text)) continue;
    if (a.contentType.toLowerCase() === FORWARDED_MESSAGE_TYPE) {
      for (const s of segmentBody(a.text, "attachment")) append(out, { ...s, name: a.filename });
    } else {
      append(out, { location: "attachment", text: a.text, name: a.filename });
    }
  }
  return out;
}

/**
 * Splits a plain-text body into runs of body / quoted / signature lines. `newText` is the location
 * given to the sender's own lines ("body" for the message, "attachment" inside a forward).
 */
export function segmentBody(text: string, newText: MentionLocation = "body"): Segment[] {
  if (isBlank(text)) return [];
  const lines = splitLines(text);
  return runsOf(lines, classifyLines(lines), newText, []);
}

/**
 * A forwarded body: the sender's lines, the forward's header block (quoted), then its own text.
 * The lines are split and classified once; the two parts are classified again on their own lines.
 */
export function segmentForward(text: string, newText: MentionLocation): Segment[] {
  const lines = splitLines(text);
  const { cls, cut } = classifyWithCut(lines);
  if (cut >= lines.starts.length) return isBlank(text) ? [] : runsOf(lines, cls, newText, []);
  const cutStart = lines.starts[cut]!;
  const contentStart = forwardedContentStart(lines, cut);
  const out: Segment[] = [];
  // the sender's lines: the text before the cut line, as segmentBody(text.slice(0, cutStart))
  if (!isBlank(text, 0, cutStart)) {
    const before = linesBefore(lines, cut);
    runsOf(before, classifyLines(before), newText, out);
  }
  const headerEnd = contentStart < lines.starts.length ? lines.starts[contentStart]! : text.length;
  const header = text.slice(cutStart, headerEnd).replace(/\s+$/, "");
  if (!isBlank(header)) append(out, { location: "quoted", text: header });
  // the forwarded message's own text, as segmentBody(text.slice(headerEnd))
  if (contentStart < lines.starts.length && !isBlank(text, headerEnd)) {
    const content = linesFrom(lines, contentStart);
    runsOf(content, classifyLines(content), newText, out);
  }
  return out;
}

/** Appends to `out` one segment per run of lines of one class that is not blank; returns `out`. */
function runsOf(lines: Lines, cls: LineClass[], newText: MentionLocation, out: Segment[]): Segment[] {
  const { text, starts, ends } = lines;
  let runStart = 0;
  for (let i = 1; i <= starts.length; i++) {
    if (i < starts.length && cls[i] === cls[runStart]) continue;
    const from = starts[runStart]!;
    const to = ends[i - 1]!;
    if (!isBlank(text, from, to)) append(out, { location: locationOf(cls[runStart] ?? "body", newText), text: text.slice(from, to) });
    runStart = i;
  }
  return out;
}

function locationOf(c: LineClass, newText: MentionLocation): MentionLocation {
  return c === "body" ? newText : c;
}
