import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintRefundKey } from "~/services/refunds/keys.server";
import { get, makeStaff, post } from "./auth-helpers";
import { setLimit } from "./refunds-support";
import { insertOrder } from "../support/factories";
import { useTestDb } from "../support/db";
import { startHttpApp, type HttpApp } from "./http-server";

/**
 * The words an action answers with follow the staff member's language, as the pages do: field
 * errors (the money parser, zod's own messages, a schema's key), refusals and toasts. A browser
 * that asks for Bahasa Indonesia (or asks for nothing) gets Indonesian; one that asks for English
 * gets the English the services write. GoPay's own words are not involved here.
 */
const t = useTestDb();
const context = { cspNonce: "", clientIp: "127.0.0.1" };
const ID = "id-ID,id;q=0.9";
const EN = "en-US,en;q=0.9";

type Answer = { status: number; body: unknown; toast?: { title: string; description?: string } };
async function answer(fn: () => Promise<unknown>): Promise<Answer> {
  let value: unknown;
  try {
    value = await fn();
  } catch (err) {
    if (!(err instanceof Response)) throw err;
    value = err;
  }
  if (value instanceof Response) {
    const cookie = /loket_toast_[\w-]+=([^;]+)/.exec(value.headers.get("Set-Cookie") ?? "")?.[1];
    const toast = cookie ? (JSON.parse(Buffer.from(cookie, "base64url").toString("utf8")) as Answer["toast"]) : undefined;
    return { status: value.status, body: await value.text(), toast };
  }
  const v = value as { data: unknown; init?: { status?: number } | null };
  return { status: v.init?.status ?? 200, body: v.data };
}
const errors = (a: Answer) => (a.body as { errors?: Record<string, string> }).errors ?? {};

