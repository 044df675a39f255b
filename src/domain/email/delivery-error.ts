// Classifies SMTP delivery failures once, in a pure function, so the send processor can decide
// retry vs park without booting a worker (house rule 3; EmailEngine lib/delivery-error.js).
// Source: RFC 5321 §4.2.1 — 4yz replies are transient negative completions, 5yz permanent.

export type DeliveryErrorKind = "transient" | "permanent";

export interface DeliveryErrorInfo {
  kind: DeliveryErrorKind;
  /** stable code: SMTP_4XX, SMTP_5XX, SMTP_CONNECTION, SMTP_AUTH, SMTP_UNKNOWN */
  code: string;
  /** one line, no message content */
  reason: string;
}

/**
 * @param err an error thrown by nodemailer: `responseCode` (number) for SMTP replies, `code` such as
 *   ECONNECTION / ETIMEDOUT / ESOCKET / EAUTH / EENVELOPE for transport failures.
 */
export function classifyDeliveryError(err: { responseCode?: number; code?: string; message?: string }): DeliveryErrorInfo {
  const rc = err.responseCode;
  if (typeof rc === "number" && rc >= 500 && rc < 600) {
    return { kind: "permanent", code: "SMTP_5XX", reason: `SMTP ${rc} permanent failure` };
  }
  if (typeof rc === "number" && rc >= 400 && rc < 500) {
    return { kind: "transient", code: "SMTP_4XX", reason: `SMTP ${rc} temporary failure` };
  }
  if (err.code === "EAUTH") return { kind: "transient", code: "SMTP_AUTH", reason: "SMTP authentication failed" };
  if (err.code && ["ECONNECTION", "ETIMEDOUT", "ESOCKET", "ECONNREFUSED", "ECONNRESET", "EDNS", "ETLS", "EPIPE"].includes(err.code)) {
    return { kind: "transient", code: "SMTP_CONNECTION", reason: `SMTP connection error ${err.code}` };
  }
  if (err.code === "EENVELOPE") return { kind: "permanent", code: "SMTP_ENVELOPE", reason: "invalid envelope (no valid recipient)" };
  return { kind: "transient", code: "SMTP_UNKNOWN", reason: "unclassified SMTP error" };
}
