import { SVC } from "./contract";
import { type Ctx } from "./context";
import * as core from "./core";
import { type ApiRequest, json } from "./http";
import * as mini from "./miniapp";
import { snapError } from "./snap-guard";
import * as snap from "./snap";
import { type StoredResponse } from "./state";

export type Family = "snap" | "core" | "miniapp";
export type Route = {
  method: string;
  re: RegExp;
  op: string;
  family: Family;
  run: (ctx: Ctx, req: ApiRequest) => StoredResponse | Promise<StoredResponse>;
};

const bearer = { auth: "bearer", requestId: "mandatory" } as const;

/** Every GoPay path the sandbox answers, at the contract's paths. Order matters (specific first). */
export const ROUTES: Route[] = [
  { method: "POST", re: /^\/v1\.0\/access-token\/b2b$/, op: "snap.token", family: "snap", run: snap.accessToken },
  { method: "POST", re: /^\/v1\.0\/debit\/payment-host-to-host$/, op: "snap.payment", family: "snap", run: snap.payment },
  { method: "POST", re: /^\/v1\.0\/debit\/status$/, op: "snap.status", family: "snap", run: snap.status },
  { method: "POST", re: /^\/v1\.0\/debit\/cancel$/, op: "snap.cancel", family: "snap", run: snap.cancel },
  { method: "POST", re: /^\/v1\.0\/debit\/refund$/, op: "snap.refund", family: "snap", run: snap.refund },

  { method: "POST", re: /^\/v2\/pay\/account$/, op: "core.payAccount.create", family: "core", run: (c, r) => core.coreCall(c, r, (b) => core.createPayAccount(c, b)) },
  { method: "GET", re: /^\/v2\/pay\/account\/(?<id>[^/]+)$/, op: "core.payAccount.get", family: "core", run: (c, r) => core.coreCall(c, r, () => core.getPayAccount(c, r.params.id)) },
  { method: "POST", re: /^\/v2\/pay\/account\/(?<id>[^/]+)\/unbind$/, op: "core.payAccount.unbind", family: "core", run: (c, r) => core.coreCall(c, r, () => core.unbindPayAccount(c, r.params.id)) },
  { method: "POST", re: /^\/v2\/charge$/, op: "core.charge", family: "core", run: (c, r) => core.coreCall(c, r, (b) => core.charge(c, b, core.notifyTargets(r))) },
  { method: "POST", re: /^\/v2\/capture$/, op: "core.capture", family: "core", run: (c, r) => core.coreCall(c, r, (b) => core.capture(c, b)) },
  { method: "POST", re: /^\/v2\/(?<id>[^/]+)\/cancel$/, op: "core.cancel", family: "core", run: (c, r) => core.coreCall(c, r, () => core.cancelTx(c, r.params.id)) },
  { method: "POST", re: /^\/v2\/(?<id>[^/]+)\/refund$/, op: "core.refund", family: "core", run: (c, r) => core.coreCall(c, r, (b) => core.refundTx(c, r.params.id, b)) },
  // refund/online/direct: ★ GoPay refunds at once, so the direct refund is the same refund (same refund_key rules).
  { method: "POST", re: /^\/v2\/(?<id>[^/]+)\/refund\/online\/direct$/, op: "core.refundDirect", family: "core", run: (c, r) => core.coreCall(c, r, (b) => core.refundTx(c, r.params.id, b)) },
  { method: "POST", re: /^\/v2\/(?<id>[^/]+)\/expire$/, op: "core.expire", family: "core", run: (c, r) => core.coreCall(c, r, () => core.expireTx(c, r.params.id)) },
  { method: "POST", re: /^\/v2\/(?<id>[^/]+)\/(approve|deny)$/, op: "core.challenge", family: "core", run: (c, r) => core.coreCall(c, r, () => core.challengeTx(c, r.params.id)) },
  { method: "GET", re: /^\/v2\/(?<id>[^/]+)\/status$/, op: "core.status", family: "core", run: (c, r) => core.coreCall(c, r, () => core.statusTx(c, r.params.id)) },

  { method: "POST", re: /^\/v1\/mini-apps\/authorizations\/token$/, op: "miniapp.token", family: "miniapp", run: (c, r) => mini.miniCall(c, r, { auth: "basic", requestId: "optional" }, (b) => mini.token(c, b)) },
  { method: "GET", re: /^\/v1\/mini-apps\/users\/profile$/, op: "miniapp.profile", family: "miniapp", run: (c, r) => mini.miniCall(c, r, bearer, (_b, u) => mini.profile(u!)) },
  { method: "POST", re: /^\/v1\/mini-apps\/(cashback|rewards)$/, op: "miniapp.cashback", family: "miniapp", run: (c, r) => mini.miniCall(c, r, bearer, (b, u) => mini.cashback(c, b, u!)) },
  // Sandbox stand-in (no documented GoPay API): the merchant coin wallet balance, as the merchant portal shows it.
  { method: "GET", re: /^\/v1\/mini-apps\/wallet\/balance$/, op: "miniapp.walletBalance", family: "miniapp", run: (c, r) => mini.miniCall(c, r, { auth: "basic", requestId: "optional" }, () => mini.walletBalance(c)) },
  { method: "PUT", re: /^\/v1\/mini-apps\/reminder$/, op: "miniapp.reminder.create", family: "miniapp", run: (c, r) => mini.miniCall(c, r, { auth: "bearer", requestId: "optional" }, (b, u) => mini.createReminder(c, b, u!, r.headers["request-id"] as string | undefined)) },
  { method: "DELETE", re: /^\/v1\/mini-apps\/reminder\/(?<id>[^/]+)$/, op: "miniapp.reminder.delete", family: "miniapp", run: (c, r) => mini.miniCall(c, r, { auth: "bearer", requestId: "optional" }, (_b, u) => mini.deleteReminder(c, r.params.id, u!)) },
  { method: "POST", re: /^\/v1\/mini-apps\/notifications\/push$/, op: "miniapp.push", family: "miniapp", run: (c, r) => mini.miniCall(c, r, bearer, (b, u) => mini.push(c, b, u!)) },
];

export const OPS = ROUTES.map((r) => r.op);

const SNAP_SVC: Record<string, string> = {
  "snap.token": SVC.token,
  "snap.payment": SVC.payment,
  "snap.status": SVC.status,
  "snap.cancel": SVC.cancel,
  "snap.refund": SVC.refund,
};

/** An injected 5xx in the API's own format (contract 1.4 / 2.4 / 3). */
export function faultResponse(route: Route, http: 500 | 503 | 504): StoredResponse {
  const message = http === 500 ? "Internal Server Error" : http === 503 ? "Service Unavailable" : "Timeout";
  if (route.family === "snap") return snapError(http, SNAP_SVC[route.op], http === 500 ? "01" : "00", message);
  if (route.family === "core") return json(http, { status_code: String(http), status_message: message });
  return json(http, { success: false, error: { code: "900", description: message } });
}

export function match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.re.exec(path);
    if (m) return { route, params: { ...(m.groups ?? {}) } };
  }
  return undefined;
}
