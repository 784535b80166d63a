import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { customers, orders } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import type { GopayClient } from "~/gopay/index.server";
import { encryptSecret } from "~/lib/crypto.server";
import { createTemplate, DEMO_TEMPLATES } from "~/services/campaigns/templates.server";
import { reminderTemplateByName } from "~/services/reminders/registry.server";
import { makeStaff } from "./auth-helpers";
import type { Sandbox } from "../../sandbox/server";
import { control, sandboxOrder } from "./refunds-support";

/** Shared by the reminders-* tests: sandbox customers as Loket customers, their pending orders, and the sandbox's own view of reminders. */

export interface SandboxCustomer {
  id: string;
  name: string;
  phone: string;
  authToken: string;
}

export interface SandboxReminder {
  reminderId: string;
  customerId: string;
  template: string;
  params: Record<string, string>;
  deleted: boolean;
}

/**
 * The reminder templates the sandbox knows, registered in Loket's registry the way a campaign
 * manager does at /campaigns/templates (createTemplate, audited): reminders read nothing else.
 * Returns LOKET_PAYMENT_REMINDER as the registry holds it.
 */
export async function registerReminderTemplates(db: DbOrTx) {
  const manager = await makeStaff(db, "campaigns");
  for (const t of DEMO_TEMPLATES.filter((x) => x.kind === "reminder")) {
    const r = await createTemplate(db, t, { id: manager.id, email: manager.email });
    if (!r.ok) throw new Error(`could not register ${t.name}: ${r.key}`);
  }
  const payment = await reminderTemplateByName(db, "LOKET_PAYMENT_REMINDER");
  if (!payment) throw new Error("LOKET_PAYMENT_REMINDER is not in the registry");
  return { manager, payment };
}

export async function sandboxCustomers(sb: Sandbox): Promise<SandboxCustomer[]> {
  return (await control(sb, "/customers")) as SandboxCustomer[];
}

/** A Loket customer for the sandbox's customer #n, with their mini-app token sealed (or none: never opened the mini app). */
export async function loketCustomer(db: DbOrTx, sb: Sandbox, n: number, opts: { token?: boolean } = {}) {
  const sc = (await sandboxCustomers(sb))[n]!;
  const [row] = await db
    .insert(customers)
    .values({
      merchantUserId: `mu-${sc.id}-${randomUUID().slice(0, 6)}`,
      name: sc.name,
      searchName: sc.name.toLowerCase(),
      phone: sc.phone,
      authTokenEnc: opts.token === false ? null : encryptSecret(sc.authToken),
    })
    .returning();
  return { customer: row!, sandboxId: sc.id };
}

/** A pending deeplink order at the sandbox and in Loket, the customer's, created `ageHours` ago. */
export async function pendingOrder(
  db: DbOrTx,
  client: GopayClient,
  sb: Sandbox,
  customerId: string | null,
  ageHours = 0,
) {
  const o = await sandboxOrder(db, client, sb, { paid: false, amount: 150_000_00n });
  const [row] = await db
    .update(orders)
    .set({ customerId, createdAt: new Date(Date.now() - ageHours * 3_600_000) })
    .where(eq(orders.id, o.id))
    .returning();
  return row!;
}

export async function sandboxReminders(sb: Sandbox): Promise<SandboxReminder[]> {
  return ((await control(sb, "/miniapp")) as { reminders: SandboxReminder[] }).reminders;
}

/** The sandbox's log of calls for an operation, with the Request-Id each carried. */
export async function sandboxCalls(sb: Sandbox, op: "miniapp.reminder.create" | "miniapp.reminder.delete") {
  const log = (await control(sb, `/requests?op=${op}`)) as {
    headers: Record<string, string>;
    status: number | string;
    fault?: string;
  }[];
  return log.map((r) => ({ requestId: r.headers["request-id"], status: r.status, fault: r.fault }));
}
