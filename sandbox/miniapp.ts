import { randomUUID } from "node:crypto";
import { MINIAPP_AUTH_CODE_TTL_MS, TEMPLATES } from "./contract";
import { type Ctx } from "./context";
import { type ApiRequest, header, json, obj, parseObject, str } from "./http";
import { authCodeByCode, customerById, customerByPhone, customerByToken, remindersById } from "./indexes";
import {
  newCustomer,
  PUSH_RECENT_LOG,
  PUSH_REPLAY_PER_USER,
  type Customer,
  type StoredResponse,
} from "./state";

const ok = (data: unknown, status = 200) => json(status, { success: true, data });
const fail = (status: number, code: string, description: string) =>
  json(status, { success: false, error: { code, description } });

type Opts = { auth: "basic" | "bearer"; requestId: "mandatory" | "optional" };

const PUSH_PATH = "/v1/mini-apps/notifications/push";

/**
 * Bearer token → user, without scanning every user per call (a campaign of a million pushes calls
 * this a million times): indexes.ts, which indexes only the users added since the last call.
 */
const userByToken = (ctx: Ctx, token: string): Customer | undefined => customerByToken(ctx.state, token);

/**
 * Effects per Request-Id of pushes and reminder creations, in memory (not in the snapshot), for
 * tests to prove "none twice": `GET /_sandbox/miniapp/effects`. Bounded: past EFFECTS_TRACKED ids
 * only the totals go on counting.
 */
export const EFFECTS_TRACKED = 1_000_000;
type Effects = {
  total: number;
  untracked: number;
  byId: Map<string, { op: string; customerId: string; count: number }>;
};
const effectsOf = new WeakMap<Ctx, Effects>();
function effects(ctx: Ctx): Effects {
  let e = effectsOf.get(ctx);
  if (!e) effectsOf.set(ctx, (e = { total: 0, untracked: 0, byId: new Map() }));
  return e;
}
function countEffect(ctx: Ctx, op: string, requestId: string | undefined, customerId: string): void {
  const e = effects(ctx);
  e.total++;
  const key = requestId ?? `(no Request-Id ${e.total})`;
  const hit = e.byId.get(key);
  if (hit) hit.count++;
  else if (e.byId.size < EFFECTS_TRACKED) e.byId.set(key, { op, customerId, count: 1 });
  else e.untracked++;
}

/**
 * Auth (Basic client credential or the user's Bearer token), Request-Id replay (the same id gives
 * the first response and has no second effect), JSON body, then the handler.
 */
export function miniCall(
  ctx: Ctx,
  req: ApiRequest,
  opts: Opts,
  handler: (body: Record<string, unknown>, customer: Customer | undefined) => StoredResponse,
): StoredResponse {
  const auth = header(req, "authorization");
  if (!auth) return fail(401, "303", "Missing authorization");
  let customer: Customer | undefined;
  if (opts.auth === "basic") {
    const m = /^Basic\s+(\S+)$/i.exec(auth);
    const decoded = m ? Buffer.from(m[1], "base64").toString("utf8") : "";
    if (decoded !== `${ctx.config.miniappClientId}:${ctx.config.miniappClientSecret}`)
      return fail(401, "110", "Unauthorized");
  } else {
    const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
    customer = token ? userByToken(ctx, token) : undefined;
    if (!customer) return fail(401, "5003", "Invalid authorisation");
  }
  const requestId = header(req, "request-id");
  if (!requestId && opts.requestId === "mandatory") return fail(400, "310", "Request-Id header is required");
  if (requestId && requestId.length > 128) return fail(400, "310", "Request-Id is too long");
  // A push's replay is kept compact with its user (push() itself): no per-call state growth.
  const compact = req.path === PUSH_PATH;
  const replayKey = requestId && !compact ? `${customer?.id ?? "client"}|${requestId}` : undefined;
  if (replayKey && ctx.state.requestIds[replayKey]) return ctx.state.requestIds[replayKey];
  let body: Record<string, unknown> = {};
  if (req.method === "POST" || req.method === "PUT") {
    const parsed = parseObject(req.raw);
    if (!parsed) return fail(400, "310", "Malformed request body");
    body = parsed;
  }
  const response = compact && customer ? push(ctx, body, customer, requestId) : handler(body, customer);
  if (replayKey && !executedNothing(response)) ctx.state.requestIds[replayKey] = response;
  // Pushes change only counters and a bounded log: not worth rewriting the snapshot for each one
  // (it is written on the next other change and on close).
  if (!compact) ctx.touch();
  return response;
}

