import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { auditLog, sessions } from "~db/schema";
import { BACKGROUND_HEADER, createSession, getCurrentStaff, SESSION_TTL_MS, setSessionClock, touchSession } from "~/auth/session.server";
import { resetEnvCache } from "~/env.server";
import { endMySession, endOtherSessions, endStaffSessions, mySessions } from "~/services/staff/sessions.server";
import { useTestDb } from "../support/db";
import { get, makeStaff } from "./auth-helpers";

const t = useTestDb();
const MIN = 60_000;
let now = new Date("2026-11-21T02:00:00Z");
const at = (ms: number) => () => new Date(now.getTime() + ms);

afterEach(() => {
  setSessionClock();
  delete process.env.SESSION_IDLE_MINUTES;
  resetEnvCache();
});

async function signedIn(role: "support" | "admin" = "support", userAgent?: string) {
  setSessionClock(() => now);
  const s = await makeStaff(t.db, role);
  const { cookie } = await createSession(s.id, { ip: "10.1.2.3", userAgent }, t.db);
  return { ...s, cookie: cookie.split(";")[0]! };
}

describe("idle timeout (clock injected)", () => {
  it("a session idle for the timeout (15 min by default) is refused; activity before it moves the clock", async () => {
    now = new Date("2026-11-21T02:00:00Z");
    const s = await signedIn();
    setSessionClock(at(14 * MIN));
    const me = await getCurrentStaff(get("/", s.cookie));
    expect(me?.idleExpiresAt.toISOString()).toBe(new Date(now.getTime() + 29 * MIN).toISOString());
    // 14 min after that request: still fine (the clock moved with it).
    setSessionClock(at(28 * MIN));
    expect(await getCurrentStaff(get("/", s.cookie))).not.toBeNull();
    // 15 min without activity: refused.
    setSessionClock(at(43 * MIN));
    expect(await getCurrentStaff(get("/", s.cookie))).toBeNull();
  });

  it("the 11 h 50 min idle session of issue 10 is refused", async () => {
    now = new Date("2026-11-21T03:00:00Z");
    const s = await signedIn();
    setSessionClock(at(11 * 60 * MIN + 50 * MIN));
    expect(await getCurrentStaff(get("/", s.cookie))).toBeNull();
  });

  it("SESSION_IDLE_MINUTES configures it", async () => {
    process.env.SESSION_IDLE_MINUTES = "5";
    resetEnvCache();
    now = new Date("2026-11-21T04:00:00Z");
    const s = await signedIn();
    setSessionClock(at(4 * MIN + 59_000));
    expect(await getCurrentStaff(get("/", s.cookie, undefined), { touch: false })).not.toBeNull();
    setSessionClock(at(5 * MIN));
    expect(await getCurrentStaff(get("/", s.cookie))).toBeNull();
  });

  it("background polling and status reads do not count as activity; keep-alive does", async () => {
    now = new Date("2026-11-21T05:00:00Z");
    const s = await signedIn();
    const poll = new Request("http://loket.test/orders/x?_data=root", { headers: { Cookie: s.cookie, [BACKGROUND_HEADER]: "1" } });
    for (const m of [5, 10, 14]) {
      setSessionClock(at(m * MIN));
      expect(await getCurrentStaff(poll)).not.toBeNull();
    }
    setSessionClock(at(14 * MIN + 30_000));
    const status = await getCurrentStaff(get("/session", s.cookie), { touch: false });
    expect(status?.idleExpiresAt.getTime()).toBe(now.getTime() + 15 * MIN);
    await touchSession(status!);
    setSessionClock(at(29 * MIN));
    expect(await getCurrentStaff(get("/", s.cookie))).not.toBeNull();
  });

  it("touches at most every 30 s, never moves the clock back, and the idle limit never outlives the absolute one", async () => {
    now = new Date("2026-11-21T06:00:00Z");
    const s = await signedIn();
    setSessionClock(at(10_000));
    const sid = (await getCurrentStaff(get("/", s.cookie)))!.sessionId;
    const lastSeen = async () => (await t.db.select().from(sessions).where(eq(sessions.id, sid)))[0]!.lastSeenAt.getTime();
    expect(await lastSeen()).toBe(now.getTime());
    setSessionClock(at(31_000));
    await getCurrentStaff(get("/", s.cookie));
    expect(await lastSeen()).toBe(now.getTime() + 31_000);
    // 12 h after sign-in it ends, however active.
    for (let m = 10; m < 12 * 60; m += 10) {
      setSessionClock(at(m * MIN));
      await getCurrentStaff(get("/", s.cookie));
    }
    setSessionClock(at(12 * 60 * MIN - 5 * MIN));
    expect((await getCurrentStaff(get("/", s.cookie)))?.idleExpiresAt.getTime()).toBe(now.getTime() + SESSION_TTL_MS);
    setSessionClock(at(SESSION_TTL_MS));
    expect(await getCurrentStaff(get("/", s.cookie))).toBeNull();
  });
});

