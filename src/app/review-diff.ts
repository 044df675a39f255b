// Line diff between the generated draft and the text a consultant sent, for the audit trail. Pure; a plain
// longest-common-subsequence over lines (drafts are short), printed like `diff -u` without hunk headers.

export interface TextDiff {
  /** lines added by the consultant */
  added: number;
  /** generated lines the consultant removed */
  removed: number;
  /** "+ line" / "- line" / "  line" (unchanged lines within 2 of a change, "…" between) */
  lines: string[];
}

const MAX_LINES = 4000;

/**
 * Diffs `before` against `after` by lines (LF or CRLF). Inputs longer than 4000 lines are compared as a
 * whole (one removal, one addition) to keep the cost bounded.
 */
export function diffLines(before: string, after: string): TextDiff {
  const a = before.replace(/\r\n/g, "\n").split("\n");
  const b = after.replace(/\r\n/g, "\n").split("\n");
  if (before === after) return { added: 0, removed: 0, lines: [] };
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    return { added: b.length, removed: a.length, lines: [...a.map((l) => `- ${l}`), ...b.map((l) => `+ ${l}`)] };
  }
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = LCS length of a[i..] and b[j..], one flat array
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    }
  }
  const ops: Array<{ op: " " | "+" | "-"; line: string }> = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ op: " ", line: a[i]! });
      i++;
      j++;
    } else if (i < n && (j === m || lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!)) {
      ops.push({ op: "-", line: a[i]! });
      i++;
    } else {
      ops.push({ op: "+", line: b[j]! });
      j++;
    }
  }
  const changed = ops.map((o) => o.op !== " ");
  const near = (k: number) => changed.slice(Math.max(0, k - 2), k + 3).some(Boolean);
  const lines: string[] = [];
  let skipped = false;
  ops.forEach((o, k) => {
    if (o.op !== " " || near(k)) {
      lines.push(`${o.op} ${o.line}`);
      skipped = false;
    } else if (!skipped) {
      lines.push("…");
      skipped = true;
    }
  });
  return { added: ops.filter((o) => o.op === "+").length, removed: ops.filter((o) => o.op === "-").length, lines };
}
