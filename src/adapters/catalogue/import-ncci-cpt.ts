// The optional importers: NCCI PTP and MUE practitioner files (when present in the data directory) and a
// licensee's CPT file (given explicitly). Split from import.ts to keep each file to one job.
import { basename } from "node:path";
import type { Release } from "../../domain/catalogue/types.js";
import type { MueTuple, PtpTuple } from "../../domain/catalogue/snapshot.js";
import { parseCptLicenseeFile } from "../../domain/catalogue/cpt-licensee.js";
import { parseMueRows, parsePtpFile, ncciQuarterFromName } from "../../domain/catalogue/ncci-files.js";
import { csvRows, readText, relPath, sha256File } from "./file-readers.js";

/** PTP practitioner files: ccipra-v313r0-f1.txt … f4 (CMS splits one release over several files). */
const PTP_RE = /^ccipra-v\d+r\d+-f\d+\.txt$|ptp.*practitioner.*\.(txt|tsv)$/i;
/** MUE practitioner file: MCR_MUE_PractitionerServices_Eff_<date>.csv */
const MUE_RE = /mue.*practitioner.*\.csv$/i;

export interface OptionalInputs {
  cpt: { release: Release; rows: Array<{ code: string; title: string }> } | null;
  ptp: { release: Release; rationales: string[]; edits: PtpTuple[] } | null;
  mue: { release: Release; values: MueTuple[] } | null;
}

/** Read the optional files; each missing one yields null. */
export async function readNcciAndCpt(
  root: string,
  files: string[],
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
  let ptp: OptionalInputs["ptp"] = null;
  const ptpFiles = files.filter((f) => PTP_RE.test(basename(f)));
  if (ptpFiles.length > 0) {
    const rationales: string[] = [];
    const edits: PtpTuple[] = [];
    for (const f of ptpFiles) {
      say(`reading ${relPath(root, f)}`);
      const part = parsePtpFile(await readText(f));
      const offset = rationales.length;
      rationales.push(...part.rationales);
      for (const e of part.edits) edits.push([e[0], e[1], e[2], e[3], e[4], e[5], e[6] + offset]);
    }
    const first = ptpFiles[0]!;
    const range = ncciQuarterFromName(basename(first)) ?? [edits.reduce((m, e) => (e[3] > m ? e[3] : m), "1996-01-01"), null];
    ptp = { release: await ncciRelease(root, "NCCI-PTP", "NCCI PTP practitioner", range, first), rationales, edits };
  }
  let mue: OptionalInputs["mue"] = null;
  const mueFile = files.find((f) => MUE_RE.test(basename(f)));
  if (mueFile) {
    say(`reading ${relPath(root, mueFile)}`);
    const values = parseMueRows(csvRows(await readText(mueFile)));
    mue = { release: await ncciRelease(root, "NCCI-MUE", "NCCI MUE practitioner", ncciQuarterFromName(basename(mueFile)) ?? ["1900-01-01", null], mueFile), values };
  }
  return { cpt, ptp, mue };
}

async function ncciRelease(root: string, system: "NCCI-PTP" | "NCCI-MUE", name: string, range: [string, string | null], file: string): Promise<Release> {
  return { system, label: `${name} ${range[0].slice(0, 7)}`, effectiveFrom: range[0], effectiveTo: range[1], sourceFile: relPath(root, file), sha256: await sha256File(file) };
}
