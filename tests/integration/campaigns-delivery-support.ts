import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { campaignRecipients, campaigns, campaignTemplates, customers } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import type { GopayClient } from "~/gopay/index.server";
import { encryptSecret } from "~/lib/crypto.server";
import { resetEnvCache } from "~/env.server";
import type { CampaignKind, CampaignStatus, Zone } from "~/services/campaigns/types";
import { startSandbox, type Sandbox } from "../../sandbox/server";
import { sandboxControl } from "../support/sandbox-control";

/**
 * Campaign delivery tests: a real sandbox in-process on a free port, a real GoPay client pointed
 * at it, audiences made of sandbox mini-app users (POST /_sandbox/miniapp/users) stored as our
 * customers with their tokens sealed, and campaigns inserted as the draft wizard leaves them.
 */
import { ENCRYPTION_KEY, makeClient, MINIAPP } from "./campaigns-delivery-client";

export { ENCRYPTION_KEY, MINIAPP };

export function useCampaignSandbox(): { readonly sb: Sandbox; readonly client: GopayClient } {
  let sb: Sandbox | undefined;
  let client: GopayClient | undefined;
  beforeAll(async () => {
    process.env.DATA_ENCRYPTION_KEY = ENCRYPTION_KEY;
    resetEnvCache();
    sb = await startSandbox({
      port: 0,
      miniappClientId: MINIAPP.clientId,
      miniappClientSecret: MINIAPP.clientSecret,
      sweepIntervalMs: 60_000,
    });
    client = makeClient(sb.url);
  });
  afterAll(async () => {
    await sb?.close();
  });
  return {
    get sb() {
      if (!sb) throw new Error("sandbox not started");
      return sb;
    },
    get client() {
      if (!client) throw new Error("sandbox not started");
      return client;
    },
  };
}

export const control = <T = unknown>(sb: { url: string }, path: string, body?: unknown, method?: string) =>
  sandboxControl<T>(sb.url, path, body, method);

export interface Effects {
  total: number;
  distinct: number;
  duplicates: { requestId: string; count: number }[];
  perUserMaxPushes: number;
}

export async function templateRow(
  db: DbOrTx,
  kind: CampaignKind = "push",
): Promise<{ id: string; name: string }> {
  const name = kind === "push" ? "HK_PDS_NOTIFY" : "LOKET_PAYMENT_REMINDER";
  const [row] = await db
    .insert(campaignTemplates)
    .values({
      name,
      kind,
      params:
        kind === "push"
          ? [
              { name: "title", type: "text", min: 1, max: 40 },
              { name: "body", type: "text", min: 1, max: 160 },
            ]
          : [
              { name: "description", type: "text", min: 50, max: 70 },
              { name: "cta", type: "text", min: 7, max: 8 },
            ],
    })
    .onConflictDoUpdate({ target: campaignTemplates.name, set: { kind } })
    .returning();
  return { id: row!.id, name };
}

export interface Audience {
  campaignId: string;
  customerIds: string[];
}

/**
 * A campaign with `n` recipients, each a fresh sandbox user (a token GoPay knows) unless `badTokens`
 * names positions whose stored token GoPay will refuse. Inserted as the wizard leaves a draft;
 * `status` (default 'sending', all rows due now) skips scheduling when a test does not need it.
 */
export async function makeCampaign(
  db: DbOrTx,
  sb: { url: string },
  n: number,
  opts: {
    /** Keep the default quiet window (21:00–08:00); otherwise none, so a test does not depend on the hour it runs. */
    quiet?: boolean;
    kind?: CampaignKind;
    status?: CampaignStatus;
    throttle?: number;
    zones?: Zone[];
    badTokens?: number[];
    dueAt?: Date | null;
  } = {},
): Promise<Audience> {
  const kind = opts.kind ?? "push";
  const tpl = await templateRow(db, kind);
  const users: { id: string; phone: string; name: string; authToken: string }[] = [];
  for (let left = n; left > 0; left -= 5_000)
    users.push(...(await control<typeof users>(sb, "/miniapp/users", { count: Math.min(left, 5_000) })));
  const customerIds: string[] = [];
  const custRows = users.map((u, i) => ({
    merchantUserId: `MU-cd-${randomUUID()}`,
    name: u.name,
    searchName: u.name.toLowerCase(),
    phone: u.phone,
    authTokenEnc: encryptSecret(
      opts.badTokens?.includes(i) ? `AT-revoked-${randomUUID()}` : u.authToken,
      ENCRYPTION_KEY,
    ),
  }));
  for (let i = 0; i < custRows.length; i += 1_000) {
    const got = await db
      .insert(customers)
      .values(custRows.slice(i, i + 1_000))
      .returning({ id: customers.id });
    customerIds.push(...got.map((g) => g.id));
  }
  const status = opts.status ?? "sending";
  const [c] = await db
    .insert(campaigns)
    .values({
      name: `Delivery test ${randomUUID().slice(0, 6)}`,
      kind,
      templateId: tpl.id,
      paramSources: {},
      audience: { type: "segment", segment: "test" },
      status,
      schedule: status === "draft" ? null : { mode: "now" },
      throttlePerSecond: opts.throttle ?? 0,
      // No quiet window: the column's default (21:00–08:00 WIB) held every row back when the suite
      // ran in the Jakarta evening (14:00–01:00 UTC), and the delivery tests failed by time of day.
      ...(opts.quiet ? {} : { quietStart: "00:00", quietEnd: "00:00" }),
      startedAt: status === "sending" ? new Date() : null,
    })
    .returning({ id: campaigns.id });
  const dueAt =
    opts.dueAt === undefined ? (status === "draft" ? null : new Date(Date.now() - 1_000)) : opts.dueAt;
  const params: Record<string, string> =
    kind === "push"
      ? { title: "Promo", body: "Your order is on its way" }
      : { description: "Your order is waiting for payment, finish it in the app now ok", cta: "Pay now" };
  const recs = customerIds.map((customerId, i) => ({
    campaignId: c!.id,
    customerId,
    zone: opts.zones ? opts.zones[i % opts.zones.length]! : ("WIB" as const),
    params,
    requestId: randomUUID(),
    dueAt,
  }));
  for (let i = 0; i < recs.length; i += 1_000)
    await db.insert(campaignRecipients).values(recs.slice(i, i + 1_000));
  return { campaignId: c!.id, customerIds };
}