/**
 * A refusal made before anything was executed stores no result under its Request-Id (architecture.md,
 * "Merchant API idempotency and refusals"): the wallet was short (40005), so the same Request-Id is
 * evaluated afresh after a top-up instead of replaying the refusal for ever.
 */
function executedNothing(r: StoredResponse): boolean {
  const b = r.body as { success?: unknown; error?: { code?: unknown } } | undefined;
  return r.status === 422 && b?.success === false && b.error?.code === "40005";
}

/** POST /v1/mini-apps/authorizations/token */
export function token(ctx: Ctx, b: Record<string, unknown>): StoredResponse {
  const code = str(b.auth_code);
  if (!code) return fail(400, "310", "auth_code is required");
  const entry = authCodeByCode(ctx.state, code);
  if (!entry || entry.used || (entry.expiresAt !== undefined && entry.expiresAt <= ctx.clock.now()))
    return fail(404, "40004", "AuthCode Not Found");
  if (!entry.reusable) entry.used = true;
  const c = customerById(ctx.state, entry.customerId)!;
  return ok({ auth_token: c.authToken, gopay_account_id: c.gopayAccountId });
}

export function profile(c: Customer): StoredResponse {
  return ok({ phone_number: `+${c.phone}`, email: c.email, username: c.name, name: c.name });
}

/** POST /v1/mini-apps/cashback (= /rewards): pays from the merchant coin wallet, never beyond it. */
export function cashback(ctx: Ctx, b: Record<string, unknown>, c: Customer): StoredResponse {
  const amount = obj(b.amount);
  const value = amount?.value;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0)
    return fail(400, "310", "amount.value must be a positive integer (rupiah)");
  if (amount?.currency !== "IDR") return fail(400, "310", "amount.currency must be IDR");
  const description = typeof b.description === "string" ? b.description : "";
  if (description.length > 256) return fail(400, "310", "description is longer than 256 characters");
  const rewardType = b.reward_type ?? "GOPAY_COINS";
  if (rewardType !== "EMONEY" && rewardType !== "GOPAY_COINS")
    return fail(400, "310", "reward_type must be EMONEY or GOPAY_COINS");
  if (c.coinsFraud)
    return fail(403, "4060", "Transaction is suspected as fraud (risk engine refused this user)");
  if (value > ctx.state.coinWalletRupiah)
    return fail(
      422,
      "40005",
      `Insufficient merchant wallet balance: ${ctx.state.coinWalletRupiah} rupiah left, ${value} asked`,
    );
  ctx.state.coinWalletRupiah -= value;
  c.coinsSen += value * 100;
  const paymentId = `CB-${randomUUID()}`;
  ctx.state.cashbacks.push({
    paymentId,
    customerId: c.id,
    rupiah: value,
    rewardType,
    description,
    at: ctx.clock.now(),
  });
  return ok({ payment_id: paymentId });
}

/**
 * GET /v1/mini-apps/wallet/balance (Basic) — SANDBOX STAND-IN: GoPay documents no balance API for the
 * merchant coin wallet (contract.md); in production the balance is read from the merchant portal.
 */
export function walletBalance(ctx: Ctx): StoredResponse {
  return ok({ balance: { value: ctx.state.coinWalletRupiah, currency: "IDR" }, sandbox_stand_in: true });
}

