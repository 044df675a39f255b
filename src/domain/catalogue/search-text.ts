// Words of code titles and queries, shared by the compact search index, its MiniSearch reference and the
// benchmark's FTS5 baseline, so that all three see the same terms.

const STOP = new Set(["of", "the", "and", "or", "with", "without", "in", "on", "to", "for", "by", "a", "an", "other", "unspecified", "due"]);

/** Lower-case words of letters/digits; stop words dropped; single letters dropped (single digits kept: "type 2"). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((t) => t !== "" && !STOP.has(t) && (t.length > 1 || /[0-9]/.test(t)));
}
