import { SNAP_STATUS_DESC } from "./contract";
import { type Ctx } from "./context";
import * as core from "./core";
import { campaignControl, makeAuthCode } from "./miniapp";
import * as snap from "./snap";
import { seedState } from "./state";

export type ControlResult = { status: number; body: unknown };
const ok = (body: unknown = { ok: true }): ControlResult => ({ status: 200, body });
const err = (status: number, error: string): ControlResult => ({ status, body: { error } });
const done = (e: string | undefined): ControlResult => (e ? err(409, e) : ok());

/** An optional amount in sen from a control body (number or digits); NaN for anything else, refused by the callee. */
const optionalSen = (v: unknown): number | undefined => (v === undefined || v === "" ? undefined : typeof v === "number" ? v : /^\d{1,15}$/.test(String(v)) ? Number(v) : NaN);

/** Runs one sweep: due SNAP expiries, due hold expiries, due notifications. */
export async function sweep(ctx: Ctx): Promise<void> {
  snap.expireDue(ctx);
  core.expireHoldsDue(ctx);
  await ctx.notifier.deliverDue();
}

function summary(ctx: Ctx) {
  const s = ctx.state;
  const count = <T>(xs: T[], key: (x: T) => string) =>
    xs.reduce<Record<string, number>>((acc, x) => ((acc[key(x)] = (acc[key(x)] ?? 0) + 1), acc), {});
  return {
    now: new Date(ctx.clock.now()).toISOString(),
    clockOffsetMs: ctx.clock.offsetMs,
    snapPayments: count(s.snapPayments, (p) => `${p.status} ${SNAP_STATUS_DESC[p.status]}`),
    coreTransactions: count(s.coreTransactions, (t) => t.status),
    payAccounts: count(s.payAccounts, (a) => a.status),
    customers: s.customers.length,
    coinWalletRupiah: s.coinWalletRupiah,
    cashbacks: s.cashbacks.length,
    reminders: s.reminders.filter((r) => !r.deleted).length,
    pushes: s.pushStats.total,
    notifications: count(ctx.notifier.outbox, (e) => e.state),
    faults: ctx.faults.rules.length,
    requests: ctx.requests.length,
    notifyUrl: ctx.config.notifyUrl ?? null,
    coreNotifyUrl: ctx.config.coreNotifyUrl ?? null,
  };
}

