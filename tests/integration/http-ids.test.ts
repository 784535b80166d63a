import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { isTimestampText } from "~/db/errors.server";
import { rows } from "~/db/rows.server";
import { approveRequest, rejectRequest } from "~/services/approvals/approvals.server";
import { captureHold, releaseHold } from "~/services/holds/actions.server";
import { cancelOrder } from "~/services/orders/actions/cancel.server";
import { resyncOrder } from "~/services/orders/actions/resync.server";
import { mintRefundKey } from "~/services/refunds/keys.server";
import { requestRefund } from "~/services/refunds/request-refund.server";
import { useTestDb } from "../support/db";
import { makeStaff } from "./auth-helpers";
import { startHttpApp, type HttpApp } from "./http-server";

const t = useTestDb();
let app: HttpApp;
let finance: Awaited<ReturnType<typeof makeStaff>>;

beforeAll(async () => {
  app = await startHttpApp();
  finance = await makeStaff(t.db, "finance");
});
afterAll(async () => app?.close());

const NOT_IDS = ["not-a-uuid", "1' or '1'='1", "00000000-0000-4000-8000-00000000000", "00000000000040008000000000000001x"];

describe("a non-UUID approval id is a 400 / a refusal, never a 500 (Postgres 22P02)", () => {
  it("through the server: approve and reject with a mangled approvalId answer 400", async () => {
    for (const intent of ["approve", "reject"]) {
      for (const approvalId of NOT_IDS) {
        const res = await fetch(`${app.url}/approvals`, {
          method: "POST",
          redirect: "manual",
          headers: { Origin: app.url, Cookie: finance.cookie, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ intent, approvalId, reason: "x" }).toString(),
        });
        expect(res.status, `${intent} ${approvalId}`).toBe(400);
      }
    }
  });

  it("in the service, whoever calls it: 'does not exist', not a database error", async () => {
    const actor = { id: finance.id, email: finance.email, role: finance.role };
    for (const approvalId of NOT_IDS) {
      expect(await approveRequest({ approvalId, actor })).toMatchObject({ kind: "refused", message: expect.stringMatching(/does not exist/) });
      expect(await rejectRequest({ approvalId, actor, reason: "x" })).toMatchObject({ kind: "refused", message: expect.stringMatching(/does not exist/) });
    }
  });
});

describe("money services given a non-UUID order or hold id, whoever calls them: 'does not exist', never Postgres 22P02", () => {
  it("cancel, refund, resync, capture, release", async () => {
    const actor = { id: finance.id, email: finance.email, role: finance.role };
    for (const id of NOT_IDS) {
      expect(await cancelOrder({ orderId: id, key: `CX${"a".repeat(32)}`, actor })).toMatchObject({ status: "refused", message: expect.stringMatching(/does not exist/) });
      expect(await requestRefund({ orderId: id, partnerRefundNo: mintRefundKey(), amount: 1_000_00n, reasonCode: "customer_request", actor })).toMatchObject({ kind: "rejected", message: expect.stringMatching(/does not exist/) });
      await expect(resyncOrder({ orderId: id, actor })).rejects.toThrow(/No such order/);
      const holdActor = { id: finance.id, label: finance.email };
      expect(await captureHold({ holdId: id, idempotencyKey: crypto.randomUUID(), actor: holdActor })).toMatchObject({ status: "refused", message: expect.stringMatching(/no longer exists/) });
      expect(await releaseHold({ holdId: id, idempotencyKey: crypto.randomUUID(), reason: "mangled id", actor: holdActor })).toMatchObject({ status: "refused", message: expect.stringMatching(/no longer exists/) });
    }
  });
});

describe("a tampered page cursor (a URL anyone can edit) is page one, never a 500 (Postgres 22P02 / 22007 / 22008 / 22003)", () => {
  const UUID1 = "00000000-0000-4000-8000-000000000001";
  const json = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const text = (v: string) => Buffer.from(v).toString("base64url");
  // Shaped like a timestamp or an id, but not one Postgres accepts.
  const BAD_TIMES = ["1", "March 7", "2026-02-30 10:00:00+00", "2026-13-01 10:00:00+00", "2026-01-01 25:00:00+00", "2026-01-01 10:00:00+99"];
  const BAD_UUIDS = ["-".repeat(36), "0".repeat(36), "g0000000-0000-4000-8000-000000000001"];
  const CAMPAIGN_BAD_TIMES = ["2026-02-30T10:00:00.000000", "2026-13-01T10:00:00.000000", "2026-01-01T25:00:00.000000"];
  const cursors = (shape: (time: string, id: string) => string) => [
    ...BAD_TIMES.map((time) => shape(time, UUID1)),
    ...BAD_UUIDS.map((id) => shape("2026-01-01 10:00:00+00", id)),
  ];
  const pages: [string, string[]][] = [
    ["/orders?after=", cursors((time, id) => json(["created_desc", time, id]))],
    ["/orders?before=", cursors((time, id) => json(["created_desc", time, id]))],
    ["/orders?sort=amount&dir=desc&after=", [json(["amount_desc", "9999999999999999999", UUID1])]],
    ["/holds?after=", cursors((time, id) => json([time, id]))],
    ["/holds?before=", cursors((time, id) => json([time, id]))],
    ["/accounts?after=", cursors((time, id) => json([time, id]))],
    ["/accounts/unbind-events?after=", cursors((time, id) => json([time, id]))],
    ["/audit?after=", [...BAD_TIMES.map((time) => json([time, "5"])), json(["2026-01-01T00:00:00.000000Z", "99999999999999999999"])]],
    ["/audit?before=", [...BAD_TIMES.map((time) => json([time, "5"])), json(["2026-01-01T00:00:00.000000Z", "99999999999999999999"])]],
    // created_at as UTC text to the microsecond, `|`, the id: shaped right, refused by Postgres.
    ["/campaigns?after=", [...CAMPAIGN_BAD_TIMES.map((time) => text(`${time}|${UUID1}`)), ...BAD_UUIDS.map((id) => text(`2026-01-01T10:00:00.000000|${id}`))]],
  ];
  it("the timestamps Loket itself writes into cursors still pass (this database's own text of a timestamptz)", async () => {
    const [r] = await rows<{ a: string; b: string; c: string }>(
      t.db,
      sql`select now()::text as a, '2026-01-31 23:59:59.5+05:30'::timestamptz::text as b, to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as c`,
    );
    for (const v of [r!.a, r!.b, r!.c]) expect(isTimestampText(v), v).toBe(true);
  });

  it.each(pages)("%s<tampered> answers the first page", async (prefix, list) => {
    const admin = await makeStaff(t.db, "admin");
    for (const c of list) {
      const res = await fetch(`${app.url}${prefix}${c}`, { redirect: "manual", headers: { Cookie: admin.cookie } });
      expect(res.status, `${prefix}${Buffer.from(c, "base64url").toString()}`).toBe(200);
    }
  });
});