function checkTemplate(
  b: Record<string, unknown>,
  kind: "reminder" | "push",
): { name: string; params: Record<string, string> } | StoredResponse {
  const name = str(b.template_name);
  if (!name) return fail(400, "310", "template_name is required");
  const t = TEMPLATES[name];
  if (!t || t.kind !== kind) return fail(404, "40003", `Template not found: ${name}`);
  const given = obj(b.template_parameters) ?? {};
  const params: Record<string, string> = {};
  for (const p of t.params) {
    const v = given[p.name];
    if (typeof v !== "string" || v === "") return fail(400, "40002", `Missing template parameter: ${p.name}`);
    if (v.length < p.min || v.length > p.max)
      return fail(
        400,
        "40002",
        `Template parameter ${p.name} must be ${p.min}–${p.max} characters (got ${v.length})`,
      );
    params[p.name] = v;
  }
  return { name, params };
}

/** PUT /v1/mini-apps/reminder */
export function createReminder(
  ctx: Ctx,
  b: Record<string, unknown>,
  c: Customer,
  requestId?: string,
): StoredResponse {
  const t = checkTemplate(b, "reminder");
  if ("status" in t) return t;
  countEffect(ctx, "miniapp.reminder.create", requestId, c.id);
  const reminderId = str(b.reminder_id) ?? `RM-${randomUUID()}`;
  const existing = remindersById(ctx.state, reminderId).find((r) => !r.deleted);
  if (existing && existing.customerId !== c.id)
    return fail(409, "40009", "reminder_id belongs to another user");
  if (existing) Object.assign(existing, { template: t.name, params: t.params });
  else
    ctx.state.reminders.push({
      reminderId,
      customerId: c.id,
      template: t.name,
      params: t.params,
      at: ctx.clock.now(),
      deleted: false,
    });
  return ok({ reminder_id: reminderId });
}

/** DELETE /v1/mini-apps/reminder/{id} */
export function deleteReminder(ctx: Ctx, id: string, c: Customer): StoredResponse {
  const r = remindersById(ctx.state, id).find((x) => x.customerId === c.id && !x.deleted);
  if (!r) return fail(404, "40004", "Reminder not found");
  r.deleted = true;
  return ok({ success: true });
}

/**
 * POST /v1/mini-apps/notifications/push. The same Request-Id from the same user again → the same
 * success, no second push (the last PUSH_REPLAY_PER_USER ids per user are remembered). A refusal
 * (unknown template, bad parameter) executes nothing and stores nothing.
 */
export function push(ctx: Ctx, b: Record<string, unknown>, c: Customer, requestId?: string): StoredResponse {
  if (requestId && c.pushRequestIds?.includes(requestId)) {
    ctx.state.pushStats.replays++;
    return ok({ success: true });
  }
  const t = checkTemplate(b, "push");
  if ("status" in t) return t;
  const stats = ctx.state.pushStats;
  stats.total++;
  stats.byTemplate[t.name] = (stats.byTemplate[t.name] ?? 0) + 1;
  c.pushCount = (c.pushCount ?? 0) + 1;
  if (requestId) {
    const ids = (c.pushRequestIds ??= []);
    ids.push(requestId);
    if (ids.length > PUSH_REPLAY_PER_USER) ids.shift();
  }
  countEffect(ctx, "miniapp.push", requestId, c.id);
  const log = ctx.state.pushes;
  log.push({
    id: `PN-${stats.total}`,
    customerId: c.id,
    template: t.name,
    params: t.params,
    at: ctx.clock.now(),
  });
  if (log.length > PUSH_RECENT_LOG * 2) log.splice(0, log.length - PUSH_RECENT_LOG);
  return ok({ success: true });
}

/**
 * Control API for campaigns under /_sandbox/miniapp/…:
 *  - POST users {count, prefix?} — that many new mini-app users with tokens (a campaign's audience);
 *  - POST users/register {users: [{phone, name, authToken}]} — users whose tokens were issued
 *    elsewhere (the demo's generated history): from then on their token is GoPay's, so pushes to
 *    them are delivered; a token already known is left alone (idempotent). Answers {added, known};
 *  - GET effects — push / reminder effects: totals, Request-Ids with more than one effect, the most
 *    pushes one user got; GET effects/{requestId} — one id's count; DELETE effects — start counting afresh.
 */
