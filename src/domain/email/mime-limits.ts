// Parse limits for hostile mail: a cheap, linear scan of the raw MIME structure (nesting depth, part count)
// that runs before the full parser, and a count of code-like tokens that runs before extraction. Pure.

export interface MimeLimits {
  /** deepest allowed multipart / message/rfc822 nesting (the top-level message is depth 0) */
  maxDepth: number;
  /** most MIME body parts allowed in the whole message */
  maxParts: number;
}

export interface MimeScan {
  depth: number;
  parts: number;
  /** the first limit exceeded ("MIME_TOO_DEEP" / "TOO_MANY_PARTS"), or null */
  exceeded: { code: "MIME_TOO_DEEP" | "TOO_MANY_PARTS"; message: string } | null;
}

/**
 * Walks the raw message line by line, tracking multipart boundaries (RFC 2046 §5.1.1) and embedded
 * messages (message/rfc822, RFC 2046 §5.2.1), and stops at the first exceeded limit. It does not decode
 * anything and never throws; malformed structure (an unclosed boundary, a missing boundary parameter) is
 * left for the real parser to judge. Linear in the message size.
 * @param raw the message bytes as a latin1 / binary string
 */
export function scanMimeStructure(raw: string, limits: MimeLimits): MimeScan {
  const lines = raw.split(/\r?\n/);
  const stack: Array<{ boundary: string; depth: number }> = [];
  let maxDepth = 0;
  let parts = 0;
  let i = 0;

  /** Reads a header block from line i (leaving i after its blank line); returns Content-Type, original case. */
  const readContentType = (): string => {
    let contentType = "";
    let current = "";
    const flush = () => {
      if (/^content-type\s*:/i.test(current)) contentType = current.slice(current.indexOf(":") + 1).trim();
    };
    for (; i < lines.length; i++) {
      const line = lines[i]!;
      if (line === "") {
        i++;
        break;
      }
      if (/^[ \t]/.test(line)) current += ` ${line.trim()}`;
      else {
        flush();
        current = line;
      }
    }
    flush();
    return contentType;
  };

  /** Reads an entity's headers at `level`: pushes its boundary, or descends into an embedded message. */
  const enter = (level: number): MimeScan["exceeded"] => {
    for (let nested = level; ; nested++) {
      if (nested > maxDepth) maxDepth = nested;
      if (nested > limits.maxDepth) return { code: "MIME_TOO_DEEP", message: `MIME nesting deeper than ${limits.maxDepth} levels` };
      const ct = readContentType();
      const type = (ct.split(";")[0] ?? "").trim().toLowerCase();
      if (type.startsWith("multipart/")) {
        // boundaries are case-sensitive (RFC 2046 §5.1.1): read from the original text
        const b = /boundary\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(ct);
        const boundary = b ? (b[1] ?? b[2] ?? "") : "";
        if (boundary !== "") stack.push({ boundary, depth: nested });
        return null;
      }
      if (type !== "message/rfc822" && type !== "message/global") return null;
    }
  };

  let exceeded = enter(0);
  while (exceeded === null && i < lines.length) {
    const line = lines[i]!;
    i++;
    if (!line.startsWith("--") || stack.length === 0) continue;
    const trimmed = line.replace(/[ \t]+$/, "");
    for (let k = stack.length - 1; k >= 0; k--) {
      const { boundary, depth: level } = stack[k]!;
      if (trimmed === `--${boundary}--`) {
        stack.length = k;
        break;
      }
      if (trimmed === `--${boundary}`) {
        stack.length = k + 1;
        parts++;
        if (parts > limits.maxParts) {
          exceeded = { code: "TOO_MANY_PARTS", message: `more than ${limits.maxParts} MIME parts` };
          break;
        }
        exceeded = enter(level + 1);
        break;
      }
    }
  }
  return { depth: maxDepth, parts, exceeded };
}

/** Code-like tokens: CPT (5 digits, or 4 + F/T/U), HCPCS Level II (letter + 4 digits), ICD-10 shapes. */
const CODE_LIKE = /\b(?:\d{4}[0-9FTU]|[A-V]\d{4}|[A-TV-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?)\b/g;

/**
 * Counts code-like tokens in `texts`, stopping as soon as the count passes `stopAfter` (so a 25 MB
 * body of codes costs one partial scan). Shapes follow the code systems' formats (CPT: AMA CPT
 * Professional, "Category II/III codes"; HCPCS Level II: CMS HCPCS file layout; ICD-10-CM: ICD-10-CM
 * Official Guidelines §I.A), deliberately loose: this is a flood guard, not extraction.
 * @returns the count, at most `stopAfter + 1`
 */
export function countCodeLikeTokens(texts: Iterable<string>, stopAfter: number): number {
  let n = 0;
  for (const text of texts) {
    CODE_LIKE.lastIndex = 0;
    while (CODE_LIKE.exec(text) !== null) {
      n++;
      if (n > stopAfter) return n;
    }
  }
  return n;
}

export interface HtmlLimits {
  /** most tags (opening and closing) allowed */
  maxTags: number;
  /** deepest estimated element nesting allowed */
  maxDepth: number;
}

/** Elements without content (HTML Living Standard §13.1.2 "void elements"). */
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "basefont", "frame", "keygen"]);
/** Elements whose end tag may be omitted (HTML Living Standard §13.1.2.4): not counted towards depth. */
const IMPLIED_END = new Set(["p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "html", "head", "body"]);
/** A tag: name then whitespace, "/" or ">" (so "<a@b.example>" addresses and Message-IDs are not tags). */
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]{0,63})(?=[\s/>])[^<>]*?(\/?)>/g;

/**
 * Estimates how hard an HTML text is to convert: the number of tags and the deepest nesting, counting
 * only elements that need an end tag (void and optional-end elements are skipped, stray end tags clamp at
 * zero). Stops at the first exceeded limit. Linear; meant for decoded HTML and for a raw message's
 * visible (7bit / 8bit / quoted-printable) parts alike. Protects the recursive HTML-to-text converters.
 * @returns the first limit exceeded ("HTML_TOO_COMPLEX"), or null
 */
export function htmlComplexity(html: string, limits: HtmlLimits): { code: "HTML_TOO_COMPLEX"; message: string } | null {
  let tags = 0;
  let depth = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m !== null; m = TAG.exec(html)) {
    if (++tags > limits.maxTags) return { code: "HTML_TOO_COMPLEX", message: `more than ${limits.maxTags} HTML tags` };
    const name = m[2]!.toLowerCase();
    if (VOID.has(name) || IMPLIED_END.has(name) || m[3] === "/") continue;
    if (m[1] === "/") depth = Math.max(0, depth - 1);
    else if (++depth > limits.maxDepth) return { code: "HTML_TOO_COMPLEX", message: `HTML nested deeper than ${limits.maxDepth} elements` };
  }
  return null;
}
