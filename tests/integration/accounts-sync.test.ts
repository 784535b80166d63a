import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountNotChargeableError, assertAccountChargeable } from "../../app/services/accounts/chargeable.server";
import { startLinking, unbindAccount } from "../../app/services/accounts/manage.server";
import { syncPayAccountFromGopay } from "../../app/services/accounts/sync.server";
import { listUnbindEvents, unbindEventsCsv } from "../../app/services/accounts/unbind-events.server";
import { ingestCoreNotification } from "../../app/services/notifications/ingest.server";
import { payAccountEvents, payAccounts } from "../../db/schema";
import { claimOperation } from "../../app/services/operations/operations.server";
import { useTestDb } from "../support/db";
import { startTestGopay, type TestGopay } from "./holds-helpers";

/** Pay accounts against a real database and the real sandbox: GoPay's GET is the only truth. */
const t = useTestDb();
let g: TestGopay;
const actor = { id: null, label: "support@loket.test" };

beforeAll(async () => {
  g = await startTestGopay();
});
afterAll(async () => {
  await g?.close();
});

async function linked() {
  const phone = `08${String(Math.floor(1e9 + Math.random() * 8e9))}`;
  const res = await startLinking({ phone, idempotencyKey: randomUUID(), actor });
  if (!res.ok) throw new Error(res.message);
  expect(res.value.status).toBe("PENDING");
  expect(res.value.activationUrl).toMatch(/^http/);
  await g.control(`/pay-accounts/${res.value.accountId}/complete`, {});
  const s = await syncPayAccountFromGopay(res.value.accountId);
  expect(s.statusAfter).toBe("ENABLED");
  return s.account;
}

/** The body the sandbox sent (or is retrying: this test has no webhook) for that account and status. */
async function sandboxNotification(accountId: string, status: string): Promise<string> {
  const outbox = (await g.control("/notifications")) as { channel: string; body: string }[];
  const n = outbox.find((x) => x.channel === "payAccount" && x.body.includes(accountId) && (JSON.parse(x.body) as { account_status: string }).account_status === status);
  if (!n) throw new Error(`no ${status} notification for ${accountId}`);
  return n.body;
}

const eventsOf = (id: string) => t.db.select().from(payAccountEvents).where(eq(payAccountEvents.payAccountId, id));

