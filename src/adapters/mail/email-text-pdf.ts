// The text layer of a PDF attachment, read with Mozilla pdf.js (pdfjs-dist legacy build, pure JS,
// Node >= 20). Items on the same baseline become one line, so a table row stays on one line.

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjs: Promise<PdfJs> | null = null;

/**
 * pdf.js, loaded on the first PDF only. Its legacy build bundles core-js, which replaces
 * Array.prototype.push for the whole process with a slow JavaScript polyfill (measured: ~18 % of
 * extraction time, and every push anywhere in the worker pays it). Built-ins it replaces on
 * Array.prototype are put back after the import; what it only adds is left.
 */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    const proto = Array.prototype as unknown as Record<PropertyKey, unknown>;
    const before = new Map(Reflect.ownKeys(proto).map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)!]));
    try {
      return await import("pdfjs-dist/legacy/build/pdf.mjs");
    } finally {
      for (const [key, was] of before) {
        if (Object.getOwnPropertyDescriptor(proto, key)?.value !== was.value) Object.defineProperty(proto, key, was);
      }
    }
  })();
  return pdfjs;
}

/** Pages beyond this are not read (a question is not a 300-page record). */
const MAX_PAGES = 50;

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  hasEOL?: boolean;
}

/**
 * Text of a PDF's text layer: one line per baseline, pages separated by a blank line; items on a
 * line are joined by a space when a gap separates them, by " | " when the gap is wide (> 3 em, a
 * table column). Scanned PDFs without a text layer give "". Rejects on a broken or encrypted file.
 */
export async function pdfText(data: Uint8Array): Promise<string> {
  const { getDocument } = await loadPdfJs();
  const doc = await getDocument({
    data: new Uint8Array(data),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let p = 1; p <= Math.min(doc.numPages, MAX_PAGES); p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const items = content.items.filter((it): it is TextItemLike & typeof it => "str" in it);
      pages.push(linesOf(items as TextItemLike[]));
      page.cleanup();
    }
    return pages.join("\n\n");
  } finally {
    await doc.destroy();
  }
}

function linesOf(items: TextItemLike[]): string {
  const rows = new Map<number, TextItemLike[]>();
  for (const it of items) {
    if (it.str.trim() === "") continue; // pdf.js fills gaps with blank items; gaps are measured instead
    const y = Math.round(it.transform[5] ?? 0);
    const key = [...rows.keys()].find((k) => Math.abs(k - y) <= 2) ?? y;
    const row = rows.get(key) ?? [];
    row.push(it);
    rows.set(key, row);
  }
  const ys = [...rows.keys()].sort((a, b) => b - a);
  return ys
    .map((y) => {
      const row = (rows.get(y) ?? []).sort((a, b) => (a.transform[4] ?? 0) - (b.transform[4] ?? 0));
      let line = "";
      let lastEnd = -Infinity;
      for (const it of row) {
        const x = it.transform[4] ?? 0;
        const size = Math.abs(it.transform[0] ?? 10) || 10;
        const gap = x - lastEnd;
        if (line !== "") line += gap > 3 * size ? " | " : gap > size * 0.15 && !line.endsWith(" ") && !it.str.startsWith(" ") ? " " : "";
        line += it.str;
        lastEnd = x + it.width;
      }
      return line.trimEnd();
    })
    .join("\n");
}
