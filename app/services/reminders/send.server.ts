import { eq, sql } from "drizzle-orm";
import { customers, reminders } from "~db/schema";
import { db as appDb, type Db } from "~/db/client.server";
import { gopay, isGopayError, type GopayClient } from "~/gopay/index.server";
import { decryptSecret } from "~/lib/crypto.server";
import { newIdempotencyKey } from "~/lib/ids.server";
import { audit, type AuditActor } from "~/services/audit.server";

export type ReminderRow = typeof reminders.$inferSelect;

export interface ReminderDeps {
  client?: GopayClient;
  database?: Db;
}

/** The job's name in audit rows (no staff member acts when a job settles a reminder). */
export const JOB_ACTOR: AuditActor = { email: "job:reminders" };

export function deps(d: ReminderDeps = {}): { client: GopayClient; database: Db } {
  return { client: d.client ?? gopay(), database: d.database ?? appDb() };
}

/** The customer's mini-app token, decrypted only here, just before the call; null when they never opened the mini app. */
export async function customerToken(database: Db, customerId: string): Promise<string | null> {
  const [c] = await database
    .select({ enc: customers.authTokenEnc })
    .from(customers)
    .where(eq(customers.id, customerId));
  return c?.enc ? decryptSecret(c.enc) : null;
}

async function load(database: Db, id: string): Promise<ReminderRow | undefined> {
  const [row] = await database.select().from(reminders).where(eq(reminders.id, id));
  return row;
}

interface Failure {
  definite: boolean;
  notFound: boolean;
  httpStatus: number | null;
  code: string | null;
  message: string;
}

function failureOf(err: unknown): Failure {
  if (isGopayError(err)) {
    // A 4xx GoPay answered is its word; a timeout, a dropped answer or a 5xx leaves the outcome unknown.
    const definite = !err.outcomeUnknown && err.httpStatus !== undefined && err.httpStatus < 500;
    return {
      definite,
      notFound: err.httpStatus === 404,
      httpStatus: err.httpStatus ?? null,
      code: err.responseCode ?? null,
      message: err.message.slice(0, 500),
    };
  }
  return {
    definite: false,
    notFound: false,
    httpStatus: null,
    code: null,
    message: err instanceof Error ? err.message.slice(0, 500) : "unexpected error",
  };
}

export interface SendOptions {
  /** Audit the settled outcome under this action (the first send: reminder.create; a later one: reminder.create_resolved). */
  auditAs?: "reminder.create" | "reminder.create_resolved";
  actor?: AuditActor;
}

/**
 * Sends (or sends again) a reminder's creation with its stored Request-Id — never a new one — and
 * settles the row: active with GoPay's reminder id, failed when GoPay refused it, unknown when the
 * answer was lost (a later send of the same Request-Id settles it). A row already marked for
 * deletion keeps that status; it only learns GoPay's reminder id.
 */
export async function sendCreate(
  id: string,
  d: ReminderDeps = {},
  opts: SendOptions = {},
): Promise<ReminderRow | undefined> {
  const { client, database } = deps(d);
  const row = await load(database, id);
  if (!row || row.reminderId || !["creating", "unknown", "deleting"].includes(row.status)) return row;
  const token = await customerToken(database, row.customerId);
  if (!token) {
    // Nothing can be sent without the customer's token. Never sent before → nothing exists at GoPay.
    if (row.attempts > 0) return row;
    return settle(
      database,
      row,
      { status: "failed", gopayMessage: "The customer has no mini-app token (never opened the mini app)." },
      opts,
      "failed",
    );
  }
  await database
    .update(reminders)
    .set({ attempts: sql`${reminders.attempts} + 1`, updatedAt: new Date() })
    .where(eq(reminders.id, id));
  try {
    const r = await client.miniApp.createReminder({
      authToken: token,
      requestId: row.requestId,
      templateName: row.templateName,
      templateParameters: row.params,
    });
    return settle(
      database,
      row,
      { reminderId: r.reminderId, status: "active", httpStatus: 200, gopayCode: null, gopayMessage: null },
      opts,
      "ok",
    );
  } catch (err) {
    const f = failureOf(err);
    const meta = { httpStatus: f.httpStatus, gopayCode: f.code, gopayMessage: f.message };
    if (f.definite) return settle(database, row, { status: "failed", ...meta }, opts, "failed");
    return settle(database, row, { status: "unknown", ...meta }, opts, "unknown");
  }
}

type CreateSettle = Partial<Pick<ReminderRow, "reminderId" | "httpStatus" | "gopayCode" | "gopayMessage">> & {
  status: "active" | "failed" | "unknown";
};

