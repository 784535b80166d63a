import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { withDatabase } from "../support/pg-url";

/**
 * The README's PostgreSQL section, exactly, as a new user runs it: a fresh database,
 * `export DATABASE_URL=…; npm run db:seed; npm start` — with nothing else in the environment
 * (no sandbox running, no keys, no secrets: db:seed must make them as `npm start` does), then
 * sign in with the password db:seed printed. And a seed interrupted part-way is completed by the
 * next run, never marked done before it is.
 *
 * Needs Postgres (runs in the DATABASE_URL pass of the suite, as in CI). `npm start` = build +
 * server/start.ts: the test builds only when no build exists.
 */
const PG = process.env.DATABASE_URL;
const root = path.resolve(import.meta.dirname, "../..");
const created: string[] = [];
const dirs: string[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function freshDatabase(): Promise<string> {
  const name = `loket_readme_${randomBytes(4).toString("hex")}`;
  const admin = postgres(PG!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  created.push(name);
  return withDatabase(PG!, name);
}

/** A new user's shell: only the README's variables (and a private data dir and ports, so tests do not collide). */
async function userEnv(databaseUrl: string): Promise<NodeJS.ProcessEnv> {
  const dir = fs.mkdtempSync(path.join(tmpdir(), "loket-readme-"));
  dirs.push(dir);
  const keep = ["PATH", "HOME", "TMPDIR", "LANG"];
  const env = Object.fromEntries(keep.filter((k) => process.env[k]).map((k) => [k, process.env[k]])) as NodeJS.ProcessEnv;
  return { ...env, DATABASE_URL: databaseUrl, LOKET_DATA_DIR: dir, PORT: String(await freePort()), SANDBOX_PORT: String(await freePort()), LOG_LEVEL: "warn", COOKIE_SECURE: "false" };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const t = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(t);
      resolve({ code, out });
    });
  });
}

async function query<T>(url: string, f: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await f(sql);
  } finally {
    await sql.end();
  }
}