/** The control API under /_sandbox/ (documented in README.md). `body` is parsed JSON or form fields. */
export async function control(ctx: Ctx, method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): Promise<ControlResult | undefined> {
  const parts = path.replace(/^\/_sandbox\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const [a, b, c] = parts;
  const s = (k: string) => (typeof body[k] === "string" && body[k] !== "" ? (body[k] as string) : undefined);

  if (method === "POST" && a === "reset" && parts.length === 1) {
    ctx.state = seedState();
    ctx.clock.offsetMs = 0;
    ctx.faults.clear();
    ctx.notifier.clear();
    ctx.requests.length = 0;
    ctx.touch();
    return ok();
  }
  if (method === "GET" && a === "state") return ok(summary(ctx));
  if (a === "requests" && parts.length === 1) {
    if (method === "DELETE") {
      ctx.requests.length = 0;
      return ok();
    }
    const op = query.get("op");
    const m = query.get("method");
    const p = query.get("path");
    return ok(ctx.requests.filter((r) => (!op || r.op === op) && (!m || r.method === m.toUpperCase()) && (!p || r.path.startsWith(p))));
  }
  if (a === "snap" && b === "payments") {
    if (method === "GET" && parts.length === 2) return ok(ctx.state.snapPayments);
    if (method === "POST" && parts.length === 3 && c === "bulk") {
      const made = snap.createPaymentsInBulk(ctx, body);
      return typeof made === "string" ? err(400, made) : ok({ referenceNos: made });
    }
    if (method === "POST" && parts.length === 4 && c) {
      const action = parts[3];
      if (action === "pay") return done(snap.customerPays(ctx, c, s("payOption"), s("customerId")));
      if (action === "decline") return done(snap.customerEnds(ctx, c, "declined"));
      if (action === "expire") return done(snap.customerEnds(ctx, c, "expired"));
      // A refund at GoPay behind the merchant's back (no notification); {amountSen?} (default: the rest)
      if (action === "refund-behind") return done(snap.refundBehindMerchant(ctx, c, optionalSen(body.amountSen)));
    }
  }
  if (a === "pay-accounts") {
    if (method === "GET" && parts.length === 1) return ok(ctx.state.payAccounts);
    if (method === "POST" && parts.length === 3 && b && ["complete", "decline", "unbind", "phone-change"].includes(c!))
      return done(core.payAccountAction(ctx, b, c!));
  }
  if (a === "core" && b === "transactions") {
    if (method === "GET" && parts.length === 2) return ok(ctx.state.coreTransactions);
    if (method === "POST" && parts.length === 4 && parts[3] === "expire") return done(core.expireHoldNow(ctx, c!));
    if (method === "POST" && parts.length === 4 && parts[3] === "refund-behind") return done(core.refundBehindMerchant(ctx, c!, optionalSen(body.amountSen)));
  }
  if (method === "GET" && a === "customers") return ok(ctx.state.customers);
  if (a === "miniapp") {
    const campaignAnswer = campaignControl(ctx, method, parts, body);
    if (campaignAnswer) return campaignAnswer;
    if (method === "GET" && parts.length === 1) {
      const { coinWalletRupiah, cashbacks, reminders, pushes } = ctx.state;
      return ok({ coinWalletRupiah, cashbacks, reminders, pushes });
    }
    if (method === "POST" && b === "auth-codes") {
      const r = makeAuthCode(ctx, s("customerId"), s("phone"));
      return typeof r === "string" ? err(400, r) : ok(r);
    }
  }
  if (method === "POST" && a === "coins" && b === "top-up") {
    const v = body.rupiah;
    const n = typeof v === "number" ? v : typeof v === "string" && /^\d{1,13}$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n <= 0) return err(400, "rupiah must be a positive whole number");
    ctx.state.coinWalletRupiah += n;
    ctx.touch();
    return ok({ coinWalletRupiah: ctx.state.coinWalletRupiah });
  }
  if (method === "POST" && a === "coins" && b === "wallet" && parts.length === 2) {
    const v = body.rupiah;
    const n = typeof v === "number" ? v : typeof v === "string" && /^\d{1,13}$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < 0) return err(400, "rupiah must be a whole number ≥ 0");
    ctx.state.coinWalletRupiah = n;
    ctx.touch();
    return ok({ coinWalletRupiah: n });
  }
  if (method === "POST" && a === "coins" && b === "fraud" && parts.length === 2) {
    const c = ctx.state.customers.find(
      (x) =>
        x.id === s("customerId") || (s("phone") !== undefined && x.phone === s("phone")!.replace(/\D/g, "")),
    );
    if (!c) return err(404, `No customer ${s("customerId") ?? s("phone") ?? ""}`.trim());
    c.coinsFraud = body.on !== false && body.on !== "false";
    ctx.touch();
    return ok({ customerId: c.id, coinsFraud: c.coinsFraud });
  }
  if (a === "clock") {
    if (method === "POST") {
      if (body.advanceSeconds !== undefined) {
        const n = Number(body.advanceSeconds);
        if (!Number.isFinite(n) || n < 0) return err(400, "advanceSeconds must be ≥ 0 (the clock never goes back)");
        ctx.clock.advance(Math.round(n * 1000));
      } else if (body.offsetMs !== undefined) {
        const n = Number(body.offsetMs);
        if (!Number.isInteger(n)) return err(400, "offsetMs must be an integer");
        ctx.clock.offsetMs = n;
      } else return err(400, "give advanceSeconds or offsetMs");
      ctx.state.clockOffsetMs = ctx.clock.offsetMs;
      ctx.touch();
      await sweep(ctx);
    }
    return ok({ now: new Date(ctx.clock.now()).toISOString(), offsetMs: ctx.clock.offsetMs });
  }
  if (method === "POST" && a === "tick") {
    await sweep(ctx);
    return ok();
  }
  if (method === "GET" && a === "notifications") return ok(ctx.notifier.outbox);
  if (a === "faults") {
    if (method === "GET" && parts.length === 1) return ok(ctx.faults.rules);
    if (method === "DELETE" && parts.length === 1) {
      ctx.faults.clear();
      return ok();
    }
    if (method === "DELETE" && b) return ctx.faults.remove(b) ? ok() : err(404, `No fault ${b}`);
    if (method === "POST" && parts.length === 1) {
      const rule = ctx.faults.add(body);
      return typeof rule === "string" ? err(400, rule) : ok(rule);
    }
  }
  return undefined;
}
