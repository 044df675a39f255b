// Once per test run: import the catalogue from the official files into a temp snapshot, and start one
// throw-away PostgreSQL cluster (when its binaries exist) that integration tests create databases in.
import { mkdtempSync, rmSync, chmodSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { importCatalogue } from "../../src/adapters/catalogue/import.js";
import { startPostgres, type RunningPostgres } from "../../src/adapters/servers/postgres-server.js";
import { findBinary } from "../../src/adapters/servers/binaries.js";
import { resolveDataDir } from "../../src/cli/project-paths.js";

declare module "vitest" {
  export interface ProvidedContext {
    catalogueDir: string;
    dataDir: string;
    postgresAdminUrl: string | null;
    postgresSkipReason: string | null;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "casedesk-test-"));
  chmodSync(dir, 0o755);
  const dataDir = resolveDataDir(process.env.CASEDESK_DATA_DIR);
  const catalogueDir = join(dir, "catalogue");
  await importCatalogue({ dataDir, outDir: catalogueDir });
  project.provide("catalogueDir", catalogueDir);
  project.provide("dataDir", dataDir);

  let pg: RunningPostgres | null = null;
  if (process.env.POSTGRES_TEST_URL) {
    project.provide("postgresAdminUrl", process.env.POSTGRES_TEST_URL);
    project.provide("postgresSkipReason", null);
  } else if (findBinary("initdb")) {
    pg = await startPostgres(join(dir, "pg"));
    project.provide("postgresAdminUrl", pg.adminUrl);
    project.provide("postgresSkipReason", null);
  } else {
    project.provide("postgresAdminUrl", null);
    project.provide("postgresSkipReason", "PostgreSQL binaries not installed (apt-get install postgresql) and POSTGRES_TEST_URL not set");
  }
  return async () => {
    await pg?.stop();
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  };
}
