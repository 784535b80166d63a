import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { createInstance } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { approvals, coinBatches, coinPayouts, customers, staff } from "~db/schema";
import { i18nOptions } from "~/i18n/config";
import { encryptSecret } from "~/lib/crypto.server";
import { translateSentence, wordsOf } from "~/lib/sentences";
import { listApprovals } from "~/services/approvals/approvals.server";
import { approveBatch, rejectBatch } from "~/services/coins/batch-approval.server";
import { submitBatch } from "~/services/coins/batch-submit.server";
import { mintCoinRequestId } from "~/services/coins/pay.server";
import { requestSinglePayout } from "~/services/coins/single.server";
import { useTestDb } from "../support/db";
import { ensureTestEncryptionKey, makeStaff, post } from "./auth-helpers";
import { check, csvOf, setCoinLimits } from "./coins-bulk-support";

/**
 * Every refusal of a coin approval (a single payout at or above the threshold, or a batch) comes
 * out in Bahasa Indonesia on /approvals for an Indonesian staff member, and in the services' own
 * English for an English one. The refusals are produced by the real services (no sentence typed
 * here), so a service rewording one shows up as English in this test, not on the page.
 */
const t = useTestDb();
const context = { cspNonce: "", clientIp: "127.0.0.1" };
const ID = "id-ID,id;q=0.9";
const EN = "en-US,en;q=0.9";

type Staff = Awaited<ReturnType<typeof makeStaff>>;
let finance: Staff;
let finance2: Staff;

