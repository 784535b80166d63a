import { and, eq, lt, or, sql } from "drizzle-orm";
import { operations, type OperationStatus } from "~db/schema";
import { db, type DbOrTx } from "~/db/client.server";
import { isGopayError } from "~/gopay/errors";
import { redact } from "~/services/audit.server";
import type { OperationKind } from "./kinds";

/**
 * The operation row: every call to GoPay that changes something has one BEFORE the call, keyed by
 * (kind, idempotency key). One intent → one key → one row → at most one effect at GoPay:
 * a double click, a second tab or a retried request finds the existing row and does not call again.
 *
 *   claimOperation (inside the caller's transaction, with its business-rule check)
 *   → commit → executeOperation (the HTTP call, outside any transaction)
 *   → succeeded | failed | unknown; unknown is settled later by a status query (resolve job).
 */
export type Operation = typeof operations.$inferSelect;

export interface OperationInput {
  kind: OperationKind;
  idempotencyKey: string;
  orderId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  amount?: bigint | null;
  request?: unknown;
  actorId?: string | null;
  actorLabel?: string | null;
}

/** Inserts the row if this intent has none yet; otherwise returns the existing one (created = false). */
export async function claimOperation(
  tx: DbOrTx,
  input: OperationInput,
): Promise<{ op: Operation; created: boolean }> {
  const [inserted] = await tx
    .insert(operations)
    .values({
      kind: input.kind,
      idempotencyKey: input.idempotencyKey,
      orderId: input.orderId ?? null,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      amount: input.amount ?? null,
      request: input.request === undefined ? null : (redact(toJsonSafe(input.request)) as object),
      actorId: input.actorId ?? null,
      actorLabel: input.actorLabel ?? null,
      status: "pending",
    })
    .onConflictDoNothing({ target: [operations.kind, operations.idempotencyKey] })
    .returning();
  if (inserted) return { op: inserted, created: true };
  const existing = await findOperation(tx, input.kind, input.idempotencyKey);
  if (!existing) throw new Error(`operation ${input.kind}/${input.idempotencyKey} vanished`);
  return { op: existing, created: false };
}

export async function findOperation(tx: DbOrTx, kind: OperationKind, idempotencyKey: string): Promise<Operation | undefined> {
  const [row] = await tx
    .select()
    .from(operations)
    .where(and(eq(operations.kind, kind), eq(operations.idempotencyKey, idempotencyKey)))
    .limit(1);
  return row;
}

export type OperationOutcome<T> =
  | { status: "succeeded"; result: T; op: Operation }
  | { status: "failed"; message: string; responseCode?: string; op: Operation }
  | { status: "unknown"; message: string; op: Operation };

/**
 * Makes the GoPay call of a claimed operation and records what happened on the same row.
 * Never call this inside a transaction. Only a GopayError that says the request was not applied
 * marks the row failed; a timeout, a dropped connection after sending or any unexpected error
 * marks it unknown (settled by a status query, never by a second submit with a new key).
 */
export async function executeOperation<T>(
  op: Operation,
  call: () => Promise<T>,
  opts: { responseCodeOf?: (result: T) => string | undefined; database?: DbOrTx } = {},
): Promise<OperationOutcome<T>> {
  const database = opts.database ?? db();
  await database
    .update(operations)
    .set({ attempts: sql`${operations.attempts} + 1`, updatedAt: new Date() })
    .where(eq(operations.id, op.id));
  try {
    const result = await call();
    const updated = await settleOperation(database, op.id, "succeeded", {
      response: result,
      responseCode: opts.responseCodeOf?.(result),
    });
    return { status: "succeeded", result, op: updated ?? op };
  } catch (err) {
    if (isGopayError(err) && !err.outcomeUnknown) {
      const updated = await settleOperation(database, op.id, "failed", {
        response: err.body,
        responseCode: err.responseCode,
        errorMessage: err.message,
      });
      return { status: "failed", message: err.message, responseCode: err.responseCode, op: updated ?? op };
    }
    const message = err instanceof Error ? err.message : String(err);
    const updated = await settleOperation(database, op.id, "unknown", {
      response: isGopayError(err) ? err.body : undefined,
      responseCode: isGopayError(err) ? err.responseCode : undefined,
      errorMessage: message,
    });
    return { status: "unknown", message, op: updated ?? op };
  }
}

/**
 * Records an outcome. Monotonic: a settled row (succeeded/failed) is never changed again, so a
 * late duplicate (a job and a webhook racing) cannot flip it.
 */
export async function settleOperation(
  database: DbOrTx,
  id: string,
  status: OperationStatus,
  fields: { response?: unknown; responseCode?: string | null; errorMessage?: string | null },
): Promise<Operation | undefined> {
  const final = status === "succeeded" || status === "failed";
  const [row] = await database
    .update(operations)
    .set({
      status,
      response: fields.response === undefined ? undefined : (redact(toJsonSafe(fields.response)) as object),
      responseCode: fields.responseCode ?? undefined,
      errorMessage: fields.errorMessage ?? (status === "succeeded" ? null : undefined),
      updatedAt: new Date(),
      settledAt: final ? new Date() : undefined,
    })
    .where(and(eq(operations.id, id), or(eq(operations.status, "pending"), eq(operations.status, "unknown"))))
    .returning();
  return row;
}

/**
 * The one exception to "a settled row never changes": GoPay's own record (status / notification)
 * shows the operation took effect although the row says failed, e.g. a refund booked failed
 * before this was fixed and applied late by GoPay. What GoPay did wins; the caller writes the
 * audit row and the timeline event that say so. Returns the row if it changed.
 */
export async function reconcileOperation(
  database: DbOrTx,
  id: string,
  fields: { response?: unknown; reason: string },
): Promise<Operation | undefined> {
  const [row] = await database
    .update(operations)
    .set({
      status: "succeeded",
      response: fields.response === undefined ? undefined : (redact(toJsonSafe(fields.response)) as object),
      errorMessage: `reconciled: ${fields.reason}`,
      updatedAt: new Date(),
      settledAt: new Date(),
    })
    .where(and(eq(operations.id, id), eq(operations.status, "failed")))
    .returning();
  return row;
}

/** Operations whose outcome is not known: unknown ones, and pending ones older than `staleMs` (a crash mid-call). */
export async function listUnsettled(database: DbOrTx, opts: { staleMs: number; limit: number; kind?: OperationKind }) {
  const staleBefore = new Date(Date.now() - opts.staleMs);
  return database
    .select()
    .from(operations)
    .where(
      and(
        or(eq(operations.status, "unknown"), and(eq(operations.status, "pending"), lt(operations.updatedAt, staleBefore))),
        opts.kind ? eq(operations.kind, opts.kind) : undefined,
      ),
    )
    .orderBy(operations.updatedAt)
    .limit(opts.limit);
}

/** bigint → string, Date → ISO, so a GoPay result can be stored as JSON. */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSafe(v)]));
  }
  return value;
}