afterAll(async () => {
  if (!PG) return;
  const admin = postgres(PG, { max: 1, onnotice: () => {} });
  for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
  await admin.end();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe.skipIf(!PG)("README: PostgreSQL", () => {
  it("export DATABASE_URL=…; npm run db:seed; npm start → signed in with the printed password", async () => {
    const url = await freshDatabase();
    const env = await userEnv(url);
    const seed = await run("npm", ["run", "db:seed"], env, 240_000);
    expect(seed.code, seed.out).toBe(0);
    const password = /password: (\S+)/.exec(seed.out)?.[1];
    expect(password, seed.out).toBeTruthy();
    expect(seed.out).toMatch(/Demo data seeded/);
    expect(seed.out).not.toMatch(/^\s+! /m);

    // `npm start` is `npm run build && tsx server/start.ts`: build once if this tree has none.
    if (!fs.existsSync(path.join(root, "build/server/index.js"))) {
      const b = spawnSync("npm", ["run", "build"], { cwd: root, env: process.env, encoding: "utf8", timeout: 400_000 });
      expect(b.status, b.stderr).toBe(0);
    }
    const app = spawn(path.join(root, "node_modules/.bin/tsx"), ["server/start.ts"], { cwd: root, env, detached: true });
    let out = "";
    app.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    app.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    try {
      // localhost, as the README says to open (the Host must match the Origin APP_URL gives).
      const base = `http://localhost:${env.PORT}`;
      const until = Date.now() + 90_000;
      for (;;) {
        const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
        if (ok) break;
        if (Date.now() > until || app.exitCode !== null) throw new Error(`app did not come up:\n${out}`);
        await new Promise((r) => setTimeout(r, 300));
      }
      const form = new URLSearchParams({ email: "admin@loket.test", password: password!, redirectTo: "/" });
      const res = await fetch(`${base}/login`, {
        method: "POST",
        body: form,
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: `http://localhost:${env.PORT}`, "accept-language": "en-US" },
      });
      // The password is right: a redirect onwards (home, or the second factor), with a session cookie.
      expect(res.status, `${await res.clone().text()}\n--- app:\n${out}`).toBe(302);
      // …to the code step, not to enrolment: db:seed enrolled the demo staff in the second factor
      // `npm run demo:code` prints codes for (it enrolled nobody before, and admin is a 2FA role).
      expect(res.headers.get("location")).toMatch(/^\/login\/code/);
      expect(res.headers.get("set-cookie")).toBeTruthy();
      const enrolled = await query(url, (sql) => sql<Array<{ email: string }>>`select email from staff where email like '%@loket.test' and totp_secret is not null order by email`);
      expect(enrolled.map((r) => r.email)).toEqual(["admin@loket.test", "campaigns@loket.test", "finance@loket.test", "support@loket.test", "viewer@loket.test"]);
      // The seeded data is there for the app (customers' tokens decrypt with the same key).
      const [n] = await query(url, (sql) => sql<Array<{ n: number }>>`select count(*)::int as n from orders`);
      expect(n!.n).toBeGreaterThan(2_000);
    } finally {
      process.kill(-app.pid!, "SIGTERM");
      await new Promise((r) => app.once("exit", r));
    }
  }, 600_000);

  it("a seed interrupted part-way is not marked done, and the next run completes it", async () => {
    const url = await freshDatabase();
    const env = await userEnv(url);
    const first = await run("npm", ["run", "db:seed"], { ...env, LOKET_DEMO_SEED_FAIL_AFTER: "payments" }, 240_000);
    expect(first.code).not.toBe(0);
    expect(first.out).toMatch(/stopped after "payments"/);
    const keys1 = await query(url, (sql) => sql<Array<{ name: string; revoked: boolean }>>`select name, revoked_at is not null as revoked from api_keys`);
    expect(keys1.map((k) => k.name)).toEqual([expect.stringMatching(/^demo-seed \(incomplete DEMO-/)]);
    const firstPassword = /password: (\S+)/.exec(first.out)?.[1];

    const second = await run("npm", ["run", "db:seed"], env, 240_000);
    expect(second.code, second.out).toBe(0);
    expect(second.out).toMatch(/Demo data seeded/);
    // the same password, and it still opens the accounts created by the first run
    expect(/password: (\S+)/.exec(second.out)?.[1]).toBe(firstPassword);
    expect(second.out).not.toMatch(/already existed with another password/);
    const keys2 = await query(url, (sql) => sql<Array<{ name: string; revoked: boolean }>>`select name, revoked_at is not null as revoked from api_keys order by created_at`);
    expect(keys2).toEqual([
      { name: expect.stringMatching(/^demo-seed \(incomplete /), revoked: true },
      { name: "demo-seed", revoked: false },
    ]);
    const statuses = await query(url, (sql) => sql<Array<{ status: string }>>`select distinct status from orders`);
    expect(statuses.map((s) => s.status).sort()).toEqual(["authorised", "cancelled", "expired", "failed", "paid", "partially_refunded", "pending", "refunded"]);
    // The interrupted run's orders were brought up to GoPay's state: none left behind GoPay.
    const behind = await query(
      url,
      (sql) => sql<Array<{ n: number }>>`select count(*)::int as n from orders where order_id like ${keys2[0]!.name.replace(/^demo-seed \(incomplete (.*)\)$/, "$1") + "-%"} and status = 'pending' and created_at < now() - interval '1 day'`,
    );
    expect(behind[0]!.n).toBe(0);

    const counts = () => query(url, (sql) => sql<Array<{ o: number; c: number; k: number }>>`select (select count(*)::int from orders) o, (select count(*)::int from customers) c, (select count(*)::int from api_keys) k`);
    const before = await counts();
    const third = await run("npm", ["run", "db:seed"], env, 120_000);
    expect(third.code, third.out).toBe(0);
    expect(third.out).toMatch(/Demo data: already seeded/);
    const after = await counts();
    expect(after[0]!.c).toBe(before[0]!.c);
    expect(after[0]!.k).toBe(before[0]!.k);
    expect(after[0]!.o - before[0]!.o).toBeLessThanOrEqual(2); // at most today's orders that came due meanwhile
  }, 600_000);
});