async function customer() {
  const [row] = await t.db
    .insert(customers)
    .values({
      merchantUserId: `MU-i18n-${randomUUID().slice(0, 8)}`,
      name: "Sari Coins",
      searchName: "sari coins",
      phone: `+62812${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
      authTokenEnc: encryptSecret("token-not-used"),
    })
    .returning();
  return row!;
}

/** A single payout waiting for approval, asked for by `finance`. */
async function pendingPayout() {
  const c = await customer();
  const r = await requestSinglePayout({
    customerId: c.id,
    amount: 100_000_00n,
    description: "Maaf atas keterlambatan",
    reasonCode: "service_recovery",
    requestId: mintCoinRequestId(),
    actor: { id: finance.id, email: finance.email },
  });
  if (r.kind !== "awaiting_approval") throw new Error(r.kind);
  return r;
}

/** A batch waiting for approval, submitted by `finance`. */
async function pendingBatch() {
  const c = await customer();
  const checked = await check(t.db, csvOf([[c.id, "10.000", "Terima kasih"]]));
  if (!checked.ok || !checked.canSubmit) throw new Error("cannot submit");
  const s = await submitBatch(t.db, { check: checked, filename: "i18n.csv", actor: finance });
  if (s.kind !== "submitted") throw new Error(s.message);
  return s;
}

/** The /approvals action's refusal (the form's error) for `who`, in `language`. */
async function refusal(intent: "approve" | "reject", approvalId: string, who: Staff, language: string) {
  const { action } = await import("~/routes/_app.approvals._index");
  const form: Record<string, string> = { intent, approvalId };
  if (intent === "reject") form.reason = "Tidak perlu";
  const v = (await action({
    request: post("/approvals", form, who.cookie, undefined, language),
    params: {},
    context,
  })) as {
    data: { errors?: Record<string, string> };
  };
  const said = v.data.errors?.form;
  if (!said) throw new Error(`no refusal: ${JSON.stringify(v.data)}`);
  return said;
}

/** Both languages of one refusal: the English the service wrote, and an Indonesian sentence. */
async function both(intent: "approve" | "reject", approvalId: string, who: Staff) {
  const en = await refusal(intent, approvalId, who, EN);
  const id = await refusal(intent, approvalId, who, ID);
  expect(id).not.toBe(en);
  expect(id).not.toMatch(/\b(the|is|was|cannot|request|payout|another|rejected|paused|unknown|waiting)\b/i);
  return { en, id };
}

beforeAll(async () => {
  ensureTestEncryptionKey();
  finance = await makeStaff(t.db, "finance");
  finance2 = await makeStaff(t.db, "finance");
  await setCoinLimits(t.db, { approvalThreshold: 100_000_00n });
});

describe("coin approval refusals in the staff member's language", () => {
  it("a single payout: own request, already decided, expired, no longer waiting, missing", async () => {
    const own = await pendingPayout();
    expect(await both("approve", own.approvalId, finance)).toEqual({
      en: "You cannot decide on your own request: another finance or admin user must.",
      id: "Anda tidak bisa memutuskan permintaan Anda sendiri: pengguna keuangan atau admin lain yang harus.",
    });
    expect((await both("reject", own.approvalId, finance)).id).toMatch(/sendiri/);

    const decided = await pendingPayout();
    await t.db.update(approvals).set({ status: "rejected" }).where(eq(approvals.id, decided.approvalId));
    expect(await both("approve", decided.approvalId, finance2)).toEqual({
      en: "This request was already rejected.",
      id: "Permintaan ini sudah berstatus ditolak.",
    });

    const old = await pendingPayout();
    await t.db
      .update(approvals)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(approvals.id, old.approvalId));
    expect(await both("approve", old.approvalId, finance2)).toEqual({
      en: "This request expired (after 24 hours). Ask for a new payout.",
      id: "Permintaan ini kedaluwarsa (setelah 24 jam). Ajukan pembayaran baru.",
    });

    const moved = await pendingPayout();
    await t.db.update(coinPayouts).set({ status: "unknown" }).where(eq(coinPayouts.id, moved.payout.id));
    expect(await both("approve", moved.approvalId, finance2)).toEqual({
      en: "This payout is already Waiting for GoPay.",
      id: "Pembayaran ini sudah berstatus Menunggu GoPay.",
    });

    const gone = await pendingPayout();
    await t.db.update(approvals).set({ targetId: randomUUID() }).where(eq(approvals.id, gone.approvalId));
    expect(await both("reject", gone.approvalId, finance2)).toEqual({
      en: "The payout of this request is missing.",
      id: "Pembayaran untuk permintaan ini tidak ditemukan.",
    });

    expect(await both("approve", randomUUID(), finance2)).toEqual({
      en: "This approval request does not exist.",
      id: "Permintaan persetujuan ini tidak ada.",
    });
  });

  it("a batch: own batch, already decided, expired, no longer waiting, missing; the pending list's problem", async () => {
    const own = await pendingBatch();
    expect((await both("approve", own.approvalId, finance)).en).toBe(
      "You cannot decide on your own batch: another finance or admin user must.",
    );

    const decided = await pendingBatch();
    expect(
      await rejectBatch(t.db, { approvalId: decided.approvalId, actor: finance2, reason: "Tidak perlu" }),
    ).toMatchObject({
      kind: "rejected",
    });
    expect((await both("approve", decided.approvalId, finance2)).id).toBe(
      "Permintaan ini sudah berstatus ditolak.",
    );

    const moved = await pendingBatch();
    await t.db.update(coinBatches).set({ status: "paused" }).where(eq(coinBatches.id, moved.batchId));
    expect(await both("approve", moved.approvalId, finance2)).toEqual({
      en: "The batch is paused, no longer waiting for approval.",
      id: "Batch ini sudah berstatus dijeda, tidak lagi menunggu persetujuan.",
    });

    const old = await pendingBatch();
    await t.db
      .update(approvals)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(approvals.id, old.approvalId));
    expect((await both("approve", old.approvalId, finance2)).en).toBe(
      "This request expired (after 24 hours). Submit the file again.",
    );

    const gone = await pendingBatch();
    await t.db.update(approvals).set({ targetId: randomUUID() }).where(eq(approvals.id, gone.approvalId));
    expect((await both("approve", gone.approvalId, finance2)).en).toBe(
      "The batch of this request is missing.",
    );

    // The pending list says why a batch can no longer be approved (the page translates it).
    const orphan = await pendingBatch();
    const submitter = await makeStaff(t.db, "finance");
    await t.db
      .update(coinBatches)
      .set({ submittedBy: submitter.id })
      .where(eq(coinBatches.id, orphan.batchId));
    await t.db
      .update(approvals)
      .set({ requestedBy: submitter.id })
      .where(eq(approvals.id, orphan.approvalId));
    await t.db.update(staff).set({ active: false }).where(eq(staff.id, submitter.id));
    const i18n = createInstance();
    await i18n.init({ ...i18nOptions, lng: "id" });
    const tId = i18n.getFixedT("id");
    const problems = (await listApprovals(t.db, "pending"))
      .filter((a) => a.id === orphan.approvalId || a.id === moved.approvalId)
      .map((a) => a.problem);
    expect(problems).toHaveLength(2);
    for (const p of problems) {
      expect(p).not.toBeNull();
      expect(wordsOf(p!), `no catalogue entry for "${p}"`).not.toBeNull();
      expect(translateSentence(tId, p!)).not.toMatch(/\b(the|is|was|batch is|submitter)\b/i);
    }
    // A decided batch cannot be approved by anyone afterwards either (nothing changed by the refusals).
    expect(await approveBatch(t.db, { approvalId: decided.approvalId, actor: finance2 })).toMatchObject({
      kind: "refused",
    });
  });
});
