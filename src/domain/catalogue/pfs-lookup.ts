// Turns compact PFS rows from the snapshot into the shared PfsIndicators shape.
import type { PfsIndicators } from "./types.js";
import type { PfsTuple } from "./pfs-pprrvu.js";

/**
 * PFS indicators of `key` with `modifier` (null = the row without modifier, falling back to the first
 * row, e.g. a code listed only as 26/TC). Returns null when the code is not in the file.
 */
export function pfsIndicators(
  rows: Record<string, PfsTuple[]>,
  key: string,
  modifier: string | null,
  release: string,
): PfsIndicators | null {
  const list = rows[key];
  if (!list || list.length === 0) return null;
  const want = (modifier ?? "").toUpperCase();
  const row = list.find((r) => r[0] === want) ?? (modifier === null ? list[0] : undefined);
  if (!row) return null;
  const [mod, statusCode, globalDays, multipleProcedure, bilateralSurgery, assistantSurgeon, coSurgeon, teamSurgeon, pcTc] = row;
  return {
    code: key,
    modifier: mod === "" ? null : mod,
    statusCode,
    globalDays,
    multipleProcedure,
    bilateralSurgery,
    assistantSurgeon,
    coSurgeon,
    teamSurgeon,
    pcTc,
    release,
  };
}
