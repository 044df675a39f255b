// The `casedesk` command: one subcommand per process role and per tool. `--help` on every command.
import { Command } from "commander";
import { registerPipelineCommands } from "./pipeline.command.js";
import { registerAnswerCommand } from "./answer.command.js";
import { registerDemoCommand } from "./demo.command.js";
import { registerExtractCommand } from "./extract.command.js";
import { registerCatalogueCommands } from "./catalogue.command.js";
import { registerLookupCommands } from "./lookup.command.js";
import { registerWebCommands } from "./web.command.js";
import { registerSenderCommands } from "./sender.command.js";

// `casedesk lookup … | head`: a reader that goes away is not an error
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

const program = new Command("casedesk")
  .description("Email coding-consultation desk: answers CPT / HCPCS Level II / ICD-10 questions that arrive by email")
  .showHelpAfterError();
registerPipelineCommands(program);
registerDemoCommand(program);
registerAnswerCommand(program);
registerExtractCommand(program);
registerCatalogueCommands(program);
registerLookupCommands(program);
registerWebCommands(program);
registerSenderCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(`casedesk: ${(err as Error).message}`);
  process.exitCode = 1;
}
