import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, authThrottle, sessions } from "~db/schema";
import { THROTTLE_POLICIES, reserveAttempt, secondFactorKey, recordSuccess } from "~/auth/throttle.server";
import { signIn } from "~/services/staff/sign-in.server";
import { useTestDb } from "../support/db";
import { makeStaff } from "./auth-helpers";

const t = useTestDb();
const MIN = 60_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

const auditCount = async (action: string, email: string) =>
  Number(
    (
      await t.db
        .select({ n: sql<number>`count(*)` })
        .from(auditLog)
        .where(and(eq(auditLog.action, action), eq(auditLog.actorEmail, email)))
    )[0]!.n,
  );

describe("sign-in throttling (real database)", () => {
  it("one address guessing one account: 5 attempts, then refused for the window — the right password too", async () => {
    await makeStaff(t.db, "support", { email: "victim@loket.test", password: "victim password 1" });
    const now = new Date("2026-11-21T08:00:00Z");
    for (let i = 0; i < 5; i++) {
      // 1 minute apart, so the account's progressive delay (2 s after 5) never matters here.
      const r = await signIn(t.db, { email: "victim@loket.test", password: `guess ${i}`, ip: "10.9.0.1", now: at(now, i * MIN) });
      expect(r).toMatchObject({ ok: false, throttled: false });
    }
    const blocked = await signIn(t.db, { email: "victim@loket.test", password: "victim password 1", ip: "10.9.0.1", now: at(now, 5 * MIN) });
    expect(blocked).toEqual({ ok: false, throttled: true, message: "Too many failed sign-ins. Try again in 10 minutes.", words: { key: "auth:errors.throttled", params: { count: 10 } } });
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, "auth.sign_in_throttled"));
    expect(row).toMatchObject({ actorEmail: "victim@loket.test", actorId: null, result: "denied" });
    // Still refused just before the window ends; the pair's window lifts at 15 minutes.
    expect(await signIn(t.db, { email: "victim@loket.test", password: "victim password 1", ip: "10.9.0.1", now: at(now, 15 * MIN - 1000) })).toMatchObject({ throttled: true });
    expect(await signIn(t.db, { email: "victim@loket.test", password: "victim password 1", ip: "10.9.0.1", now: at(now, 15 * MIN) })).toMatchObject({ ok: true });
  });

  it("a lock triggered from one address does not lock the owner out from another (beyond the progressive delay)", async () => {
    await makeStaff(t.db, "support", { email: "owner2@loket.test", password: "owner password 22" });
    const now = new Date("2026-11-21T09:00:00Z");
    // An attacker burns the pair's 5 attempts in one second.
    for (let i = 0; i < 5; i++) await signIn(t.db, { email: "owner2@loket.test", password: `x${i}`, ip: "203.0.113.7", now: at(now, i * 200) });
    expect(await signIn(t.db, { email: "owner2@loket.test", password: "x", ip: "203.0.113.7", now: at(now, 1000) })).toMatchObject({ throttled: true });
    // The owner, from the office, right away: only the account's delay (2 s after the 5th attempt).
    const early = await signIn(t.db, { email: "owner2@loket.test", password: "owner password 22", ip: "10.20.0.5", now: at(now, 1000) });
    expect(early).toMatchObject({ ok: false, throttled: true, words: { key: "auth:errors.throttledSeconds", params: { count: 2 } } });
    expect(await signIn(t.db, { email: "owner2@loket.test", password: "owner password 22", ip: "10.20.0.5", now: at(now, 800 + 2000) })).toMatchObject({ ok: true });
  });

  it("guesses spread over many addresses meet a growing delay per account, capped at a minute", async () => {
    await makeStaff(t.db, "support", { email: "spread@loket.test", password: "spread password 3" });
    const t0 = new Date("2026-11-21T10:00:00Z");
    let clock = t0.getTime();
    const guess = (n: number) => signIn(t.db, { email: "spread@loket.test", password: "wrong", ip: `198.51.100.${n}`, now: new Date(clock) });
    for (let i = 0; i < 5; i++) expect(await guess(i)).toMatchObject({ throttled: false });
    const waits: number[] = [];
    for (let i = 5; i < 12; i++) {
      const refused = await guess(100 + i);
      expect(refused).toMatchObject({ throttled: true });
      const words = (refused as unknown as { words: { key: string; params: { count: number } } }).words;
      const seconds = words.params.count * (words.key === "auth:errors.throttled" ? 60 : 1);
      waits.push(seconds);
      clock += seconds * 1000;
      expect(await guess(i)).toMatchObject({ throttled: false });
    }
    expect(waits).toEqual([2, 4, 8, 16, 32, 60, 60]);
    // The owner gets in after at most that minute.
    clock += 60_000;
    expect(await signIn(t.db, { email: "spread@loket.test", password: "spread password 3", ip: "10.0.0.9", now: new Date(clock) })).toMatchObject({ ok: true });
  });

  it("blocks an address after 30 attempts across different accounts; the same account elsewhere is fine", async () => {
    await makeStaff(t.db, "viewer", { email: "bystander@loket.test", password: "bystander password" });
    const now = new Date("2026-11-21T11:00:00Z");
    for (let i = 0; i < THROTTLE_POLICIES.ip.limit; i++) {
      expect(await signIn(t.db, { email: `spray${i}@loket.test`, password: "x", ip: "10.8.8.8", now })).toMatchObject({ throttled: false });
    }
    expect(await signIn(t.db, { email: "bystander@loket.test", password: "bystander password", ip: "10.8.8.8", now })).toMatchObject({ ok: false, throttled: true });
    expect(await signIn(t.db, { email: "bystander@loket.test", password: "bystander password", ip: "10.8.8.9", now })).toMatchObject({ ok: true });
  });

  it("unknown emails are throttled exactly like known ones (no enumeration)", async () => {
    await makeStaff(t.db, "support", { email: "known@loket.test", password: "known password 1" });
    const now = new Date("2026-11-21T12:00:00Z");
    const run = async (email: string, ip: string) => {
      const out = [];
      for (let i = 0; i < 6; i++) out.push(await signIn(t.db, { email, password: "wrong", ip, now: at(now, i * MIN) }));
      return out;
    };
    expect(await run("nobody@loket.test", "10.5.0.1")).toEqual(await run("known@loket.test", "10.5.0.2"));
  });

  it("a success resets the account and the pair but gives back only its own slot on the address", async () => {
    await makeStaff(t.db, "support", { email: "owner@loket.test", password: "owner password 1" });
    const now = new Date("2026-11-21T13:00:00Z");
    let n = 0;
    const next = () => at(now, n++ * MIN);
    for (let i = 0; i < 4; i++) await signIn(t.db, { email: "owner@loket.test", password: "typo", ip: "10.6.0.1", now: next() });
    expect(await signIn(t.db, { email: "owner@loket.test", password: "owner password 1", ip: "10.6.0.1", now: next() })).toMatchObject({ ok: true });
    for (let i = 0; i < 4; i++) await signIn(t.db, { email: "owner@loket.test", password: "typo", ip: "10.6.0.1", now: next() });
    expect(await signIn(t.db, { email: "owner@loket.test", password: "owner password 1", ip: "10.6.0.1", now: next() })).toMatchObject({ ok: true });
    const [ipRow] = await t.db.select().from(authThrottle).where(eq(authThrottle.key, "ip:10.6.0.1"));
    expect(ipRow?.attempts).toBe(8);
  });

  it("100 concurrent wrong guesses and then the right one: 5 are checked, the right one is refused, no session", async () => {
    const s = await makeStaff(t.db, "viewer", { email: "race@loket.test", password: "race password 42" });
    const before = (await t.db.select().from(sessions).where(eq(sessions.staffId, s.id))).length;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => signIn(t.db, { email: "race@loket.test", password: `wrong ${i}`, ip: "10.4.4.4" })),
    );
    expect(results.filter((r) => !r.ok && !r.throttled)).toHaveLength(5);
    expect(await auditCount("auth.sign_in_failed", "race@loket.test")).toBe(5);
    const right = await signIn(t.db, { email: "race@loket.test", password: "race password 42", ip: "10.4.4.4" });
    expect(right).toMatchObject({ ok: false, throttled: true });
    expect((await t.db.select().from(sessions).where(eq(sessions.staffId, s.id))).length).toBe(before);
  });

  it("100 concurrent wrong guesses with the right one among them: at most 5 passwords are checked in all", async () => {
    const s = await makeStaff(t.db, "viewer", { email: "race2@loket.test", password: "race password 43" });
    const guesses = Array.from({ length: 101 }, (_, i) => (i === 100 ? "race password 43" : `wrong ${i}`));
    const results = await Promise.all(guesses.map((password) => signIn(t.db, { email: "race2@loket.test", password, ip: "10.4.4.5" })));
    const checked = results.filter((r) => r.ok || !r.throttled).length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.throttled).length).toBeGreaterThanOrEqual(96);
    // The right one was refused unless it was one of the 5 reserved slots.
    const signedIn = results[100]!.ok;
    const sessionRows = await t.db.select().from(sessions).where(eq(sessions.staffId, s.id));
    expect(sessionRows.length).toBe(signedIn ? 2 : 1);
  });

  it("second-factor codes: 5 per staff member per window, reserved atomically, reset on success", async () => {
    const key = secondFactorKey("6a1f0c2e-0000-4000-8000-000000000001");
    const now = new Date("2026-11-21T14:00:00Z");
    const results = await Promise.all(Array.from({ length: 20 }, () => reserveAttempt(t.db, key, now)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    await recordSuccess(t.db, key);
    expect(await reserveAttempt(t.db, key, now)).toEqual({ allowed: true });
  });
});

describe("bounded sign-in inputs", () => {
  it("a 10,010-character email or a 257-character password is refused at the form, before the throttle or argon2", async () => {
    const { action } = await import("~/routes/_auth.login");
    const { post } = await import("./auth-helpers");
    const send = async (email: string, password: string) =>
      (await action({ request: post("/login", { email, password }), params: {}, context: { cspNonce: "", clientIp: "10.77.0.1" } })) as unknown as {
        init: { status: number };
        data: { errors: Record<string, string> };
      };
    const long = await send(`${"a".repeat(10_000)}@loket.test`, "whatever password");
    expect(long.init.status).toBe(400);
    expect(long.data.errors.email).toBe("An email address has at most 254 characters.");
    const longPassword = await send("someone@loket.test", "p".repeat(257));
    expect(longPassword.data.errors.password).toBe("A password has at most 256 characters.");
    const rows = await t.db.select().from(authThrottle);
    expect(rows.filter((r) => r.key.includes("10.77.0.1"))).toEqual([]);
  });
});
