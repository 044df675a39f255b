// The consultation answer: from the extracted mentions and the catalogue to findings, a route and the
// reply model. Pure orchestration; each rule lives in its own module and cites its source.
import type { CodeMention } from "../codes/types.js";
import { findDateOfService } from "./date-of-service.js";
import { hasClearQuestion } from "./question.js";
import { buildReplyModel } from "./reply-model.js";
import { answerConfidence, decideRoute, DEFAULT_ROUTING_POLICY } from "./routing.js";
import { procedureFindings } from "./procedure-findings.js";
import { releaseFindings } from "./release-findings.js";
import type { Answer, AnsweredMention, AnswerRequest, Finding } from "./types.js";
import { effectiveStatus, validityFindings } from "./validity-findings.js";

/** Mentions in these locations are addressed; quoted history and signatures are not. */
const ANSWERED = new Set(["subject", "body", "attachment"]);

/** One mention per system + code + modifiers, first occurrence wins, units taken from the first that has them. */
function dedupe(mentions: CodeMention[]): CodeMention[] {
  const byKey = new Map<string, CodeMention>();
  for (const m of mentions) {
    const key = `${m.system}|${m.code}|${m.modifiers.join(",")}`;
    const seen = byKey.get(key);
    if (seen === undefined) byKey.set(key, m);
    else if (seen.units === null && m.units !== null) byKey.set(key, { ...seen, units: m.units });
  }
  return [...byKey.values()];
}

/**
 * Answers one consultation.
 *
 * Steps: date of service (email, else date received) → catalogue lookup of every code mentioned in the
 * subject, body or attachments → validity findings (one per code) → procedure findings (code-system
 * mismatch, NCCI PTP, MUE, PFS indicators, modifiers) → confidence and route (policy, default
 * DEFAULT_ROUTING_POLICY) → reply model. An email without a code mention gets a "need-info" reply (or
 * "question-only" when it asks a clear coding question), a NO_CODE_MENTION warning, and goes to review.
 *
 * @param req see AnswerRequest; `receivedAt` is ISO 8601, `catalogue` answers lookups for the date
 * @returns Answer with findings (stable codes, severity, subject codes, message, source, release)
 * @throws never on bad input: unknown codes become findings
 */
export function answerCase(req: AnswerRequest): Answer {
  const policy = req.policy ?? DEFAULT_ROUTING_POLICY;
  const dos = findDateOfService(req.segments, req.receivedAt);
  const mentions: AnsweredMention[] = dedupe(req.extraction.mentions.filter((m) => ANSWERED.has(m.location))).map((m) => {
    const lookup = req.catalogue.lookup(m.system, m.code, dos.date);
    return { ...m, lookup, status: effectiveStatus(lookup, req.catalogue, dos.date) };
  });
  const codeMentions = mentions.filter((m) => m.system !== "MODIFIER");

  const pfsRelease = req.catalogue.releases().find((r) => r.system === "PFS")?.label ?? null;
  const findings: Finding[] = [];
  const checked = new Set<string>();
  for (const m of codeMentions) {
    const key = `${m.system}|${m.code}`;
    if (checked.has(key)) continue;
    checked.add(key);
    findings.push(...validityFindings(m, dos.date, pfsRelease));
  }
  findings.push(...procedureFindings(mentions, req.catalogue, dos.date, req.segments));
  findings.push(...releaseFindings(codeMentions, req.catalogue, dos.date));

  let kind: "answer" | "need-info" | "question-only" = "answer";
  if (codeMentions.length === 0) {
    kind = hasClearQuestion(req.segments) ? "question-only" : "need-info";
    findings.push({
      code: "NO_CODE_MENTION",
      severity: "warning",
      subject: [],
      message: kind === "need-info"
        ? "No code and no clear coding question were found; the reply asks for the codes, the date of service and the question."
        : "No code was found; the question needs a consultant's answer.",
      source: "casedesk routing policy",
      release: null,
    });
  }

  const confidence = answerConfidence(codeMentions, findings);
  const route = decideRoute(codeMentions, findings, confidence, policy);
  const reply = buildReplyModel({
    kind,
    caseReference: req.caseReference,
    subject: req.subject,
    requesterName: req.requesterName,
    dateOfService: dos.date,
    dateOfServiceSource: dos.source,
    mentions,
    findings,
    ranges: req.extraction.ranges,
  });
  return { dateOfService: dos.date, dateOfServiceSource: dos.source, mentions, findings, route, confidence, reply };
}