describe("my sessions", () => {
  it("lists live sessions with device and IP, ends one, and signs out everywhere else (audited)", async () => {
    now = new Date("2026-11-21T07:00:00Z");
    const chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    const s = await signedIn("support", chrome);
    const phone = await createSession(s.id, { ip: "10.9.9.9", userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1" }, t.db);
    const third = await createSession(s.id, { ip: "10.9.9.10" }, t.db);
    const me = (await getCurrentStaff(get("/", s.cookie)))!;
    const list = await mySessions(t.db, me);
    expect(list).toHaveLength(4); // makeStaff's own session too
    expect(list[0]).toMatchObject({ current: true, browser: "Chrome", os: "Windows", ip: "10.1.2.3" });
    expect(list.find((r) => r.id === phone.sessionId)).toMatchObject({ browser: "Safari", os: "iOS", ip: "10.9.9.9", current: false });

    await endMySession(t.db, me, phone.sessionId);
    await expect(endMySession(t.db, me, phone.sessionId)).rejects.toMatchObject({ words: { key: "settings:sessions.errors.gone" } });
    expect((await mySessions(t.db, me)).map((r) => r.id)).not.toContain(phone.sessionId);

    expect(await endOtherSessions(t.db, me)).toBe(2);
    expect((await mySessions(t.db, me)).map((r) => r.id)).toEqual([me.sessionId]);
    expect(await getCurrentStaff(get("/", s.cookie))).not.toBeNull();
    expect(third.sessionId).not.toBe(me.sessionId);
    const actions = (await t.db.select().from(auditLog).where(eq(auditLog.actorId, s.id))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["auth.session_ended", "auth.sessions_ended_others"]));
  });

  it("cannot end another person's session by its id", async () => {
    now = new Date("2026-11-21T08:00:00Z");
    const a = await signedIn();
    const b = await signedIn();
    const meA = (await getCurrentStaff(get("/", a.cookie)))!;
    const meB = (await getCurrentStaff(get("/", b.cookie)))!;
    await expect(endMySession(t.db, meA, meB.sessionId)).rejects.toThrow();
    expect(await getCurrentStaff(get("/", b.cookie))).not.toBeNull();
  });

  it("an admin ends every session of a staff member at once (audited)", async () => {
    now = new Date("2026-11-21T09:00:00Z");
    const admin = await signedIn("admin");
    const agent = await signedIn();
    await createSession(agent.id, { ip: "10.3.3.3" }, t.db);
    const res = await endStaffSessions(t.db, { id: admin.id, email: admin.email }, agent.id);
    expect(res).toEqual({ email: agent.email, ended: 3 });
    expect(await getCurrentStaff(get("/", agent.cookie))).toBeNull();
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, "staff.end_sessions"));
    expect(row).toMatchObject({ actorId: admin.id, targetId: agent.id, result: "ok" });
  });
});

describe("the session cookie", () => {
  it("is __Host-loket_session (Secure, Path=/, no Domain) wherever Secure applies, and is read under either name", async () => {
    now = new Date("2026-11-21T10:00:00Z");
    const s = await signedIn();
    const token = s.cookie.split("=")[1]!;
    process.env.COOKIE_SECURE = "true";
    resetEnvCache();
    try {
      const { cookie } = await createSession(s.id, { ip: "10.0.0.1" }, t.db);
      expect(cookie).toMatch(/^__Host-loket_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200; Secure$/);
      expect(cookie).not.toMatch(/Domain=/i);
      expect(await getCurrentStaff(get("/", `__Host-loket_session=${token}`))).not.toBeNull();
      // Over HTTPS a plain loket_session could have been planted by a sibling subdomain: not read.
      expect(await getCurrentStaff(get("/", `loket_session=${token}`))).toBeNull();
    } finally {
      delete process.env.COOKIE_SECURE;
      resetEnvCache();
    }
    expect(await getCurrentStaff(get("/", `loket_session=${token}`))).not.toBeNull();
    expect(await getCurrentStaff(get("/", `other=1; __Host-loket_session=${token}`))).not.toBeNull();
  });
});
