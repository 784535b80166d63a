import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migrateDb, openDb } from "../../app/db/client.server";
import { withDatabase } from "./pg-url";

declare module "vitest" {
  export interface ProvidedContext {
    /** With DATABASE_URL: the migrated template database each test file clones. */
    templateDb: string | null;
    /** Without DATABASE_URL: a migrated PGlite data directory (a tar file) each test file starts from. */
    pgliteTemplate: string | null;
    runId: string;
  }
}

/**
 * With DATABASE_URL set, integration tests run on that Postgres server: one migrated template
 * database per run, cloned per test file (CREATE DATABASE … TEMPLATE, ~100 ms), all dropped at
 * the end. Without it, each file gets its own in-memory PGlite (see tests/support/db.ts), loaded
 * from one migrated data directory dumped here: loading it is cheaper than running the migrations
 * in each of ~100 files.
 */
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${process.pid}`;
  project.provide("runId", runId);
  const url = process.env.DATABASE_URL;
  if (!url) {
    project.provide("templateDb", null);
    const handle = await openDb({});
    const file = path.join(os.tmpdir(), `loket-pglite-template-${runId}.tar`);
    try {
      await migrateDb(handle);
      const dump = await handle.pglite!.dumpDataDir("none");
      await fs.writeFile(file, Buffer.from(await dump.arrayBuffer()));
    } finally {
      await handle.close();
    }
    project.provide("pgliteTemplate", file);
    return async () => {
      await fs.rm(file, { force: true });
    };
  }
  project.provide("pgliteTemplate", null);
  const template = `loket_tmpl_${runId}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${template}`);
  } catch (err) {
    await admin.end();
    throw new Error(
      `Cannot create a test database on DATABASE_URL (${(err as Error).message}). ` +
        "Tests need a Postgres user allowed to CREATE DATABASE, or unset DATABASE_URL to use the embedded database.",
    );
  }
  const handle = await openDb({ url: withDatabase(url, template), max: 1 });
  await migrateDb(handle);
  await handle.close();
  project.provide("templateDb", template);

  return async () => {
    const rows = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`loket_%${runId}%`}`;
    for (const { datname } of rows) {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => {});
    }
    await admin.end();
  };
}