export function campaignControl(
  ctx: Ctx,
  method: string,
  parts: string[],
  body: Record<string, unknown>,
): { status: number; body: unknown } | undefined {
  const [, b, c] = parts;
  if (method === "POST" && b === "users" && parts.length === 2) {
    const count = Number(body.count ?? 1);
    if (!Number.isInteger(count) || count < 1 || count > 100_000)
      return { status: 400, body: { error: "count must be 1..100000" } };
    const made: { id: string; phone: string; name: string; authToken: string }[] = [];
    const base = ctx.state.customers.length;
    for (let i = 1; i <= count; i++) {
      const n = base + i;
      const u = newCustomer(n, `628${String(7_000_000_000 + n).slice(-10)}`);
      u.id = `cust-${n}`;
      ctx.state.customers.push(u);
      made.push({ id: u.id, phone: u.phone, name: u.name, authToken: u.authToken });
    }
    ctx.touch();
    return { status: 200, body: made };
  }
  if (method === "POST" && b === "users" && c === "register" && parts.length === 3) {
    const list = Array.isArray(body.users) ? (body.users as unknown[]) : undefined;
    if (!list || list.length > 100_000) return { status: 400, body: { error: "users must be a list of at most 100000" } };
    let added = 0;
    let known = 0;
    for (const x of list) {
      const u = (x ?? {}) as Record<string, unknown>;
      const token = typeof u.authToken === "string" ? u.authToken : "";
      const phone = typeof u.phone === "string" ? u.phone.replace(/\D/g, "") : "";
      if (!token || !phone) return { status: 400, body: { error: "each user needs phone and authToken" } };
      if (customerByToken(ctx.state, token)) {
        known++;
        continue;
      }
      const n = ctx.state.customers.length + 1;
      const made = newCustomer(n, phone);
      made.id = `cust-${n}`;
      made.authToken = token;
      if (typeof u.name === "string" && u.name) made.name = u.name;
      ctx.state.customers.push(made);
      added++;
    }
    if (added) ctx.touch();
    return { status: 200, body: { added, known } };
  }
  if (b === "effects") {
    const e = effects(ctx);
    if (method === "DELETE" && parts.length === 2) {
      effectsOf.delete(ctx);
      return { status: 200, body: { ok: true } };
    }
    if (method === "GET" && c)
      return { status: 200, body: { requestId: c, count: e.byId.get(c)?.count ?? 0 } };
    if (method === "GET" && parts.length === 2) {
      const duplicates = [...e.byId.entries()]
        .filter(([, v]) => v.count > 1)
        .map(([requestId, v]) => ({ requestId, ...v }));
      let perUserMax = 0;
      for (const u of ctx.state.customers) perUserMax = Math.max(perUserMax, u.pushCount ?? 0);
      return {
        status: 200,
        body: {
          total: e.total,
          distinct: e.byId.size,
          untracked: e.untracked,
          duplicates,
          perUserMaxPushes: perUserMax,
          pushStats: ctx.state.pushStats,
        },
      };
    }
  }
  return undefined;
}

/** Control API: what the FE's getAuthCode would hand out — single use, 6 minutes. */
export function makeAuthCode(
  ctx: Ctx,
  customerId?: string,
  phone?: string,
): { auth_code: string; expires_at: string } | string {
  const c = customerId
    ? customerById(ctx.state, customerId)
    : phone
      ? customerByPhone(ctx.state, phone.replace(/\D/g, ""))
      : undefined;
  if (!c)
    return customerId || phone ? `No customer ${customerId ?? phone}` : "customerId or phone is required";
  const code = `AC-${randomUUID()}`;
  const expiresAt = ctx.clock.now() + MINIAPP_AUTH_CODE_TTL_MS;
  ctx.state.authCodes.push({ code, customerId: c.id, expiresAt, used: false, reusable: false });
  ctx.touch();
  return { auth_code: code, expires_at: new Date(expiresAt).toISOString() };
}
