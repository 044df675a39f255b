// Small statistics helpers for the benchmark tables.

/** q-quantile (0..1) by nearest rank; NaN for an empty list. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/** Prints rows as a Markdown table (the format BENCHMARKS.md keeps). */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const fmt = (v: string | number) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1)) : v);
  const lines = [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`];
  for (const r of rows) lines.push(`| ${r.map(fmt).join(" | ")} |`);
  return lines.join("\n");
}
