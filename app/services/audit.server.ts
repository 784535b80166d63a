import { auditLog } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";

/**
 * The only writer of audit_log. The table is append-only (a trigger refuses UPDATE/DELETE), so
 * pass the transaction that made the change when there is one: the audit row then commits or
 * rolls back with it.
 */
export type AuditResult = "ok" | "denied" | "failed" | "pending" | "unknown";

/** Actions this module's callers write; other domains add theirs (free text like "refund.request"). */
export const KNOWN_AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_in_throttled",
  "auth.sign_out",
  "staff.create",
  "staff.change_role",
  "staff.deactivate",
  "staff.reactivate",
  "staff.reset_password",
  "limits.update",
] as const;

export interface AuditActor {
  id?: string | null;
  email?: string | null;
}

export interface AuditEntry {
  actor: AuditActor | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  amount?: bigint | null;
  idempotencyKey?: string | null;
  request?: unknown;
  result: AuditResult;
  detail?: unknown;
  ip?: string | null;
}

const SECRET_KEY = /password|token|secret|authorization|key|signature/i;
const ALLOWED_KEY = /^idempotency[_-]?key$/i;

export const REDACTED = "[redacted]";

/** True when a field of this name must never be stored: idempotency keys are identifiers, not secrets. */
export function isSecretKey(name: string): boolean {
  return SECRET_KEY.test(name) && !ALLOWED_KEY.test(name);
}

/**
 * A JSON-safe copy with secret-looking fields replaced, at any depth. bigint → string (jsonb
 * cannot hold it), Date → ISO string; cycles are cut rather than thrown on.
 */
export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== "object") return typeof value === "function" || typeof value === "symbol" ? undefined : value;
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, seen));
  if (value instanceof Headers) {
    const out: Record<string, unknown> = {};
    value.forEach((v, k) => (out[k] = isSecretKey(k) ? REDACTED : v));
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = isSecretKey(k) ? REDACTED : redact(v, seen);
  }
  return out;
}

export async function audit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actor?.id ?? null,
    actorEmail: entry.actor?.email ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    amount: entry.amount ?? null,
    idempotencyKey: entry.idempotencyKey ?? null,
    request: entry.request === undefined ? null : redact(entry.request),
    result: entry.result,
    detail: entry.detail === undefined ? null : redact(entry.detail),
    ip: entry.ip ?? null,
  });
}
