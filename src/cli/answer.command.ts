// `casedesk answer FILE.eml`: the reply casedesk would send, without sending or storing anything.
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { loadConfig } from "../config/config.js";
import { createMailParser } from "../adapters/mail/mail-parser.js";
import { loadCatalogue } from "../adapters/catalogue/snapshot-store.js";
import { createReplyRenderer } from "../adapters/render/reply-renderer.js";
import { consult } from "../app/analyse.js";

/** Adds `answer FILE.eml [--format text|json]`. */
export function registerAnswerCommand(program: Command): void {
  program
    .command("answer")
    .description("print the answer casedesk would send for an .eml file (nothing is sent or stored)")
    .argument("<file>", "an RFC 5322 message (.eml)")
    .option("--format <format>", "text | json", "text")
    .option("--reference <ref>", "case reference to show in the reply", "CD-PREVIEW")
    .option("--catalogue <dir>", "catalogue snapshot directory (default CASEDESK_CATALOGUE_DIR)")
    .action(async (file: string, opts: { format: string; reference: string; catalogue?: string }) => {
      const config = loadConfig();
      const raw = await readFile(file);
      const catalogue = await loadCatalogue(opts.catalogue ?? config.CASEDESK_CATALOGUE_DIR);
      const r = await consult({ parser: createMailParser(), catalogue, renderer: createReplyRenderer() }, raw, {
        caseReference: opts.reference,
        receivedAt: null,
      });
      const route = config.CASEDESK_ROUTING === "policy" ? r.answer.route : config.CASEDESK_ROUTING;
      if (opts.format === "json") {
        const mentions = r.answer.mentions.map(({ lookup, ...m }) => ({ ...m, status: lookup.status, title: lookup.title }));
        console.log(JSON.stringify({ mentions, findings: r.answer.findings, route, dateOfService: r.answer.dateOfService,
          reply: { subject: r.subject, text: r.rendered.text, html: r.rendered.html } }, null, 2));
        return;
      }
      console.log(`Subject: ${r.subject}\nRoute: ${route}\n\n${r.rendered.text}`);
    });
}

