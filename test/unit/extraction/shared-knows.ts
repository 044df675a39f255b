// A catalogue membership test built straight from ../shared/data (ICD-10-CM FY2027 derived list,
// HCPCS Level II 2025-10 ANWEB, ICD-10-PCS FY2026 order file), for scoring with disambiguation.

import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { unzipSync } from "fflate";
import type { CodeSystem } from "../../../src/domain/codes/types.js";

export const SHARED_DATA = process.env.CASEDESK_DATA_DIR ?? new URL("../../../../shared/data/", import.meta.url).pathname;

export function sharedKnows(): (system: CodeSystem, code: string) => boolean {
  const icd = new Set(
    gunzipSync(readFileSync(`${SHARED_DATA}/icd10cm/derived/icd10cm_fy2027_derived_from_fy2026_plus_delta.tsv.gz`))
      .toString("utf8")
      .split("\n")
      .slice(1)
      .map((l) => l.split("\t")[1] ?? ""),
  );
  const hcpcs = new Set(
    readFileSync(`${SHARED_DATA}/hcpcs/HCPC2025_OCT_ANWEB.csv`, "utf8")
      .split("\n")
      .map((l) => l.slice(0, 5).trim()),
  );
  const zip = unzipSync(readFileSync(`${SHARED_DATA}/icd10pcs/2026-icd10pcs-order-files.zip`));
  const order = Object.entries(zip).find(([n]) => /icd10pcs_order_\d+\.txt$/.test(n))?.[1];
  const pcs = new Set(
    new TextDecoder()
      .decode(order)
      .split("\n")
      .map((l) => l.slice(6, 13).trim()),
  );
  return (system, code) =>
    system === "ICD10CM" ? icd.has(code) : system === "HCPCS" ? hcpcs.has(code) : system === "ICD10PCS" ? pcs.has(code) : false;
}
