// Handlebars helpers for the reply templates: text layout (pad, wrap) and email-safe inline colours.
// Kept apart from the renderer so layout rules can be unit tested without templates.

/** Word-wraps `text` to `width` columns; lines after the first start with `indent`. Long words are not split. */
export function wrapText(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  for (const paragraph of String(text).split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line !== "" && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line === "" ? word : `${line} ${word}`;
      }
    }
    lines.push(line);
  }
  return lines.join(`\n${indent}`);
}

/** Pads `value` with spaces to `width` columns, keeping at least one space after it. */
export function padText(value: unknown, width: number): string {
  const s = value === null || value === undefined ? "" : String(value);
  return s.length >= width ? `${s} ` : s.padEnd(width);
}

const SEVERITY_COLORS: Record<string, string> = { error: "#cf222e", warning: "#9a6700", info: "#0969da" };
const STATUS_COLORS: Record<string, string> = { active: "#1a7f37", unlicensed: "#1a7f37" };

/** The helpers the reply templates use, by name. Handlebars passes an options hash last; it is ignored. */
export function replyHelpers(): Record<string, (...args: unknown[]) => unknown> {
  return {
    eq: (a, b) => a === b,
    inc: (n) => Number(n) + 1,
    concat: (...args) => args.slice(0, -1).map((a) => (a === null || a === undefined ? "" : String(a))).join(""),
    join: (list, sep) => (Array.isArray(list) ? list.join(typeof sep === "string" ? sep : ", ") : ""),
    pad: (value, width) => padText(value, Number(width)),
    wrap: (text, width, indent) => wrapText(String(text ?? ""), Number(width), typeof indent === "string" ? indent : ""),
    partialFor: (format, kind) => `${String(format)}/finding-${String(kind)}`,
    severityColor: (severity) => SEVERITY_COLORS[String(severity)] ?? "#57606a",
    statusColor: (status) => STATUS_COLORS[String(status)] ?? "#cf222e",
  };
}
