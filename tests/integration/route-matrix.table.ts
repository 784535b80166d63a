import type { Permission } from "~/auth/permissions";

/**
 * What every route module in app/routes/ requires. tests/integration/route-matrix.test.ts lists
 * app/routes/ at run time and FAILS for a file without an entry here (and for an entry whose file
 * is gone), then calls each loader/action directly as every role and signed out.
 *
 * Adding a route: add `"<file name>": { path, loader, action }` below.
 *   - `path`: a sample URL path for the request (fill in params), e.g. "/orders/ORD-1".
 *   - `params`: the route params the loader/action receives, e.g. { orderId: "ORD-1" }.
 *   - `loader` / `action`: "public" (anyone, never 401/403), "signed-in" (any role), a Permission,
 *     or omit it when the module exports no loader/action (the test checks that too).
 *   - An action switched on `intent`: `{ intents: { refund: "orders:refund", … }, forms?: { refund: {…} } }`.
 *     `forms` holds sample fields sent with that intent (default: only `intent`). The test also
 *     posts an unknown intent as a permitted role and expects 400.
 *
 * Expectations: not permitted → 403; signed out → redirect to /login (GET loaders) or 401
 * (actions); permitted → anything but 401/403. Every POST carries our Origin.
 */
/** "api-key": merchant API (Authorization: Bearer <API key>); a staff session gives no access → 401 for everyone. */
/** "signature": a webhook verified by its signature; without one it must not answer 2xx to anyone (a session grants nothing). */
export type Access = "public" | "signed-in" | "api-key" | "signature" | Permission;

export interface IntentAction {
  intents: Record<string, Access>;
  forms?: Record<string, Record<string, string>>;
}

export interface RouteEntry {
  path: string;
  params?: Record<string, string>;
  loader?: Access;
  action?: Access | IntentAction;
  /** Fields posted to a plain (non-intent) action. */
  form?: Record<string, string>;
}

// A uuid no staff row has: staff intents then answer 400 ("no longer exists") instead of changing anyone.
const NO_STAFF = "00000000-0000-4000-8000-000000000000";
/** A well-formed capture / release of a hold that does not exist (/holds and an order's page take both). */
const HOLD_FORMS = {
  capture: { holdId: "00000000-0000-4000-8000-000000000001", idempotencyKey: "00000000-0000-4000-8000-000000000002" },
  release: { holdId: "00000000-0000-4000-8000-000000000001", idempotencyKey: "00000000-0000-4000-8000-000000000003", reason: "route matrix" },
};

