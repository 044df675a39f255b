// nodemailer adapter: sends an answer with its threading headers and RFC 3834 auto-reply marking.
import nodemailer from "nodemailer";
import type { Mailer, OutboundEmail } from "../../app/ports.js";

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string | undefined;
  password?: string | undefined;
  rejectUnauthorized: boolean;
}

/** Creates a pooled SMTP mailer. Errors propagate unchanged (classified by classifyDeliveryError). */
export function createMailer(s: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure,
    pool: true,
    maxConnections: 4,
    auth: s.user ? { user: s.user, pass: s.password ?? "" } : undefined,
    tls: { rejectUnauthorized: s.rejectUnauthorized },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail: OutboundEmail) {
      await transport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${mail.messageId}>`,
        inReplyTo: mail.inReplyTo ? `<${mail.inReplyTo}>` : undefined,
        references: mail.references.map((r) => `<${r}>`),
        headers: { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" },
      });
    },
    close() {
      transport.close();
    },
  };
}
