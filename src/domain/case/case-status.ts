// Case states and the transitions allowed between them (the web queue and the workers both obey this).

export type CaseStatus = "open" | "review" | "sending" | "sent" | "parked" | "closed";

const ALLOWED: Record<CaseStatus, CaseStatus[]> = {
  open: ["review", "sending", "parked", "closed"],
  review: ["sending", "parked", "closed", "open"],
  sending: ["sent", "parked", "review"],
  sent: ["open", "closed"], // a follow-up reopens a case
  parked: ["open", "review", "closed"],
  closed: ["open"],
};

/** true when a case may move from `from` to `to` (same state counts as allowed: idempotent writes). */
export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return from === to || ALLOWED[from].includes(to);
}
