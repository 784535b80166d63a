import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "~db/schema";
import { z } from "zod";
import { rows } from "~/db/rows.server";
import { defineAction, parseAction } from "~/lib/action.server";
import { auditRefusal } from "~/services/audit-refusals.server";
import { useTestDb } from "../support/db";
import { BROWSER_LANGUAGE, makeStaff, post } from "./auth-helpers";
import { startHttpApp, type HttpApp } from "./http-server";

/** Issue 10: a 403 on an action leaves an audit row (actor, permission, route, denied), bounded per minute. */
const t = useTestDb();
let app: HttpApp;
beforeAll(async () => {
  app = await startHttpApp();
});
afterAll(async () => {
  await app.close();
});

function postAs(cookie: string, path: string, form: Record<string, string>) {
  return fetch(`${app.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookie, Origin: app.url, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": BROWSER_LANGUAGE },
    body: new URLSearchParams(form).toString(),
  });
}

const denied = (actorId: string) =>
  rows<{ action: string; actor_email: string; target_type: string; target_id: string; result: string; detail: unknown }>(
    t.db,
    sql`select action, actor_email, target_type, target_id, result, detail from audit_log where actor_id = ${actorId} and action = 'access.denied' order by id`,
  );
const parse = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);

describe("refused actions are audited", () => {
  it("a viewer's capture on /holds (no intent of the route) and a support's approve each write one denied row", async () => {
    const viewer = await makeStaff(t.db, "viewer");
    const res = await postAs(viewer.cookie, "/holds", { intent: "capture", holdId: crypto.randomUUID() });
    expect(res.status).toBe(403);
    const [row] = await denied(viewer.id);
    expect(row).toMatchObject({ action: "access.denied", actor_email: viewer.email, target_type: "route", target_id: "/holds", result: "denied" });
    expect(parse(row!.detail)).toEqual({ permission: "holds:capture or holds:release", method: "POST" });

    const support = await makeStaff(t.db, "support");
    const res2 = await postAs(support.cookie, "/approvals", { intent: "approve", approvalId: crypto.randomUUID() });
    expect(res2.status).toBe(403);
    const [row2] = await denied(support.id);
    expect(row2).toMatchObject({ target_id: "/approvals", result: "denied" });
    expect(parse(row2!.detail)).toEqual({ permission: "approvals:decide", method: "POST" });
  });

  it("an intent the role lacks on a route where it has others names the intent", async () => {
    // No route mixes permissions a role half-has today: a spec like action-helper.test.ts's.
    const Mixed = defineAction(z.discriminatedUnion("intent", [z.object({ intent: z.literal("look") }), z.object({ intent: z.literal("approve") })]), {
      look: "orders:resync",
      approve: "approvals:decide",
    });
    const support = await makeStaff(t.db, "support");
    const thrown = await parseAction(post("/mixed", { intent: "approve" }, support.cookie), Mixed).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(403);
    const [row] = await denied(support.id);
    expect(row).toMatchObject({ target_id: "/mixed", result: "denied" });
    expect(parse(row!.detail)).toEqual({ permission: "approvals:decide", method: "POST", intent: "approve" });
  });

  it("a flood is bounded: 60 refusals in a loop are one row per permission and minute, every request still a 403", async () => {
    const viewer = await makeStaff(t.db, "viewer");
    const statuses = await Promise.all(Array.from({ length: 30 }, () => postAs(viewer.cookie, "/holds", { intent: "release", holdId: crypto.randomUUID() }).then((r) => r.status)));
    for (let i = 0; i < 30; i++) statuses.push((await postAs(viewer.cookie, "/holds", { intent: "capture", holdId: crypto.randomUUID() })).status);
    expect(new Set(statuses)).toEqual(new Set([403]));
    // Parallel first refusals may race past the check (no lock): bounded by requests in flight, not by the flood.
    const n = (await denied(viewer.id)).length;
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(3);
    // A different permission in the same minute is its own row.
    await postAs(viewer.cookie, "/approvals", { intent: "approve", approvalId: crypto.randomUUID() });
    const perms = (await denied(viewer.id)).map((r) => (parse(r.detail) as { permission: string }).permission);
    expect(new Set(perms)).toEqual(new Set(["holds:capture or holds:release", "approvals:decide"]));
  });

  it("the window is the calendar minute: a refusal from a minute ago does not suppress this one", async () => {
    const viewer = await makeStaff(t.db, "viewer");
    // why a direct insert: the test needs a row from the previous minute, which the writer (now()) cannot date.
    await t.db.insert(auditLog).values({
      actorId: viewer.id,
      actorEmail: viewer.email,
      action: "access.denied",
      targetType: "route",
      targetId: "/holds",
      result: "denied",
      detail: { permission: "holds:capture", method: "POST" },
      at: new Date(Date.now() - 61_000),
    });
    const refusal = { actor: { id: viewer.id, email: viewer.email }, permission: "holds:capture", route: "/holds", method: "POST" };
    expect(await auditRefusal(t.db, refusal)).toBe(true);
    expect(await auditRefusal(t.db, refusal)).toBe(false);
    expect(await denied(viewer.id)).toHaveLength(2);
  });
});