export const ROUTE_MATRIX: Record<string, RouteEntry> = {
  "$.tsx": { path: "/no-such-page", params: { "*": "no-such-page" }, loader: "public" },
  "healthz.ts": { path: "/healthz", loader: "public" },
  "_auth.tsx": { path: "/login" },
  "_auth.login.tsx": {
    path: "/login",
    loader: "public",
    action: "public",
    form: { email: "", password: "" },
  },
  // The second-factor steps: without a pending sign-in (password first) both answer with a redirect to /login.
  "_auth.login_.code.tsx": {
    path: "/login/code",
    loader: "public",
    action: "public",
    form: { code: "000000" },
  },
  "_auth.login_.enrol.tsx": {
    path: "/login/enrol",
    loader: "public",
    action: "public",
    form: { code: "000000" },
  },
  // Every role's own sign-in settings; the sample forms are refused (wrong code, passwords differ, not enrolled).
  "_app.settings_.security.tsx": {
    path: "/settings/security",
    loader: "account:security",
    action: {
      intents: {
        enrol: "account:security",
        "regenerate-codes": "account:security",
        "change-password": "account:security",
      },
      forms: {
        enrol: { code: "000000" },
        "change-password": { password: "a long enough password 1", repeat: "another long password 2" },
      },
    },
  },
  "reauth.tsx": {
    path: "/reauth",
    action: {
      intents: { reauth: "account:security" },
      forms: { reauth: { password: "not the password", code: "000000" } },
    },
  },
  "logout.tsx": { path: "/logout", loader: "public", action: "public" },
  "language.tsx": {
    path: "/language",
    loader: "public",
    action: "public",
    form: { language: "auto", redirectTo: "/" },
  },
  "_app.tsx": { path: "/", loader: "signed-in" },
  "_app._index.tsx": { path: "/", loader: "overview:read" },
  "_app.orders._index.tsx": { path: "/orders", loader: "orders:read" },
  "_app.orders.$orderId.tsx": {
    path: "/orders/ORD-1",
    params: { orderId: "ORD-1" },
    loader: "orders:read",
    action: {
      intents: { refund: "orders:refund", cancel: "orders:cancel", resync: "orders:resync", capture: "holds:capture", release: "holds:release" },
      forms: HOLD_FORMS,
    },
  },
  "_app.orders.export[.csv].ts": { path: "/orders/export.csv", loader: "orders:export" },
  "_app.holds._index.tsx": {
    path: "/holds",
    loader: "holds:read",
    action: {
      intents: { capture: "holds:capture", release: "holds:release" },
      forms: HOLD_FORMS,
    },
  },
  "_app.holds.bulk-release.tsx": {
    path: "/holds/bulk-release",
    // A GET (a reload, an opened link) is sent on to /holds, which checks holds:read itself.
    loader: "signed-in",
    action: {
      intents: { release: "holds:release" },
      forms: {
        release: {
          holdId: "00000000-0000-4000-8000-000000000001",
          idempotencyKey: "00000000-0000-4000-8000-000000000004",
          reason: "route matrix",
        },
      },
    },
  },
  "_app.accounts._index.tsx": {
    path: "/accounts",
    loader: "accounts:read",
    action: {
      intents: { "start-linking": "accounts:manage" },
      forms: { "start-linking": { phone: "", idempotencyKey: "bad" } },
    },
  },
  "_app.accounts.$accountId.tsx": {
    path: "/accounts/NO-SUCH-ACCOUNT",
    params: { accountId: "NO-SUCH-ACCOUNT" },
    loader: "accounts:read",
    action: {
      intents: { refresh: "accounts:manage", unbind: "accounts:manage" },
      forms: { unbind: { idempotencyKey: "bad", reason: "" } },
    },
  },
  "_app.accounts.unbind-events.tsx": { path: "/accounts/unbind-events", loader: "accounts:read" },
  "_app.customers._index.tsx": { path: "/customers?q=wij", loader: "customers:read" },
  // An unknown customer: the permitted roles get a 404 (not 401/403), the others 403.
  "_app.customers.$customerId.tsx": {
    path: "/customers/00000000-0000-4000-8000-000000000000",
    params: { customerId: "00000000-0000-4000-8000-000000000000" },
    loader: "customers:read",
    action: { intents: { setZone: "customers:edit" }, forms: { setZone: { zone: "WITA" } } },
  },
  "_app.accounts.unbind-events[.csv].tsx": { path: "/accounts/unbind-events.csv", loader: "accounts:export" },
  "_app.campaigns._index.tsx": { path: "/campaigns", loader: "campaigns:read" },
  "_app.campaigns.templates.tsx": {
    path: "/campaigns/templates",
    loader: "campaigns:read",
    action: { intents: { create: "campaigns:manage", update: "campaigns:manage", archive: "campaigns:manage", restore: "campaigns:manage", test: "campaigns:manage" } },
  },
  "_app.campaigns.new.tsx": { path: "/campaigns/new", loader: "campaigns:manage", action: { intents: { check: "campaigns:manage", create: "campaigns:manage" } } },
  "_app.campaigns.$campaignId_.preview.tsx": {
    path: "/campaigns/00000000-0000-4000-8000-00000000c0de/preview",
    params: { campaignId: "00000000-0000-4000-8000-00000000c0de" },
    loader: "campaigns:read",
    action: { intents: { schedule: "campaigns:manage" } },
  },
  // An unknown campaign: the loaders answer 404 to the permitted roles; every intent is refused with 400 (no such campaign).
  "_app.campaigns.$campaignId.tsx": {
    path: "/campaigns/00000000-0000-4000-8000-00000000c0de",
    params: { campaignId: "00000000-0000-4000-8000-00000000c0de" },
    loader: "campaigns:read",
    action: {
      intents: {
        schedule: "campaigns:manage",
        pause: "campaigns:manage",
        resume: "campaigns:manage",
        cancel: "campaigns:manage",
        retryFailed: "campaigns:manage",
      },
    },
  },
  "_app.campaigns.$campaignId_.recipients[.csv].ts": {
    path: "/campaigns/00000000-0000-4000-8000-00000000c0de/recipients.csv",
    params: { campaignId: "00000000-0000-4000-8000-00000000c0de" },
    loader: "campaigns:read",
  },
  "_app.campaigns.$campaignId_.problems[.csv].ts": {
    path: "/campaigns/00000000-0000-4000-8000-00000000c0de/problems.csv",
    params: { campaignId: "00000000-0000-4000-8000-00000000c0de" },
    loader: "campaigns:read",
  },
  "_app.campaigns.reminders.tsx": {
    path: "/campaigns/reminders",
    loader: "campaigns:read",
    action: {
      intents: {
        create: "campaigns:manage",
        bulk: "campaigns:manage",
        delete: "campaigns:manage",
        deleteCampaign: "campaigns:manage",
      },
      // Every sample is refused with 400: no such customer, hours not a number, no such reminder, not a campaign id.
      forms: {
        create: {
          customerId: NO_STAFF,
          requestId: NO_STAFF,
          templateName: "LOKET_PAYMENT_REMINDER",
          description: "Pesanan Anda menunggu pembayaran. Selesaikan sekarang di GoPay.",
          cta: "Bayarkan",
        },
        bulk: { hours: "soon" },
        delete: { id: NO_STAFF },
        deleteCampaign: { campaignId: "not-a-campaign" },
      },
    },
  },
  "_app.coins._index.tsx": {
    path: "/coins",
    loader: "coins:read",
    action: {
      intents: {
        "refresh-wallet": "coins:disburse",
        "set-wallet": "coins:disburse",
        "retry-payout": "coins:disburse",
      },
      // No payout has this id: retry answers 400; a non-amount balance answers 400 at the field.
      forms: {
        "set-wallet": { balance: "not money" },
        "retry-payout": { payoutId: NO_STAFF },
        "refresh-wallet": {},
      },
    },
  },
  "_app.coins.new.tsx": {
    path: "/coins/new",
    loader: "coins:disburse",
    action: {
      intents: { pay: "coins:disburse" },
      forms: {
        pay: {
          customerId: NO_STAFF,
          amount: "not money",
          description: "x",
          reasonCode: "goodwill",
          requestId: "x",
        },
      },
    },
  },
  "_app.coins.export[.csv].ts": { path: "/coins/export.csv", loader: "finance:export" },
  "_app.coins.bulk.tsx": {
    path: "/coins/bulk",
    loader: "coins:disburse",
    action: {
      intents: { check: "coins:disburse", submit: "coins:disburse" },
      forms: { submit: { sha256: "0".repeat(64) } },
    },
  },
  "_app.coins.batches.$batchId.tsx": {
    path: `/coins/batches/${NO_STAFF}`,
    params: { batchId: NO_STAFF },
    loader: "coins:read",
    action: { intents: { resume: "coins:disburse" } },
  },
  "_app.coins.batches.$batchId_.results[.csv].ts": {
    path: `/coins/batches/${NO_STAFF}/results.csv`,
    params: { batchId: NO_STAFF },
    loader: "coins:read",
  },
  "_app.settings.coins.tsx": {
    path: "/settings/coins",
    loader: "settings:limits",
    action: {
      intents: { "save-coin-limits": "settings:limits" },
      forms: { "save-coin-limits": { monthlyBudget: "not money" } },
    },
  },
  "_app.finance._index.tsx": { path: "/finance", loader: "finance:read" },
  // Reconciliation: reading finance:read, running and resolving finance:reconcile; the sample forms are refused (bad days, no run, nothing selected).
  "_app.finance.reconciliation.tsx": {
    path: "/finance/reconciliation",
    loader: "finance:read",
    action: {
      intents: {
        start: "finance:reconcile",
        pause: "finance:reconcile",
        resume: "finance:reconcile",
        cancel: "finance:reconcile",
        resolve: "finance:reconcile",
        ignore: "finance:reconcile",
      },
      forms: { start: { from: "31-02-2026", to: "31-02-2026" } },
    },
  },
  "_app.finance.reconciliation_.export[.csv].ts": { path: "/finance/reconciliation/export.csv", loader: "finance:export" },
  "_app.finance.reports._index.tsx": { path: "/finance/reports", loader: "finance:read" },
  "_app.finance.reports.rows.tsx": {
    path: "/finance/reports/rows?source=payments&from=2026-11-01&to=2026-11-30",
    loader: "finance:read",
  },
  "_app.finance.reports.export[.csv].ts": {
    path: "/finance/reports/export.csv?period=month&month=2026-11",
    loader: "finance:export",
  },
  "_app.finance.reports.rows[.csv].ts": {
    path: "/finance/reports/rows.csv?source=payments&from=2026-11-01&to=2026-11-30",
    loader: "finance:export",
  },
  "_app.approvals._index.tsx": {
    path: "/approvals",
    loader: "approvals:read",
    action: { intents: { approve: "approvals:decide", reject: "approvals:decide" } },
  },
  "_app.audit._index.tsx": { path: "/audit", loader: "audit:read" },
  "_app.audit.export[.csv].ts": { path: "/audit/export.csv", loader: "audit:read" },
  "_app.audit.$entryId.raw.ts": { path: "/audit/1/raw", params: { entryId: "1" }, loader: "audit:read" },
  "_app.settings.tsx": { path: "/settings", loader: "settings:read" },
  // Everyone is sent on: admins to the first tab, other roles to their own security settings.
  "_app.settings._index.tsx": { path: "/settings", loader: "account:security" },
  "_app.settings.staff.tsx": {
    path: "/settings/staff",
    loader: "settings:staff",
    action: {
      intents: {
        create: "settings:staff",
        "change-role": "settings:staff",
        deactivate: "settings:staff",
        reactivate: "settings:staff",
        "reset-password": "settings:staff",
        "reset-second-factor": "settings:staff",
        "end-sessions": "settings:staff",
      },
      forms: {
        create: { email: "not-an-email", name: "", role: "support", password: "" },
        "change-role": { staffId: NO_STAFF, role: "viewer" },
        deactivate: { staffId: NO_STAFF },
        reactivate: { staffId: NO_STAFF },
        "reset-password": { staffId: NO_STAFF, password: "short" },
        "reset-second-factor": { staffId: NO_STAFF },
        "end-sessions": { staffId: NO_STAFF },
      },
    },
  },
  // The idle clock for the warning dialog: GET reads it (signed out: { signedIn: false }), POST is "Stay signed in".
  "session.ts": { path: "/session", loader: "public", action: "signed-in" },
  "_app.settings_.sessions.tsx": {
    path: "/settings/sessions",
    loader: "account:sessions",
    // A session id no row has: "end" answers 400 (already ended).
    action: {
      intents: { end: "account:sessions", "end-others": "account:sessions" },
      forms: { end: { sessionId: "0".repeat(64) } },
    },
  },
  "_app.settings.limits.tsx": {
    path: "/settings/limits",
    loader: "settings:limits",
    action: {
      intents: { "set-refund-limit": "settings:limits" },
      forms: { "set-refund-limit": { role: "viewer", refundLimit: "not money" } },
    },
  },
  // GoPay webhooks (INGEST): verified by signature; a staff session grants nothing. GET answers 405.
  "v1[.]0.debit.notify.ts": { path: "/v1.0/debit/notify", loader: "public", action: "signature" },
  "webhooks.gopay.ts": { path: "/webhooks/gopay", loader: "public", action: "signature" },
  // Merchant API (MERCHANT-API): API-key authenticated; GET answers a JSON 405.
  "api.v1.payments.ts": { path: "/api/v1/payments", loader: "public", action: "api-key" },
  "api.v1.customers.session.ts": { path: "/api/v1/customers/session", loader: "public", action: "api-key" },
  "api.v1.pay-accounts.ts": { path: "/api/v1/pay-accounts", loader: "public", action: "api-key" },
  "api.v1.charges.ts": { path: "/api/v1/charges", loader: "public", action: "api-key" },
  "_app.settings.api-keys.tsx": {
    path: "/settings/api-keys",
    loader: "settings:api-keys",
    action: {
      intents: { create: "settings:api-keys", revoke: "settings:api-keys" },
      forms: { create: { name: "" }, revoke: { keyId: NO_STAFF } },
    },
  },
};
