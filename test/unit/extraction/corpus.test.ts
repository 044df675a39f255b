// The labelled corpus: extraction must reach precision and recall >= 0.98 per system on new-text
// mentions, find quoted-history mentions as "quoted", and extract no hard negative.

import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emailTextOf, ratio, readLabels, scoreCorpus, type Score } from "./corpus-scorer.js";
import { sharedKnows, SHARED_DATA } from "./shared-knows.js";

/** Thresholds of issue 4. */
const MIN_PRECISION = 0.98;
const MIN_RECALL = 0.98;

function table(s: Score): string {
  const rows = [...s.newText.entries()].map(([sys, t]) => `${sys.padEnd(9)} tp=${t.tp} fp=${t.fp} fn=${t.fn} P=${ratio(t.tp, t.tp + t.fp).toFixed(3)} R=${ratio(t.tp, t.tp + t.fn).toFixed(3)}`);
  return [...rows, `quoted tp=${s.quoted.tp} fp=${s.quoted.fp} fn=${s.quoted.fn}`, `units ${s.unitsRight}/${s.unitsTotal}`, ...s.errors.slice(0, 40)].join("\n");
}

function check(s: Score): void {
  for (const [sys, t] of s.newText) {
    expect(ratio(t.tp, t.tp + t.fp), `precision ${sys}\n${table(s)}`).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(ratio(t.tp, t.tp + t.fn), `recall ${sys}\n${table(s)}`).toBeGreaterThanOrEqual(MIN_RECALL);
  }
  expect(s.negativesHit, "hard negatives extracted").toEqual([]);
  expect(s.rangesMissed, "ranges").toEqual([]);
  expect(ratio(s.quoted.tp, s.quoted.tp + s.quoted.fn), `quoted recall\n${table(s)}`).toBeGreaterThanOrEqual(MIN_RECALL);
  expect(ratio(s.unitsRight, s.unitsTotal), `units\n${table(s)}`).toBeGreaterThanOrEqual(MIN_RECALL);
}

describe("extraction corpus", () => {
  it("has at least 150 cases, 600 labelled mentions and 500 hard negatives, each label visible in the decoded mail", async () => {
    const labels = readLabels();
    expect(labels.length).toBeGreaterThanOrEqual(150);
    expect(labels.reduce((n, c) => n + c.mentions.length, 0)).toBeGreaterThanOrEqual(600);
    expect(labels.reduce((n, c) => n + c.negatives.length, 0)).toBeGreaterThanOrEqual(500);
    for (const c of labels) {
      const t = await emailTextOf(c.file);
      const all = [t.subject, t.text, t.htmlText ?? "", ...t.attachments.map((a) => a.text)].join("\n");
      for (const m of c.mentions) expect(all.includes(m.surface), `${c.file}: ${m.surface}`).toBe(true);
    }
  }, 60_000);

  it("meets the thresholds without a catalogue (grammar and context only)", async () => {
    const s = await scoreCorpus();
    console.log(`without catalogue\n${table(s)}`);
    check(s);
  }, 60_000);

  it.skipIf(!existsSync(SHARED_DATA))("meets the thresholds with the catalogue's membership test (../shared/data)", async () => {
    const s = await scoreCorpus(sharedKnows());
    console.log(`with catalogue\n${table(s)}`);
    check(s);
  }, 120_000);
});
