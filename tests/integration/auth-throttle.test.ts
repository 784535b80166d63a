import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "~db/schema";
import { checkThrottle, recordAttempt } from "~/auth/throttle.server";
import { signIn } from "~/services/staff/sign-in.server";
import { useTestDb } from "../support/db";
import { makeStaff } from "./auth-helpers";

const t = useTestDb();
const MIN = 60_000;

describe("sign-in throttling (real database)", () => {
  it("blocks an account after 5 failures even from different IPs; right password refused too", async () => {
    await makeStaff(t.db, "support", { email: "victim@loket.test", password: "victim password 1" });
    for (let i = 0; i < 5; i++) {
      const r = await signIn(t.db, { email: "victim@loket.test", password: `guess ${i}`, ip: `10.9.0.${i}` });
      expect(r).toMatchObject({ ok: false, throttled: false });
    }
    const blocked = await signIn(t.db, { email: "victim@loket.test", password: "victim password 1", ip: "10.9.1.1" });
    expect(blocked).toEqual({ ok: false, throttled: true, message: "Too many failed sign-ins. Try again in 15 minutes.", words: { key: "auth:errors.throttled", params: { count: 15 } } });
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, "auth.sign_in_throttled"));
    expect(row).toMatchObject({ actorEmail: "victim@loket.test", actorId: null, result: "denied" });
  });

  it("blocks an IP after 5 failures across different accounts", async () => {
    await makeStaff(t.db, "viewer", { email: "bystander@loket.test", password: "bystander password" });
    for (let i = 0; i < 5; i++) await signIn(t.db, { email: `spray${i}@loket.test`, password: "x", ip: "10.8.8.8" });
    const r = await signIn(t.db, { email: "bystander@loket.test", password: "bystander password", ip: "10.8.8.8" });
    expect(r).toMatchObject({ ok: false, throttled: true });
    // The same account from another IP is fine: only the IP is blocked.
    expect(await signIn(t.db, { email: "bystander@loket.test", password: "bystander password", ip: "10.8.8.9" })).toMatchObject({ ok: true });
  });

  it("computes N from the oldest failure in the window and lifts when it ages out", async () => {
    const now = new Date("2026-11-21T08:00:00Z");
    const ago = (m: number) => new Date(now.getTime() - m * MIN);
    for (const m of [14, 10, 9, 3, 1]) await recordAttempt(t.db, "clock@loket.test", "10.7.0.1", false, ago(m));
    expect(await checkThrottle(t.db, "clock@loket.test", "10.7.0.2", now)).toMatchObject({ allowed: false, minutes: 1 });
    // A failure older than 15 minutes does not count.
    for (const m of [20, 12, 11, 10, 9]) await recordAttempt(t.db, "old@loket.test", "10.7.1.1", false, ago(m));
    expect(await checkThrottle(t.db, "old@loket.test", "10.7.1.2", now)).toEqual({ allowed: true });
    // Four in the window is still fine.
    expect(await checkThrottle(t.db, "clock@loket.test", "10.7.0.2", new Date(now.getTime() + 1 * MIN + 1))).toEqual({ allowed: true });
  });

  it("a successful sign-in resets the account count but not the IP's", async () => {
    await makeStaff(t.db, "finance", { email: "owner@loket.test", password: "owner password 1" });
    for (let i = 0; i < 4; i++) await signIn(t.db, { email: "owner@loket.test", password: "typo", ip: `10.6.0.${i}` });
    expect(await signIn(t.db, { email: "owner@loket.test", password: "owner password 1", ip: "10.6.1.1" })).toMatchObject({ ok: true });
    for (let i = 0; i < 4; i++) await signIn(t.db, { email: "owner@loket.test", password: "typo", ip: `10.6.2.${i}` });
    expect(await signIn(t.db, { email: "owner@loket.test", password: "owner password 1", ip: "10.6.3.1" })).toMatchObject({ ok: true });
  });
});