describe("actions answer in the staff member's language", () => {
  let cookie: string;
  let finance: string;
  beforeAll(async () => {
    await setLimit(t.db, "support", 100_000_00n);
    cookie = (await makeStaff(t.db, "support")).cookie;
    finance = (await makeStaff(t.db, "finance")).cookie;
  });

  async function refund(amount: string, language: string, extra: Record<string, string> = {}) {
    const order = await insertOrder(t.db, { amount: 300_000_00n });
    const { action } = await import("~/routes/_app.orders.$orderId");
    const form = { intent: "refund", key: mintRefundKey(), amount, reasonCode: "duplicate_payment", reasonText: "", ...extra };
    const request = post(`/orders/${order.orderId}`, form, cookie, undefined, language);
    return answer(() => action({ request, params: { orderId: order.orderId }, context }));
  }

  it("the money parser's 'did you mean' sentence, in Bahasa Indonesia and in English", async () => {
    expect(errors(await refund("1,5", ID)).amount).toBe("Rupiah tidak memakai sen: maksud Anda 1?");
    expect(errors(await refund("1,500", ID)).amount).toBe("Ribuan dalam rupiah dipisah dengan titik: maksud Anda 1.500?");
    expect(errors(await refund("1,5", EN)).amount).toBe("Rupiah are whole: did you mean 1?");
  });

  it("no Accept-Language at all: Bahasa Indonesia (the merchant's staff are Indonesian)", async () => {
    expect(errors(await refund("1,5", "")).amount).toBe("Rupiah tidak memakai sen: maksud Anda 1?");
  });

  it("a service's refusal and the amount ceiling of the order", async () => {
    const other = await refund("100.000", ID, { reasonCode: "other" });
    expect(other.status).toBe(400);
    expect(errors(other).reasonText).toBe("Tulis alasannya secara singkat.");
    const tooMuch = await refund("300.001", ID);
    expect(errors(tooMuch).amount).toBe("Maksimal Rp 300.000 bisa dikembalikan sekarang.");
    expect(errors(await refund("300.001", EN)).amount).toBe("At most Rp 300.000 can be refunded now.");
  });

  it("the toast of a refund above the limit (sent for approval)", async () => {
    const id = await refund("200.000", ID);
    expect(id.status).toBe(302);
    expect(id.toast).toEqual({ type: "info", title: "Diajukan untuk persetujuan", description: "Rp 200.000 melebihi batas Anda: tim keuangan perlu menyetujuinya di /approvals." });
    const en = await refund("200.000", EN);
    expect(en.toast).toEqual({ type: "info", title: "Sent for approval", description: "Rp 200.000 is above your limit: a finance user must approve it on /approvals." });
  });

  it("a schema's message written as a key, and zod's own message", async () => {
    const { action } = await import("~/routes/_app.approvals._index");
    const stale = await answer(() => action({ request: post("/approvals", { intent: "approve", approvalId: "not-a-uuid" }, finance, undefined, ID), params: {}, context }));
    expect(errors(stale).approvalId).toBe("Permintaan ini tidak ada; muat ulang halaman.");
    const staleEn = await answer(() => action({ request: post("/approvals", { intent: "approve", approvalId: "not-a-uuid" }, finance, undefined, EN), params: {}, context }));
    expect(errors(staleEn).approvalId).toBe("This request does not exist; reload the page.");
    const missing = await answer(() => action({ request: post("/approvals", { intent: "approve" }, finance, undefined, ID), params: {}, context }));
    expect(errors(missing).approvalId).toBe("Wajib diisi.");
  });

  describe("settings and the account page", () => {
    let admin: string;
    let support: string;
    beforeAll(async () => {
      admin = (await makeStaff(t.db, "admin")).cookie;
      support = (await makeStaff(t.db, "support")).cookie;
    });

    it("limits: the toast names the role and the limit in Bahasa Indonesia; a bad amount at the field", async () => {
      const { action } = await import("~/routes/_app.settings.limits");
      const call = (form: Record<string, string>, language: string) =>
        answer(() => action({ request: post("/settings/limits", { intent: "set-refund-limit", ...form }, admin, undefined, language), params: {}, context }));
      expect((await call({ role: "campaigns", refundLimit: "" }, ID)).toast).toEqual({ type: "success", title: "Batas pengembalian dana untuk kampanye: tanpa batas" });
      expect((await call({ role: "campaigns", refundLimit: "2.500.000" }, ID)).toast?.title).toBe("Batas pengembalian dana untuk kampanye: Rp 2.500.000");
      expect((await call({ role: "campaigns", refundLimit: "" }, EN)).toast?.title).toBe("Refund limit for campaigns: unlimited");
      const bad = await call({ role: "campaigns", refundLimit: "1,5" }, ID);
      expect(bad.status).toBe(400);
      expect(errors(bad).refundLimit).toBe("Rupiah tidak memakai sen: maksud Anda 1?");
    });

    it("api keys: the service's field error, zod's key message, the 404 and the revoke toast", async () => {
      const { action } = await import("~/routes/_app.settings.api-keys");
      const call = (form: Record<string, string>, language: string) => answer(() => action({ request: post("/settings/api-keys", form, admin, undefined, language), params: {}, context }));
      expect(errors(await call({ intent: "create", name: "  " }, ID)).name).toBe("Beri nama key ini, mis. sistem yang akan memakainya.");
      expect(errors(await call({ intent: "create", name: "x".repeat(61) }, ID)).name).toBe("Nama maksimal 60 karakter.");
      expect(errors(await call({ intent: "create", name: "  " }, EN)).name).toBe("Give the key a name, e.g. the system that will use it.");
      expect(errors(await call({ intent: "revoke", keyId: "nope" }, ID)).keyId).toBe("Key tidak dikenal.");
      const gone = await call({ intent: "revoke", keyId: "00000000-0000-4000-8000-000000000000" }, ID);
      expect(gone.status).toBe(404);
      expect(errors(gone).keyId).toBe("Key ini sudah tidak ada.");
      const created = await call({ intent: "create", name: "Checkout" }, ID);
      expect(created.status).toBe(200);
      const { listApiKeys } = await import("~/services/api-keys/api-keys.server");
      const row = (await listApiKeys(t.db)).find((k) => k.name === "Checkout")!;
      const revoked = await call({ intent: "revoke", keyId: row.id }, ID);
      expect(revoked.toast).toEqual({ type: "success", title: "Key “Checkout” dicabut", description: "Permintaan dengan key ini sekarang mendapat 401." });
    });

    it("staff: zod's key messages, the service's rule and the toast in Bahasa Indonesia", async () => {
      const { action } = await import("~/routes/_app.settings.staff");
      const call = (form: Record<string, string>, language: string) => answer(() => action({ request: post("/settings/staff", form, admin, undefined, language), params: {}, context }));
      const email = `i18n-${Date.now()}@loket.test`;
      const empty = await call({ intent: "create", email: "", name: "", role: "nope" }, ID);
      expect(errors(empty)).toMatchObject({ email: "Masukkan alamat email.", name: "Masukkan nama staf.", role: "Pilih peran." });
      expect(errors(await call({ intent: "create", email, name: "Sari", role: "support", password: "short" }, ID)).password).toBe("Gunakan minimal 12 karakter (yang ini 5).");
      expect(errors(await call({ intent: "create", email, name: "Sari", role: "support", password: "short" }, EN)).password).toBe("Use at least 12 characters (this one has 5).");
      expect((await call({ intent: "create", email, name: "Sari", role: "support", password: "a-long-enough-password" }, ID)).toast?.title).toBe(`${email} sekarang bisa masuk`);
      expect(errors(await call({ intent: "create", email, name: "Sari", role: "support", password: "a-long-enough-password" }, ID)).email).toBe("Staf dengan email ini sudah ada.");
      expect(errors(await call({ intent: "deactivate", staffId: "00000000-0000-4000-8000-000000000000" }, ID)).form).toBe("Staf ini sudah tidak ada.");
    });

    it("a schema's own message beats the request's generic sentence; a schema with none gets the generic one", async () => {
      const staff = await import("~/routes/_app.settings.staff");
      const limits = await import("~/routes/_app.settings.limits");
      const onStaff = (form: Record<string, string>, language: string) =>
        answer(() => staff.action({ request: post("/settings/staff", form, admin, undefined, language), params: {}, context }));
      // z.enum(ROLES, { message: "settings:staff.errors.role" }): the schema's sentence, in either language
      expect(errors(await onStaff({ intent: "create", email: "x@loket.test", name: "X", role: "nope" }, ID)).role).toBe("Pilih peran.");
      expect(errors(await onStaff({ intent: "create", email: "x@loket.test", name: "X", role: "nope" }, EN)).role).toBe("Choose a role.");
      expect(errors(await onStaff({ intent: "change-role", staffId: "00000000-0000-4000-8000-000000000000", role: "owner" }, ID)).role).toBe("Pilih peran.");
      // z.enum(ROLES) with no message: the request's generic sentence
      const onLimits = (form: Record<string, string>, language: string) =>
        answer(() => limits.action({ request: post("/settings/limits", { intent: "set-refund-limit", ...form }, admin, undefined, language), params: {}, context }));
      expect(errors(await onLimits({ role: "nope", refundLimit: "" }, ID)).role).toBe("Pilih salah satu opsi.");
    });

    it("sign in: zod's key message and the service's refusal", async () => {
      const { action } = await import("~/routes/_auth.login");
      const call = (form: Record<string, string>, language: string) => answer(() => action({ request: post("/login", form, undefined, undefined, language), params: {}, context }));
      expect(errors(await call({ email: "", password: "" }, ID))).toMatchObject({ email: "Masukkan email kantor Anda.", password: "Masukkan kata sandi Anda." });
      expect(errors(await call({ email: "nobody@loket.test", password: "wrong-password" }, ID)).form).toBe("Email dan kata sandi itu tidak cocok dengan akun yang aktif.");
      expect(errors(await call({ email: "nobody@loket.test", password: "wrong-password" }, EN)).form).toBe("That email and password do not match an active account.");
    });

    it("orders filters: dates, amounts and the range said in Bahasa Indonesia", async () => {
      const { loader } = await import("~/routes/_app.orders._index");
      const load = async (qs: string, language: string) => (await loader({ request: get(`/orders?${qs}`, support, language), params: {}, context })) as { errors: Record<string, string> };
      expect((await load("range=custom&from=2026-02-30&min=1,5&max=abc", ID)).errors).toMatchObject({
        from: "Gunakan format tanggal-bulan-tahun, mis. 21-11-2026.",
        min: "Rupiah tidak memakai sen: maksud Anda 1?",
      });
      expect((await load("range=forever", ID)).errors.range).toBe("Rentang tanggal tidak dikenal.");
      expect((await load("min=20.000&max=10.000", ID)).errors.max).toBe("Nominal maksimum lebih kecil dari minimum.");
      expect((await load("min=20.000&max=10.000", EN)).errors.max).toBe("The maximum is below the minimum.");
    });

    it("account page: the unbind reason at the field and the service's refusal, in Bahasa Indonesia", async () => {
      const { action } = await import("~/routes/_app.accounts.$accountId");
      const call = (form: Record<string, string>, language: string) =>
        answer(() => action({ request: post("/accounts/acc-missing", form, support, undefined, language), params: { accountId: "acc-missing" }, context }));
      const key = "11111111-1111-4111-8111-111111111111";
      expect(errors(await call({ intent: "unbind", idempotencyKey: key, reason: "x" }, ID)).reason).toBe("Tulis alasan pemutusan (minimal 3 karakter).");
      expect(errors(await call({ intent: "unbind", idempotencyKey: "old", reason: "Customer asked" }, ID)).idempotencyKey).toBe("Formulir ini sudah kedaluwarsa; muat ulang halaman.");
      const unknown = await call({ intent: "unbind", idempotencyKey: key, reason: "Customer asked" }, ID);
      expect(unknown.status).toBe(400);
      expect(errors(unknown).form).toBe("Akun ini tidak dikenal di Loket.");
      expect(errors(await call({ intent: "unbind", idempotencyKey: key, reason: "Customer asked" }, EN)).form).toBe("This account is not known to Loket.");
      const { action: list } = await import("~/routes/_app.accounts._index");
      const link = (form: Record<string, string>, language: string) => answer(() => list({ request: post("/accounts", { intent: "start-linking", ...form }, support, undefined, language), params: {}, context }));
      expect(errors(await link({ idempotencyKey: key, phone: "12" }, ID)).phone).toBe("Masukkan nomor HP Indonesia, mis. 0812 3456 7890.");
      expect(errors(await link({ idempotencyKey: "old", phone: "0812 3456 7890" }, ID)).idempotencyKey).toBe("Formulir ini sudah kedaluwarsa; muat ulang halaman.");
      expect(errors(await link({ idempotencyKey: key, phone: "12" }, EN)).phone).toBe("Enter an Indonesian mobile number, e.g. 0812 3456 7890.");
    });
  });
});

