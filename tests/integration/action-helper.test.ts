import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineAction, parseAction, replyOutcome } from "~/lib/action.server";
import type { ActionData } from "~/lib/action-data";
import { useTestDb } from "../support/db";
import { APP, makeStaff, post } from "./auth-helpers";

const t = useTestDb();

const Demo = defineAction(
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("look"), note: z.string().min(1, "Write a note.") }),
    z.object({ intent: z.literal("approve"), approvalId: z.string().uuid("Unknown request.") }),
  ]),
  { look: "orders:resync", approve: "approvals:decide" },
);

// A missing permission does not compile (checked by `npm run typecheck`).
// @ts-expect-error approve has no permission
defineAction(z.discriminatedUnion("intent", [z.object({ intent: z.literal("look") }), z.object({ intent: z.literal("approve") })]), { look: "orders:read" });

let support = "";
let finance = "";
let viewer = "";
beforeAll(async () => {
  support = (await makeStaff(t.db, "support")).cookie;
  finance = (await makeStaff(t.db, "finance")).cookie;
  viewer = (await makeStaff(t.db, "viewer")).cookie;
});

async function outcome(p: Promise<unknown>): Promise<{ status: number; body?: unknown; thrown?: boolean }> {
  try {
    const v = (await p) as { ok: boolean; reply?: { data: unknown; init: ResponseInit | null }; input?: unknown };
    if (v.ok) return { status: 200, body: v.input };
    return { status: v.reply!.init?.status ?? 200, body: v.reply!.data };
  } catch (err) {
    if (err instanceof Response) return { status: err.status, thrown: true };
    throw err;
  }
}

/** A request whose body throws when read: proves the body is not read before the session check. */
function untouchableBody(cookie?: string): Request {
  const body = new ReadableStream({
    pull() {
      throw new Error("body read before authentication");
    },
  });
  const headers: Record<string, string> = { Origin: APP, "Content-Type": "application/x-www-form-urlencoded" };
  if (cookie) headers.Cookie = cookie;
  return new Request(`${APP}/demo`, { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

describe("parseAction", () => {
  it("an unknown intent is a 400", async () => {
    expect(await outcome(parseAction(post("/demo", { intent: "nope" }, support), Demo))).toMatchObject({ status: 400, thrown: true });
    expect(await outcome(parseAction(post("/demo", {}, support), Demo))).toMatchObject({ status: 400, thrown: true });
  });

  it("the same intent sent twice (hidden input + submit button) is one intent; two different ones are refused", async () => {
    const twice = (values: string[]) => {
      const body = new URLSearchParams(values.map((v) => ["intent", v]));
      body.append("note", "x");
      return new Request(`${APP}/demo`, { method: "POST", headers: { Origin: APP, Cookie: support, "Content-Type": "application/x-www-form-urlencoded" }, body: body.toString() });
    };
    expect(await outcome(parseAction(twice(["look", "look"]), Demo))).toEqual({ status: 200, body: { intent: "look", note: "x" } });
    expect(await outcome(parseAction(twice(["look", "approve"]), Demo))).toMatchObject({ status: 400, thrown: true });
  });

  it("a missing or malformed field is a 400 with the message at that field", async () => {
    const o = await outcome(parseAction(post("/demo", { intent: "look" }, support), Demo));
    expect(o.status).toBe(400);
    expect(o.body as ActionData).toEqual({ ok: false, intent: "look", errors: { note: "This field is required." } });
    const bad = await outcome(parseAction(post("/demo", { intent: "approve", approvalId: "not-a-uuid" }, finance), Demo));
    expect(bad).toMatchObject({ status: 400, body: { ok: false, intent: "approve", errors: { approvalId: "Unknown request." } } });
  });

  it("checks each intent's own permission after parsing the intent", async () => {
    expect(await outcome(parseAction(post("/demo", { intent: "look", note: "x" }, support), Demo))).toEqual({ status: 200, body: { intent: "look", note: "x" } });
    expect(await outcome(parseAction(post("/demo", { intent: "approve", approvalId: crypto.randomUUID() }, support), Demo))).toMatchObject({ status: 403, thrown: true });
    const id = crypto.randomUUID();
    expect(await outcome(parseAction(post("/demo", { intent: "approve", approvalId: id }, finance), Demo))).toEqual({ status: 200, body: { intent: "approve", approvalId: id } });
  });

  it("authenticates before reading the body: signed out → 401, a role with no intent here → 403", async () => {
    expect(await outcome(parseAction(untouchableBody(), Demo))).toMatchObject({ status: 401, thrown: true });
    expect(await outcome(parseAction(untouchableBody(viewer), Demo))).toMatchObject({ status: 403, thrown: true });
    // and the same body is read (and fails) once the caller is allowed: the probe works.
    await expect(parseAction(untouchableBody(support), Demo)).rejects.toThrow();
  });
});

describe("replyOutcome", () => {
  it("refused → 400 at the field; everything executed → a toast redirect", () => {
    const r = replyOutcome({ status: "refused", field: "amount", message: "Too much.", repeat: true }, { to: "/x", intent: "refund" });
    expect(r).not.toBeInstanceOf(Response);
    expect(r).toMatchObject({ data: { ok: false, intent: "refund", errors: { amount: "Too much." }, repeat: true }, init: { status: 400 } });
    for (const status of ["succeeded", "failed", "unknown", "awaiting_approval"] as const) {
      const res = replyOutcome({ status, title: status }, { to: "/x" }) as Response;
      expect(res.status).toBe(302);
      // The toast belongs to the tab that follows this redirect: the URL names its one-time cookie.
      const id = /^\/x\?toast=([\w-]+)$/.exec(res.headers.get("Location") ?? "")?.[1];
      expect(id).toBeTruthy();
      expect(res.headers.get("Set-Cookie")).toMatch(new RegExp(`^loket_toast_${id}=`));
    }
  });
});

describe("routes built on it", () => {
  it("a non-UUID approval id is a 400 at the field, not a 500 from the database", async () => {
    const { action } = await import("~/routes/_app.approvals._index");
    const res = (await action({ request: post("/approvals", { intent: "approve", approvalId: "not-a-uuid" }, finance), params: {}, context: { clientIp: "127.0.0.1" } } as never)) as {
      data: ActionData;
      init: ResponseInit | null;
    };
    expect(res.init?.status).toBe(400);
    expect(res.data).toMatchObject({ ok: false, intent: "approve", errors: { approvalId: expect.any(String) } });
  });
});
