import { randomBytes } from "node:crypto";
import PgBoss from "pg-boss";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { migrateDb, openDb, setDbHandle, type DbHandle } from "~/db/client.server";
import { closeDb, initDb } from "~/db/init.server";
import { ensureRuntimeRole } from "~/db/roles.server";
import { queues } from "~/jobs/queues.server";
import { audit, type AuditAction } from "~/services/audit.server";
import { makeStaff } from "./auth-helpers";
import { startHttpApp, type HttpApp } from "./http-server";
import { withDatabase } from "../support/pg-url";

/**
 * The least-privilege runtime role (issue 10, README "Database roles"), on Postgres only (PGlite has
 * one user). A fresh database owned by a non-superuser owner with CREATEROLE — as on a managed
 * Postgres — is migrated by that owner; `ensureRuntimeRole` (npm run db:roles) creates the runtime
 * role; the app then boots with DATABASE_URL = the runtime role and DATABASE_MIGRATION_URL = the owner.
 */
const base = process.env.DATABASE_URL;
const id = `${inject("runId")}_${randomBytes(3).toString("hex")}`;
const ownerRole = `loket_owner_t${id}`;
const appRole = `loket_app_t${id}`;
const dbName = `loket_role_${id}`;

describe.skipIf(!base)("runtime database role (Postgres)", () => {
  let admin: postgres.Sql;
  let owner: postgres.Sql;
  let runtime: postgres.Sql;
  let ownerUrl: string;
  let runtimeUrl: string;

  beforeAll(async () => {
    admin = postgres(base!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create role ${ownerRole} login createrole password 'owner-pw'`);
    await admin.unsafe(`create database ${dbName} owner ${ownerRole}`);
    ownerUrl = userUrl(withDatabase(base!, dbName), ownerRole, "owner-pw");
    runtimeUrl = userUrl(withDatabase(base!, dbName), appRole, "app-pw");
    // The owner migrates; then a pg-boss that ran as the owner before the role existed (an
    // existing deployment) left its schema owned by the owner: db:roles must hand it over.
    const ownerHandle = await openDb({ url: ownerUrl, max: 1 });
    await migrateDb(ownerHandle);
    await ownerHandle.close();
    const oldBoss = new PgBoss({ connectionString: ownerUrl, schema: "pgboss", max: 1, supervise: false, schedule: false });
    await oldBoss.start();
    await oldBoss.createQueue("created-by-owner");
    await oldBoss.stop({ graceful: false, wait: true });
    owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
    runtime = postgres(runtimeUrl, { max: 1, onnotice: () => {} });
  });

  afterAll(async () => {
    await closeDb();
    await runtime?.end();
    await owner?.end();
    await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.unsafe(`drop role if exists ${appRole}`).catch(() => {});
    await admin.unsafe(`drop role if exists ${ownerRole}`).catch(() => {});
    await admin.end();
  });

  it("db:roles creates the role as the (non-superuser) owner, idempotently", async () => {
    const first = await ensureRuntimeRole(owner, { role: appRole, password: "app-pw" });
    expect(first).toContain(`created role ${appRole}`);
    const again = await ensureRuntimeRole(owner, { role: appRole });
    expect(again).not.toContain(`created role ${appRole}`);
    const [r] = await admin<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean; rolbypassrls: boolean }[]>`
      select rolsuper, rolcreaterole, rolcreatedb, rolbypassrls from pg_roles where rolname = ${appRole}`;
    expect(r).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false });
    const [tableOwner] = await owner<{ o: string }[]>`select pg_get_userbyid(relowner) as o from pg_class where oid = 'public.audit_log'::regclass`;
    expect(tableOwner!.o).toBe(ownerRole);
  });

  it("the runtime role can INSERT and SELECT audit_log, and use the other tables", async () => {
    await runtime`insert into audit_log (action, result) values ('test.runtime', 'ok')`;
    const got = await runtime`select id from audit_log where action = 'test.runtime'`;
    expect(got).toHaveLength(1);
    // Ordinary tables: the full DML the app needs (a staff row written, changed and removed).
    const [s] = await runtime<{ id: string }[]>`
      insert into staff (email, name, role, password_hash) values ('role-test@loket.test', 'Role test', 'viewer', 'x') returning id`;
    await runtime`update staff set name = 'Renamed' where id = ${s!.id}`;
    await runtime`delete from staff where id = ${s!.id}`;
  });

  it("the runtime role cannot UPDATE, DELETE, TRUNCATE, drop audit_log or switch its triggers off", async () => {
    const refused = async (text: string) => {
      try {
        await runtime.unsafe(text);
        return "accepted";
      } catch (err) {
        return `${(err as { code?: string }).code} ${(err as Error).message}`;
      }
    };
    expect(await refused(`update audit_log set result = 'failed'`)).toMatch(/^42501 permission denied for table audit_log/);
    expect(await refused(`delete from audit_log`)).toMatch(/^42501 permission denied for table audit_log/);
    expect(await refused(`truncate audit_log`)).toMatch(/^42501 permission denied for table audit_log/);
    expect(await refused(`alter table audit_log disable trigger audit_log_no_update_delete`)).toMatch(/^42501 must be owner of (table|relation) audit_log/);
    expect(await refused(`alter table audit_log disable trigger all`)).toMatch(/^42501 must be owner of (table|relation) audit_log/);
    expect(await refused(`drop trigger audit_log_no_truncate on audit_log`)).toMatch(/^42501 must be owner of (table|relation) audit_log/);
    expect(await refused(`drop table audit_log`)).toMatch(/^42501 must be owner of (table|relation) audit_log/);
    expect(await refused(`alter table audit_log owner to ${appRole}`)).toMatch(/^42501 must be owner of (table|relation) audit_log/);
    expect(await refused(`create or replace function audit_log_append_only() returns trigger language plpgsql as $$ begin return null; end $$`)).toMatch(
      /^42501 (must be owner of function audit_log_append_only|permission denied for schema public)/,
    );
    // Triggers off for the session (replica mode skips ordinary triggers): superuser only.
    expect(await refused(`set session_replication_role = replica`)).toMatch(/^42501 permission denied to set parameter "session_replication_role"/);
    // No new objects in public either (a shadow table, a trigger function of its own).
    expect(await refused(`create table public.shadow (id int)`)).toMatch(/^42501 permission denied for schema public/);
    const [n] = await runtime<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'test.runtime'`;
    expect(n!.n).toBe(1);
  });

  it("tables of a later migration are covered by the default privileges", async () => {
    await owner.unsafe(`create table public.later_feature (id bigserial primary key, note text)`);
    await runtime`insert into later_feature (note) values ('from the runtime role')`;
    await runtime`update later_feature set note = 'changed'`;
    expect(await runtime`select note from later_feature`).toEqual([{ note: "changed" }]);
    await owner.unsafe(`drop table public.later_feature`);
  });

  it("the app boots as the runtime role (migrating as the owner), runs pg-boss as it, serves a signed-in page and audits a refusal", async () => {
    // Without the owner's URL the runtime role may not migrate: the boot error says what to set.
    await expect(initDb({ url: runtimeUrl })).rejects.toThrow(/DATABASE_MIGRATION_URL/);
    const handle: DbHandle = await initDb({ url: runtimeUrl, migrationUrl: ownerUrl });
    setDbHandle(handle);
    const [who] = await handle.sql!<{ u: string }[]>`select current_user as u`;
    expect(who!.u).toBe(appRole);

    // pg-boss as the runtime role: its schema was handed over, so it can create the app's queues
    // (a partition table each), send and fetch.
    const boss = new PgBoss({ connectionString: runtimeUrl, schema: "pgboss", max: 2, supervise: false, schedule: false });
    await boss.start();
    try {
      for (const q of queues) await boss.createQueue(q.name, q.options ?? { name: q.name });
      await boss.createQueue("created-by-runtime");
      const jobId = await boss.send("created-by-runtime", { hello: 1 });
      const [job] = await boss.fetch("created-by-runtime");
      expect(job?.id).toBe(jobId);
      await boss.complete("created-by-runtime", job!.id);
      await boss.send("created-by-owner", {});
      expect(await boss.fetch("created-by-owner")).toHaveLength(1);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }

    // Serving: a signed-in page through the real app, reading as the runtime role.
    const app: HttpApp = await startHttpApp();
    try {
      const s = await makeStaff(handle.db, "support", { email: `role-app-${id}@loket.test`, password: "correct horse battery staple" });
      const res = await fetch(`${app.url}/orders`, { headers: { Cookie: s.cookie, "Accept-Language": "en-US" }, redirect: "manual" });
      expect(res.status).toBe(200);
      await audit(handle.db, { actor: { id: s.id, email: s.email }, action: "test.served" as AuditAction, result: "ok" });
      const [row] = await runtime<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'test.served'`;
      expect(row!.n).toBe(1);
      // A refused action is audited by the app as the runtime role too.
      const refused = await fetch(`${app.url}/holds`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: s.cookie, Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "capture", holdId: crypto.randomUUID() }).toString(),
      });
      expect(refused.status).toBe(403);
      const [denied] = await runtime<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'access.denied' and actor_id = ${s.id}`;
      expect(denied!.n).toBe(1);
    } finally {
      await app.close();
    }
  });
});

function userUrl(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}