async function settle(
  database: Db,
  before: ReminderRow,
  s: CreateSettle,
  opts: SendOptions,
  result: "ok" | "failed" | "unknown",
): Promise<ReminderRow | undefined> {
  return database.transaction(async (tx) => {
    const { status, ...rest } = s;
    // Monotonic: only a row still waiting for its creation takes the new status; a row marked for
    // deletion meanwhile keeps "deleting" (it learns the reminder id it needs for the removal), and
    // a definite refusal of a row marked for deletion means there is nothing to remove: failed.
    const [after] = await tx
      .update(reminders)
      .set({
        ...rest,
        ...(s.reminderId ? { reminderId: sql`coalesce(${reminders.reminderId}, ${s.reminderId})` } : {}),
        status: sql`case when ${reminders.status} in ('creating', 'unknown') then ${status}
                         when ${reminders.status} = 'deleting' and ${status} = 'failed' then 'failed'
                         else ${reminders.status} end`,
        updatedAt: new Date(),
      })
      .where(eq(reminders.id, before.id))
      .returning();
    const changed = after && after.status !== before.status;
    if (opts.auditAs && (opts.auditAs === "reminder.create" || changed)) {
      await audit(tx, {
        actor: opts.actor ?? JOB_ACTOR,
        action: opts.auditAs,
        targetType: "reminder",
        targetId: before.id,
        idempotencyKey: before.requestId,
        result,
        detail: {
          customerId: before.customerId,
          orderId: before.orderId,
          campaignId: before.campaignId,
          template: before.templateName,
          reminderId: after?.reminderId ?? null,
          status: after?.status,
          gopayCode: s.gopayCode ?? null,
          gopayMessage: s.gopayMessage ?? null,
        },
      });
    }
    return after;
  });
}

/**
 * Removes a reminder marked for deletion at GoPay, with its stored removal Request-Id. A reminder
 * whose creation is not settled is settled first (same Request-Id). GoPay saying "not found" means
 * there is nothing left to remove: deleted. A lost answer leaves it "deleting" for the next try.
 */
export async function sendRemove(
  id: string,
  d: ReminderDeps = {},
  actor: AuditActor = JOB_ACTOR,
): Promise<ReminderRow | undefined> {
  const { client, database } = deps(d);
  let row = await load(database, id);
  if (!row || row.status !== "deleting") return row;
  if (!row.reminderId) {
    row = await sendCreate(id, { client, database }, { auditAs: "reminder.create_resolved", actor });
    if (!row || row.status !== "deleting" || !row.reminderId) return row;
  }
  const token = await customerToken(database, row.customerId);
  if (!token) return row;
  // The removal's Request-Id is written when the deletion is asked (markForDeletion); an older row gets one now, once.
  const [marked] = await database
    .update(reminders)
    .set({
      deleteRequestId: sql`coalesce(${reminders.deleteRequestId}, ${newIdempotencyKey()})`,
      attempts: sql`${reminders.attempts} + 1`,
      updatedAt: new Date(),
    })
    .where(eq(reminders.id, id))
    .returning({ key: reminders.deleteRequestId });
  const key = marked!.key!;
  try {
    await client.miniApp.removeReminder({ authToken: token, requestId: key, reminderId: row.reminderId });
    return settleRemove(
      database,
      row,
      { status: "deleted", httpStatus: 200, gopayCode: null, gopayMessage: null },
      actor,
      "ok",
    );
  } catch (err) {
    const f = failureOf(err);
    const meta = { httpStatus: f.httpStatus, gopayCode: f.code, gopayMessage: f.message };
    if (f.definite && f.notFound)
      return settleRemove(database, row, { status: "deleted", ...meta }, actor, "ok");
    // GoPay refused the removal (not "not found"): the reminder is still there.
    if (f.definite) return settleRemove(database, row, { status: "active", ...meta }, actor, "failed");
    await database
      .update(reminders)
      .set({ ...meta, updatedAt: new Date() })
      .where(eq(reminders.id, id));
    return load(database, id);
  }
}

async function settleRemove(
  database: Db,
  before: ReminderRow,
  s: {
    status: "deleted" | "active";
    httpStatus: number | null;
    gopayCode: string | null;
    gopayMessage: string | null;
  },
  actor: AuditActor,
  result: "ok" | "failed",
): Promise<ReminderRow | undefined> {
  return database.transaction(async (tx) => {
    const now = new Date();
    const [after] = await tx
      .update(reminders)
      .set({
        ...s,
        deletedAt: s.status === "deleted" ? now : null,
        deletedReason: s.status === "deleted" ? before.deletedReason : null,
        updatedAt: now,
      })
      .where(sql`${reminders.id} = ${before.id} and ${reminders.status} = 'deleting'`)
      .returning();
    if (!after) return (await tx.select().from(reminders).where(eq(reminders.id, before.id)))[0];
    await audit(tx, {
      actor,
      action: "reminder.deleted",
      targetType: "reminder",
      targetId: before.id,
      idempotencyKey: after.deleteRequestId,
      result,
      detail: {
        reason: before.deletedReason,
        customerId: before.customerId,
        orderId: before.orderId,
        campaignId: before.campaignId,
        reminderId: before.reminderId,
        status: after.status,
        gopayCode: s.gopayCode,
        gopayMessage: s.gopayMessage,
      },
    });
    return after;
  });
}
