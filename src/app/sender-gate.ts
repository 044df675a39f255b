// The sender-policy step of intake (issue 7): verifies SPF/DKIM/DMARC, decides with decideSenderPolicy
// (registered senders answered, others one notice a day or nothing, per-sender rate limit), records the
// verdicts and the decision with the message, and sends the notice through the normal draft/send path.
import type { JobQueue } from "./ports.js";
import type { MessageAuthenticator, NoticeRenderer, SenderStore } from "./sender-ports.js";
import type { AuthVerdict } from "../domain/email/auth-verdict.js";
import { decideSenderPolicy, type SenderPolicyDecision, type SenderPolicyInput } from "../domain/email/sender-policy.js";
import { answerMessageId, replyThreadHeaders } from "../domain/email/threading.js";

export interface SenderGateSettings {
  /** open: every sender is answered (rate limit and authentication rules still apply); registered: only the registry */
  policy: "open" | "registered";
  /** what unregistered senders get under `registered` */
  unregistered: "daily" | "none";
  /** per-sender limit; null = none */
  rateLimit: { max: number; windowMinutes: number } | null;
  requireAuthForDetails: boolean;
  /** domain of notice Message-IDs, e.g. "example.test" */
  messageIdDomain: string;
}

export interface SenderGateDeps {
  store: SenderStore;
  /** null: authentication is not checked (verdicts stay null) */
  authenticator: MessageAuthenticator | null;
  notices: NoticeRenderer;
  queue: Pick<JobQueue, "enqueueSend">;
  settings: SenderGateSettings;
}

export interface ScreenInput {
  messageId: number;
  sender: string;
  /** arrival time (IMAP INTERNALDATE): the rate-limit window and the notice interval are measured from it */
  receivedAt: Date;
  authenticated: boolean | null;
}

export interface ScreenResult {
  action: SenderPolicyDecision["action"];
  /** stable code, e.g. "RATE_LIMITED" */
  code: string;
  /** "CODE: explanation", stored with the message and used as the park reason */
  reason: string;
  repeatCaseDetails: boolean;
}

export interface SenderGate {
  /** Checks SPF/DKIM/DMARC; null when checks are off. Intake stores the verdict with the message it files. */
  authenticate(raw: Buffer): Promise<AuthVerdict | null>;
  /**
   * Decides and claims the day's notice when the decision is `notice`. Intake stores the decision (reason,
   * repeatCaseDetails) with the message when it files or parks it, before sendNotice reads it.
   */
  screen(input: ScreenInput): Promise<ScreenResult>;
  /** Creates (once) and queues the notice for a parked message whose decision was UNREGISTERED_NOTICE. */
  sendNotice(messageId: number): Promise<boolean>;
}

const NOTICE_INTERVAL_HOURS = 24;

/**
 * Adapts a `registered`-policy decision to the `open` policy: a sender that is merely unregistered is
 * answered ("OPEN_POLICY"); rate limits and missing senders stand. Pure.
 */
export function openPolicy(decision: SenderPolicyDecision, input: Pick<SenderPolicyInput, "requireAuthenticationForDetails" | "authenticated">): SenderPolicyDecision {
  if (!/^(UNREGISTERED_NOTICE|UNREGISTERED_SILENT|NOTICE_ALREADY_SENT):/.test(decision.reason)) return decision;
  const details = !input.requireAuthenticationForDetails || input.authenticated === true;
  const auth = details ? "" : `; sender not authenticated (${input.authenticated === false ? "failed" : "not checked"}), reply without case details`;
  return { action: "answer", reason: `OPEN_POLICY: senders need not be registered${auth}`, matched: null, repeatCaseDetails: details };
}

/** Creates the gate. See ScreenResult for what intake does with each action. */
export function createSenderGate(deps: SenderGateDeps): SenderGate {
  const { store, settings } = deps;
  return {
    async authenticate(raw) {
      return deps.authenticator ? deps.authenticator.verify(raw) : null;
    },

    async screen({ messageId, sender, receivedAt, authenticated }) {
      const address = sender.trim().toLowerCase();
      const limit = settings.rateLimit;
      // under the open policy registration and notices cannot change the outcome (openPolicy answers every
      // merely unregistered sender), so only the rate-limit count is read
      const open = settings.policy === "open";
      const [registered, recent, last] = await Promise.all([
        open ? Promise.resolve([]) : store.listSenders(),
        limit ? store.countRecentFrom(address, new Date(receivedAt.getTime() - limit.windowMinutes * 60_000), receivedAt, messageId) : Promise.resolve(0),
        open ? Promise.resolve(null) : store.lastNotice(address),
      ]);
      const input: SenderPolicyInput = {
        sender: address,
        registered: registered.map((r) => ({ kind: r.kind, value: r.value })),
        unregistered: settings.unregistered === "daily" ? "notice" : "silent",
        // this message's own earlier claim (a retried intake job) does not count against it
        lastNoticeAt: last && last.messageId !== messageId ? last.at : null,
        now: receivedAt,
        noticeIntervalHours: NOTICE_INTERVAL_HOURS,
        rateLimit: limit,
        recentMessageCount: recent,
        authenticated,
        requireAuthenticationForDetails: settings.requireAuthForDetails,
      };
      let d = decideSenderPolicy(input);
      if (settings.policy === "open") d = openPolicy(d, input);
      if (d.action === "notice" && authenticated === false) {
        d = { ...d, action: "silent", reason: `NOTICE_SUPPRESSED: ${address} is not registered and failed authentication; no notice (backscatter to a forged sender)` };
      }
      if (d.action === "notice" && !(await store.claimNotice(address, messageId, receivedAt, NOTICE_INTERVAL_HOURS * 3_600_000))) {
        d = { ...d, action: "silent", reason: `NOTICE_ALREADY_SENT: ${address} was sent a notice within ${NOTICE_INTERVAL_HOURS} h` };
      }
      return { action: d.action, code: d.reason.split(":")[0] ?? d.reason, reason: d.reason, repeatCaseDetails: d.repeatCaseDetails };
    },

    async sendNotice(messageId) {
      const decision = await store.decisionOf(messageId);
      if (!decision?.reason.startsWith("UNREGISTERED_NOTICE:")) return false;
      const ctx = await store.noticeContext(messageId);
      if (!ctx) return false;
      let draftId = ctx.draftId;
      if (draftId === null) {
        const rendered = deps.notices.render({ caseReference: ctx.reference });
        const thread = replyThreadHeaders({ messageId: ctx.messageId, references: ctx.references, inReplyTo: ctx.inReplyTo });
        ({ draftId } = await store.createNoticeDraft({
          caseId: ctx.caseId,
          inboundMessageId: messageId,
          toAddress: ctx.toAddress,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          outboundMessageId: answerMessageId(ctx.reference, `n${messageId}`, settings.messageIdDomain),
          inReplyTo: thread.inReplyTo,
          references: thread.references,
        }));
      }
      await deps.queue.enqueueSend(draftId);
      return true;
    },
  };
}