describe("pay accounts", () => {
  it("linking then sync: enabled with payment options, tokens never stored", async () => {
    const acc = await linked();
    const [row] = await t.db.select().from(payAccounts).where(eq(payAccounts.id, acc.id));
    const json = JSON.stringify(row!.paymentOptions);
    expect(json).toContain("GOPAY_WALLET");
    expect(json).toContain('"tokenPresent":true');
    expect(json).not.toMatch(/"token"\s*:/);
    expect(row!.refreshedAt).not.toBeNull();
    expect((await eventsOf(acc.id)).map((e) => e.kind).sort()).toEqual(["created", "linked"]);
  });

  it("a forged 'DISABLED' notification changes nothing: GoPay's GET says ENABLED", async () => {
    const acc = await linked();
    // INGEST stores the (unverifiable) body and calls sync; the body's account_status is ignored.
    const res = await syncPayAccountFromGopay(acc.accountId, { notificationId: 424242n });
    expect(res.changed).toBe(false);
    expect(res.statusAfter).toBe("ENABLED");
    const [row] = await t.db.select().from(payAccounts).where(eq(payAccounts.id, acc.id));
    expect(row!.status).toBe("ENABLED");
    expect((await eventsOf(acc.id)).some((e) => e.kind === "unbind")).toBe(false);
    await expect(assertAccountChargeable(t.db, acc.accountId)).resolves.toBeTruthy();
  });

  it("staff unbind: one operation, an unbind event with source staff, charges refused with a sentence", async () => {
    const acc = await linked();
    const key = randomUUID();
    const res = await unbindAccount({ accountId: acc.accountId, reason: "Customer asked by phone", idempotencyKey: key, actor });
    expect(res).toMatchObject({ status: "succeeded" });
    const again = await unbindAccount({ accountId: acc.accountId, reason: "Customer asked by phone", idempotencyKey: key, actor });
    expect(again.status).toBe("refused"); // no longer enabled; no second call
    expect((await g.requests("core.payAccount.unbind")).filter((r) => r.path.includes(acc.accountId))).toHaveLength(1);
    const unbinds = (await eventsOf(acc.id)).filter((e) => e.kind === "unbind");
    expect(unbinds).toHaveLength(1);
    expect(unbinds[0]).toMatchObject({ source: "staff", actorLabel: "support@loket.test", reason: "Customer asked by phone", statusBefore: "ENABLED" });
    const err = await assertAccountChargeable(t.db, acc.accountId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccountNotChargeableError);
    expect((err as Error).message).toMatch(/was unbound .*link GoPay again/);
  });

  it("staff unbind whose notification is applied first still records the staff member's reason", async () => {
    const acc = await linked();
    // Our unbind call is claimed (operation row with the reason), GoPay applies it, and its
    // notification is synced before our own call's answer is processed.
    await claimOperation(t.db, {
      kind: "pay_account.unbind",
      idempotencyKey: randomUUID(),
      targetType: "pay_account",
      targetId: acc.id,
      actorLabel: "support@loket.test",
      request: { accountId: acc.accountId, reason: "Customer asked by chat" },
    });
    await g.control(`/pay-accounts/${acc.accountId}/unbind`, {});
    await syncPayAccountFromGopay(acc.accountId, { notificationId: null });
    const unbinds = (await eventsOf(acc.id)).filter((e) => e.kind === "unbind");
    expect(unbinds).toHaveLength(1);
    expect(unbinds[0]).toMatchObject({ source: "staff", reason: "Customer asked by chat" });
  });

  it("a stale answer never moves a linking back: PENDING read before the customer finished is not applied after ENABLED", async () => {
    const phone = `08${String(Math.floor(1e9 + Math.random() * 8e9))}`;
    const res = await startLinking({ phone, idempotencyKey: randomUUID(), actor });
    if (!res.ok) throw new Error("linking refused");
    const accountId = res.value.accountId;
    // A GoPay client whose GET answers PENDING, as a GET sent just before completion would.
    const pendingClient = {
      core: { getPayAccount: async () => ({ ...(await g.client.core.getPayAccount(accountId)), accountStatus: "PENDING" as const, paymentOptions: [] }) },
    } as unknown as typeof g.client;
    await g.control(`/pay-accounts/${accountId}/complete`, {});
    await syncPayAccountFromGopay(accountId); // the notification's sync: ENABLED
    await syncPayAccountFromGopay(accountId, { client: pendingClient }); // the late, stale answer
    const [row] = await t.db.select().from(payAccounts).where(eq(payAccounts.accountId, accountId));
    expect(row?.status).toBe("ENABLED");
    expect((row?.paymentOptions as unknown[]).length).toBeGreaterThan(0);
  });

  it("the customer unbinds in the GoPay app: the real notification labels it customer_app, recorded once", async () => {
    const acc = await linked();
    await g.control(`/pay-accounts/${acc.accountId}/unbind`, {});
    const raw = await sandboxNotification(acc.accountId, "DISABLED");
    const first = await ingestCoreNotification({ rawBody: raw, headers: new Headers({ "content-type": "application/json" }) });
    expect(first.status).toBe(200);
    // The same body again (GoPay retries) and a later sync change nothing.
    await ingestCoreNotification({ rawBody: raw, headers: new Headers() });
    expect((await syncPayAccountFromGopay(acc.accountId)).changed).toBe(false);
    const unbinds = (await eventsOf(acc.id)).filter((e) => e.kind === "unbind");
    expect(unbinds).toHaveLength(1);
    expect(unbinds[0]).toMatchObject({ source: "customer_app", statusBefore: "ENABLED", statusAfter: "DISABLED", notificationId: first.notificationId });
    const listed = await listUnbindEvents(t.db, { q: acc.accountId });
    expect(listed.rows).toHaveLength(1);
    const csv = await new Response(unbindEventsCsv(t.db, { source: "customer_app" })).text();
    expect(csv.split("\r\n")[0]).toMatch(/^at_wib,account_id/);
    expect(csv).toContain(acc.accountId);
    expect(csv).toContain("Customer in the GoPay app");
  });

  it("a phone-number change is labelled phone_change; an unexplained DISABLED is plain gopay", async () => {
    const changed = await linked();
    await g.control(`/pay-accounts/${changed.accountId}/phone-change`, {});
    await ingestCoreNotification({ rawBody: await sandboxNotification(changed.accountId, "DISABLED"), headers: new Headers() });
    expect((await eventsOf(changed.id)).find((e) => e.kind === "unbind")!.source).toBe("phone_change");

    // No notification (found by a refresh) or an unknown message: Loket does not guess.
    const quiet = await linked();
    await g.control(`/pay-accounts/${quiet.accountId}/unbind`, {});
    await syncPayAccountFromGopay(quiet.accountId, { notificationId: 999_999n });
    expect((await eventsOf(quiet.id)).find((e) => e.kind === "unbind")!.source).toBe("gopay");
  });

  it("the status_message never sets the state: a 'phone number changed' body for an enabled account changes nothing", async () => {
    const acc = await linked();
    const forged = JSON.stringify({ account_id: acc.accountId, payment_type: "gopay", status_code: "204", account_status: "DISABLED", status_message: "Midtrans account phone number changed" });
    const r = await ingestCoreNotification({ rawBody: forged, headers: new Headers() });
    expect(r.status).toBe(200);
    const [row] = await t.db.select().from(payAccounts).where(eq(payAccounts.id, acc.id));
    expect(row!.status).toBe("ENABLED");
    expect((await eventsOf(acc.id)).some((e) => e.kind === "unbind")).toBe(false);
  });
});