describe("refusal pages in the staff member's language (the real Express server)", () => {
  let app: HttpApp;
  let support: string;
  beforeAll(async () => {
    app = await startHttpApp();
    support = (await makeStaff(t.db, "support")).cookie;
  });
  afterAll(async () => app?.close());

  const get = (path: string, language: string) => fetch(`${app.url}${path}`, { headers: { Cookie: support, "Accept-Language": language } });
  const postForm = (path: string, form: Record<string, string>, headers: Record<string, string>) =>
    fetch(`${app.url}${path}`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: support, ...headers }, body: new URLSearchParams(form).toString() });

  it("403: a role without the permission", async () => {
    const id = await get("/settings/limits", ID);
    expect(id.status).toBe(403);
    const html = await id.text();
    expect(html).toContain("Anda tidak punya akses");
    expect(html).toContain("Peran Anda tidak dapat melakukan ini (memerlukan settings:read).");
    expect(await (await get("/settings/limits", EN)).text()).toContain("Your role cannot do this (needs settings:read).");
  });

  it("403 cross-site (rendered by server/app.ts) follows the browser's language", async () => {
    const id = await postForm("/accounts/x", { intent: "refresh" }, { Origin: "https://evil.example", "Accept-Language": ID });
    expect(id.status).toBe(403);
    expect(await id.text()).toContain("Permintaan lintas situs ditolak: formulir ini harus dikirim dari Loket sendiri.");
    const en = await postForm("/accounts/x", { intent: "refresh" }, { Origin: "https://evil.example", "Accept-Language": EN });
    expect(await en.text()).toContain("Cross-site request refused: this form must be sent from Loket itself.");
  });

  it("400: an unknown intent and a NUL byte", async () => {
    const unknown = await postForm("/accounts/x", { intent: "explode" }, { Origin: app.url, "Accept-Language": ID });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("Tindakan &quot;explode&quot; tidak dikenal.");
    const nul = await get("/orders?q=%00", ID);
    expect(nul.status).toBe(400);
    expect(await nul.text()).toContain("Parameter alamat berisi karakter NUL (%00), yang tidak diterima Loket.");
  });
});
