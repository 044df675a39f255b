// Data-release findings: when the release that answered a lookup does not cover the date of service
// (a stale file), the answer says so, because a change after that release would not show.
import type { Catalogue } from "../catalogue/types.js";
import { isProcedure } from "./code-kinds.js";
import type { AnsweredMention, Finding } from "./types.js";

/**
 * One DATA_RELEASE_NOT_COVERING warning per release that answered for a date it does not cover: code
 * lookups with `coversDate === false`, and the PFS release when it vouched for an unlicensed CPT code or
 * gave indicators. Source: the catalogue's release table (effective dates of each imported file).
 */
export function releaseFindings(mentions: AnsweredMention[], catalogue: Catalogue, dateOfService: string): Finding[] {
  const byRelease = new Map<string, string[]>();
  const add = (release: string, code: string) => {
    const list = byRelease.get(release) ?? [];
    if (!list.includes(code)) list.push(code);
    byRelease.set(release, list);
  };
  for (const m of mentions) {
    const status = m.status ?? m.lookup.status;
    if (status !== "active" && status !== "unlicensed") continue; // an ended code stays ended in later releases
    if (m.lookup.coversDate === false && m.lookup.release) add(m.lookup.release, m.code);
    if (isProcedure(m)) {
      const p = catalogue.pfs(m.code, dateOfService);
      if (p && p.coversDate === false) add(p.release, m.code);
    }
  }
  return [...byRelease].map(([release, codes]) => ({
    code: "DATA_RELEASE_NOT_COVERING",
    severity: "warning" as const,
    subject: codes,
    message: `No loaded release covers the date of service ${dateOfService} for ${codes.join(", ")}; the answer comes from ${release}, ` +
      "the nearest release, so a change made after it (a new, revised or deleted code or indicator) would not show. A consultant will confirm against the current file.",
    source: "casedesk catalogue release table (effective dates of the imported CMS files)",
    release,
  }));
}
