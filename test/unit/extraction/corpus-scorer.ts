// Scores extraction on the labelled corpus (test/fixtures/extraction): per-system precision and
// recall on new-text mentions, quoted-history mentions, units, ranges and hard negatives.

import { readFileSync } from "node:fs";
import { simpleParser } from "mailparser";
import { toEmailText } from "../../../src/adapters/mail/email-text.js";
import { extractMentions } from "../../../src/domain/codes/extract.js";
import type { CodeMention, CodeRange, CodeSystem, EmailText, MentionLocation } from "../../../src/domain/codes/types.js";
import { segmentEmail } from "../../../src/domain/email/segment.js";

export const CORPUS = new URL("../../fixtures/extraction/", import.meta.url).pathname;

export interface GoldMention {
  system: CodeSystem;
  code: string;
  modifiers: string[];
  units: number | null;
  location: MentionLocation;
  surface: string;
}
export interface GoldCase {
  file: string;
  variant: string;
  mentions: GoldMention[];
  ranges: CodeRange[];
  negatives: string[];
}

export function readLabels(): GoldCase[] {
  return readFileSync(`${CORPUS}labels.jsonl`, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as GoldCase);
}

export async function emailTextOf(file: string): Promise<EmailText> {
  return toEmailText(await simpleParser(readFileSync(`${CORPUS}cases/${file}`)));
}

const NEW: ReadonlySet<MentionLocation> = new Set(["subject", "body", "attachment"]);
const keyOf = (m: { system: CodeSystem; code: string; modifiers: string[] }) => `${m.system}|${m.code}|${m.modifiers.join("-")}`;

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
}
export interface Score {
  newText: Map<CodeSystem | "ALL", Tally>;
  quoted: Tally;
  unitsRight: number;
  unitsTotal: number;
  rangesMissed: string[];
  negativesHit: string[];
  errors: string[];
  goldCount: number;
  negativeCount: number;
}

function bump(map: Map<CodeSystem | "ALL", Tally>, s: CodeSystem, f: keyof Tally): void {
  for (const k of [s, "ALL"] as const) {
    const t = map.get(k) ?? { tp: 0, fp: 0, fn: 0 };
    t[f]++;
    map.set(k, t);
  }
}

/** Runs the real adapter, segmentation and extraction over every case and scores them. */
export async function scoreCorpus(knows?: (s: CodeSystem, c: string) => boolean): Promise<Score> {
  const score: Score = { newText: new Map(), quoted: { tp: 0, fp: 0, fn: 0 }, unitsRight: 0, unitsTotal: 0, rangesMissed: [], negativesHit: [], errors: [], goldCount: 0, negativeCount: 0 };
  for (const c of readLabels()) {
    const r = extractMentions(segmentEmail(await emailTextOf(c.file)), knows ? { knows } : {});
    const pred = new Map<string, CodeMention>(r.mentions.map((m) => [keyOf(m), m]));
    const gold = new Map<string, GoldMention>(c.mentions.map((m) => [keyOf(m), m]));
    score.goldCount += c.mentions.length;
    for (const [k, g] of gold) {
      const p = pred.get(k);
      if (NEW.has(g.location)) {
        if (p && NEW.has(p.location)) {
          bump(score.newText, g.system, "tp");
          score.unitsTotal++;
          if (p.units === g.units) score.unitsRight++;
          else score.errors.push(`${c.file}: units ${k} ${p.units} != ${g.units}`);
        } else {
          bump(score.newText, g.system, "fn");
          score.errors.push(`${c.file}: missed ${k} (${g.surface}) in ${g.location}${p ? `, found in ${p.location}` : ""}`);
        }
      } else if (p && p.location === g.location) score.quoted.tp++;
      else {
        score.quoted.fn++;
        score.errors.push(`${c.file}: missed ${g.location} ${k}${p ? ` (found in ${p.location})` : ""}`);
      }
    }
    for (const [k, p] of pred) {
      const g = gold.get(k);
      if (NEW.has(p.location) && !(g && NEW.has(g.location))) {
        bump(score.newText, p.system, "fp");
        score.errors.push(`${c.file}: spurious ${k} "${p.text}" in ${p.location}`);
      } else if (!NEW.has(p.location) && !g) score.quoted.fp++;
    }
    for (const g of c.ranges) {
      if (!r.ranges.some((x) => x.system === g.system && x.from === g.from && x.to === g.to)) score.rangesMissed.push(`${c.file}: ${g.from}-${g.to}`);
    }
    const norm = (s: string) => s.toUpperCase().replace(/[^0-9A-Z]/g, "");
    score.negativeCount += c.negatives.length;
    for (const n of c.negatives) {
      const hit = r.mentions.find((m) => norm(m.code) === norm(n) || (norm(n).length >= 3 && norm(m.text) === norm(n)));
      if (hit) score.negativesHit.push(`${c.file}: ${n} read as ${hit.system} ${hit.code}`);
    }
  }
  return score;
}

export function ratio(n: number, d: number): number {
  return d === 0 ? 1 : n / d;
}
