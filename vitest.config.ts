import { defineConfig } from "vitest/config";

// Two projects. `unit`: pure logic and file parsing, nothing running. `integration`: the real pipeline on
// throw-away servers (Dovecot, Redis, SMTP sink, PostgreSQL) started by test/support; its global setup
// imports the catalogue once and starts one PostgreSQL cluster for the whole run.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts", "test/e2e/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
        },
      },
    ],
  },
});
