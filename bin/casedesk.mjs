#!/usr/bin/env node
// `casedesk` entry point: runs the TypeScript sources through tsx (no build step), then the CLI.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
