// Paths the CLI resolves relative to the project, not the current directory.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Directory of the official code files: CASEDESK_DATA_DIR, else ../shared/data beside the project.
 * @throws Error explaining how to get the files when neither exists.
 */
export function resolveDataDir(configured: string | undefined): string {
  const candidates = configured ? [resolve(configured)] : [join(PROJECT_ROOT, "..", "shared", "data")];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error(
    `no official code files found (${candidates.join(", ")}). Set CASEDESK_DATA_DIR to a folder holding the CMS files ` +
      "(ICD-10-CM code descriptions zip, HCPCS Level II ANWEB, optional ICD-10-PCS order zip and PFS PPRRVU): see README, section 'Code data'.",
  );
}
