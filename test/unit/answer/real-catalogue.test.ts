// answerCase against the real catalogue built from the official files (/work/shared/data or
// CASEDESK_DATA_DIR), or an existing snapshot in CASEDESK_CATALOGUE_DIR. Skipped, with the reason, when
// neither is available.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerCase } from "../../../src/domain/answer/answer.js";
import type { Catalogue } from "../../../src/domain/catalogue/types.js";
import type { Segment } from "../../../src/domain/codes/types.js";
import { mentionOf } from "./fake-catalogue.js";

const snapshotDir = process.env.CASEDESK_CATALOGUE_DIR;
const dataDir = process.env.CASEDESK_DATA_DIR ?? join(import.meta.dirname, "..", "..", "..", "..", "shared", "data");
const haveSnapshot = snapshotDir !== undefined && existsSync(join(snapshotDir, "catalogue-snapshot.json"));
const haveData = existsSync(dataDir);
const skipReason = haveSnapshot || haveData ? null : `no catalogue snapshot (CASEDESK_CATALOGUE_DIR) and no official files at ${dataDir}`;

describe.skipIf(skipReason !== null)(`answerCase with the real catalogue${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let catalogue: Catalogue;
  let tmp: string | null = null;
  beforeAll(async () => {
    const store = await import("../../../src/adapters/catalogue/snapshot-store.js");
    let dir = snapshotDir!;
    if (!haveSnapshot) {
      const { importCatalogue } = await import("../../../src/adapters/catalogue/import.js");
      tmp = mkdtempSync(join(tmpdir(), "casedesk-answer-"));
      dir = join(tmp, "catalogue");
      await importCatalogue({ dataDir, outDir: dir });
    }
    catalogue = await store.loadCatalogue(dir);
  }, 120_000);
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("finds every deleted, terminated, header and invalid code and none on active codes", () => {
    const body = "DOS 10/14/2026: 32664-50, 32602, J90, I42.0, S23.420A, T36.01A, G0120, E11.9";
    const segments: Segment[] = [{ location: "body", text: body }];
    const m = (text: string, system: "CPT" | "ICD10CM" | "HCPCS", code: string, modifiers: string[] = []) =>
      mentionOf(segments, 0, text, { system, code, modifiers });
    const answer = answerCase({
      caseReference: "CD-REAL", subject: "real", requesterName: null, segments, receivedAt: "2026-11-20T10:00:00Z",
      catalogue,
      extraction: {
        mentions: [
          m("32664-50", "CPT", "32664", ["50"]), m("32602", "CPT", "32602"), m("J90", "ICD10CM", "J90"),
          m("I42.0", "ICD10CM", "I42.0"), m("S23.420A", "ICD10CM", "S23.420A"), m("T36.01A", "ICD10CM", "T36.01A"),
          m("G0120", "HCPCS", "G0120"), m("E11.9", "ICD10CM", "E11.9"),
        ],
        ranges: [],
      },
    });
    const validity = answer.findings.filter((f) => f.code.startsWith("CODE_")).map((f) => `${f.code}:${f.subject[0]}`);
    expect(validity).toEqual([
      "CODE_DELETED:32602",
      "CODE_NOT_BILLABLE:I42.0",
      "CODE_DELETED:S23.420A",
      "CODE_PLACEHOLDER_X:T36.01A",
      "CODE_TERMINATED:G0120",
    ]);
    expect(answer.findings.find((f) => f.code === "CODE_PLACEHOLDER_X")!.message).toContain("T36.0X1A");
    expect(answer.mentions.find((x) => x.code === "32664")!.status).toBe("unlicensed");
    const bilateral = answer.findings.find((f) => f.code === "PFS_BILATERAL")!;
    expect(bilateral.message).toMatch(/bilateral surgery indicator 1/);
    const stale = answer.findings.filter((f) => f.code === "DATA_RELEASE_NOT_COVERING");
    // the stale CY2024 PFS file vouches for 32664; ended codes (32602, G0120) are not listed
    expect(stale.some((f) => f.subject.includes("32664") && !f.subject.includes("G0120"))).toBe(true);
    expect(answer.route).toBe("review");
  });
});
