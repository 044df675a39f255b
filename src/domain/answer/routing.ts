// Routing: whether a drafted answer may be sent automatically or goes to a consultant's review queue.
// The decision is a pure function of the answer's mentions, findings and a configurable policy.
import type { AnsweredMention, Finding, RoutingPolicy, Severity } from "./types.js";

/** Default policy: auto-send only when every code is known, no finding is above `info`, and extraction is sure. */
export const DEFAULT_ROUTING_POLICY: Readonly<RoutingPolicy> = Object.freeze({
  maxAutoSeverity: "info",
  requireAllKnown: true,
  minConfidence: 0.8,
});

const RANK: Record<Severity | "none", number> = { none: 0, info: 1, warning: 2, error: 3 };

/** Highest severity among `findings`, or "none". */
export function maxSeverity(findings: Finding[]): Severity | "none" {
  let best: Severity | "none" = "none";
  for (const f of findings) if (RANK[f.severity] > RANK[best]) best = f.severity;
  return best;
}

/** A mention counts as known when active, or a CPT code listed by CMS while unlicensed. */
export function isKnown(m: AnsweredMention): boolean {
  const status = m.status ?? m.lookup.status;
  return status === "active" || status === "unlicensed";
}

/**
 * Confidence of the answer, 0..1: the lowest extraction confidence among the answered mentions, times
 * 0.9 per warning finding and 0.6 per error finding (capped at three of each). No mention → 0.
 */
export function answerConfidence(mentions: AnsweredMention[], findings: Finding[]): number {
  if (mentions.length === 0) return 0;
  let c = Math.min(...mentions.map((m) => m.confidence));
  const warnings = findings.filter((f) => f.severity === "warning").length;
  const errors = findings.filter((f) => f.severity === "error").length;
  c *= 0.9 ** Math.min(warnings, 3) * 0.6 ** Math.min(errors, 3);
  return Math.round(c * 1000) / 1000;
}

/**
 * Route of an answer under `policy`: "auto" when there is at least one mention, every mention is known
 * (if `requireAllKnown`), no finding is more severe than `maxAutoSeverity` and `confidence` ≥
 * `minConfidence`; otherwise "review". Never throws.
 */
export function decideRoute(
  mentions: AnsweredMention[],
  findings: Finding[],
  confidence: number,
  policy: RoutingPolicy = DEFAULT_ROUTING_POLICY,
): "auto" | "review" {
  if (mentions.length === 0) return "review";
  if (policy.requireAllKnown && !mentions.every(isKnown)) return "review";
  if (RANK[maxSeverity(findings)] > RANK[policy.maxAutoSeverity]) return "review";
  if (confidence < policy.minConfidence) return "review";
  return "auto";
}
