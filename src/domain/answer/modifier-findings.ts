// Modifier findings: modifiers that do not exist, 25 on a code that is not E/M, and 59 where an
// X{EPSU} modifier says more (or both on one line).
import type { Catalogue } from "../catalogue/types.js";
import { isEvaluationManagement } from "./code-kinds.js";
import { CODE_SET_FILES, NCCI_MANUAL } from "./sources.js";
import type { AnsweredMention, Finding } from "./types.js";

const X_MODIFIERS = ["XE", "XS", "XP", "XU"];

/**
 * Modifier findings for the codes' modifiers and stand-alone modifier mentions ("modifier 59").
 * - MODIFIER_UNKNOWN (error): not in the CPT modifier list nor the HCPCS Level II file
 * - MODIFIER_25_NOT_EM (error): 25 on a code outside E/M (NCCI Policy Manual, Chapter I §D, Chapter XI)
 * - MODIFIER_59_WITH_X (error): 59 and an X{EPSU} modifier on one line (CR 8863)
 * - MODIFIER_59_X_MORE_SPECIFIC (info): 59 where XE/XS/XP/XU may be more specific (CR 8863; Ch. I §E)
 * @param mentions answered mentions; MODIFIER mentions carry their own catalogue lookup
 */
export function modifierFindings(mentions: AnsweredMention[], catalogue: Catalogue, dateOfService: string): Finding[] {
  const out: Finding[] = [];
  const unknown = new Set<string>();
  const check = (mod: string, status: string, where: string) => {
    if (status === "active" || unknown.has(mod)) return;
    unknown.add(mod);
    out.push({
      code: "MODIFIER_UNKNOWN", severity: "error", subject: [mod],
      message: `${mod}${where} is not a modifier in the CPT modifier list or the HCPCS Level II file; please check it.`,
      source: CODE_SET_FILES.MODIFIER, release: null,
    });
  };
  let said59 = false;
  for (const m of mentions) {
    if (m.system === "MODIFIER") {
      check(m.code, m.status ?? m.lookup.status, "");
      if (m.code === "59" && !said59) {
        said59 = true;
        out.push(x59(null));
      }
      continue;
    }
    if (m.system !== "CPT" && m.system !== "HCPCS") continue;
    const mods = m.modifiers.map((x) => x.toUpperCase());
    for (const mod of mods) check(mod, catalogue.lookup("MODIFIER", mod, dateOfService).status, ` (on ${m.code})`);
    if (mods.includes("25") && !isEvaluationManagement(m.code)) {
      out.push({
        code: "MODIFIER_25_NOT_EM", severity: "error", subject: [m.code, "25"],
        message: `Modifier 25 is for a significant, separately identifiable E/M service; ${m.code} is not an E/M code. Put 25 on the E/M code of the same day, or, for a distinct procedure, use XE/XS/XP/XU or 59 as the record supports.`,
        source: NCCI_MANUAL.evaluationManagement, release: null,
      });
    }
    if (mods.includes("59")) {
      const x = mods.filter((v) => X_MODIFIERS.includes(v));
      if (x.length > 0) {
        out.push({
          code: "MODIFIER_59_WITH_X", severity: "error", subject: [m.code, "59", ...x],
          message: `${m.code} carries both 59 and ${x.join("/")}: use the X modifier alone; 59 is not reported together with an X{EPSU} modifier on one line.`,
          source: NCCI_MANUAL.xModifiers, release: null,
        });
      } else if (!said59) {
        said59 = true;
        out.push(x59(m.code));
      }
    }
  }
  return out;
}

function x59(code: string | null): Finding {
  return {
    code: "MODIFIER_59_X_MORE_SPECIFIC", severity: "info", subject: code ? [code, "59"] : ["59"],
    message: `${code ? `${code}-59: ` : ""}where one fits, a more specific X modifier is preferred to 59: XE separate encounter, XS separate organ or structure, XP different practitioner, XU service that does not overlap the main service. Use 59 only when none of them describes the distinction, and only with documentation.`,
    source: `${NCCI_MANUAL.xModifiers}; ${NCCI_MANUAL.modifiers}`, release: null,
  };
}
