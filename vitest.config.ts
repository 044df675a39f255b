import { defineConfig } from "vitest/config";

// Unit tests need nothing running. Integration/e2e tests start their own throw-away servers (Dovecot, Redis,
// SMTP sink, PostgreSQL) through test/support; the global setup imports the catalogue once and starts one
// PostgreSQL cluster for the whole run.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
    fileParallelism: true,
  },
});
