import { sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { redact } from "./audit.server";

/**
 * A refused attempt (403: the staff member's role lacks the permission an action needs) as an
 * audit row: actor, permission, route, result "denied".
 *
 * Bounded: at most one row per staff member × permission × calendar minute. audit_log can be
 * neither deleted from nor truncated, so one row per refusal would let a signed-in session in a
 * hot loop grow it without limit (thousands of rows a second, forever). The first refusal of each
 * minute is what an investigator needs — who tried what, where, when — and a repeat inside the
 * minute adds nothing but volume. Concurrent first refusals may both land (no lock is taken), which
 * stays bounded by the number of requests in flight. The check is an index probe on
 * audit_actor_at_idx (actor_id, at).
 */
export interface Refusal {
  actor: { id: string; email: string };
  /** The permission that was missing ("a or b" when the role could use none of a route's intents). */
  permission: string;
  /** The path the request was sent to. */
  route: string;
  method: string;
  intent?: string;
  ip?: string | null;
}

export const REFUSAL_ACTION = "access.denied";

/** Writes the refusal unless one for the same staff member and permission exists this minute; true when written. */
export async function auditRefusal(db: DbOrTx, r: Refusal): Promise<boolean> {
  const detail = JSON.stringify(redact({ permission: r.permission, method: r.method, ...(r.intent ? { intent: r.intent } : {}) }));
  const written = await rows<{ id: string }>(
    db,
    sql`insert into audit_log (actor_id, actor_email, action, target_type, target_id, result, detail, ip)
        select ${r.actor.id}::uuid, ${r.actor.email}, ${REFUSAL_ACTION}, 'route', ${r.route.slice(0, 500)}, 'denied', ${detail}::jsonb, ${r.ip ?? null}
        where not exists (
          select 1 from audit_log
          where actor_id = ${r.actor.id}::uuid and at >= date_trunc('minute', now()) and action = ${REFUSAL_ACTION}
            and detail->>'permission' = ${r.permission}
        )
        returning id::text as id`,
  );
  return written.length > 0;
}
