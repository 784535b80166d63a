import { db, type DbOrTx } from "~/db/client.server";
import type { GopayClient } from "~/gopay/index.server";
import type { OperationKind } from "./kinds";
import { listUnsettled, settleOperation, type Operation } from "./operations.server";

/**
 * Settles operations whose outcome is unknown by asking GoPay (a status query), never by
 * submitting again with a new key. Each kind registers how to ask; the resolve job runs them.
 * A resolver returns the outcome and may apply domain effects (e.g. mark the refund succeeded);
 * it must be idempotent (at-least-once job delivery).
 */
export type Resolution =
  | { status: "succeeded"; response?: unknown; responseCode?: string }
  | { status: "failed"; message: string; response?: unknown; responseCode?: string }
  | { status: "unknown"; message: string };

/** Tests and jobs: another GoPay client or database than the app's. */
export interface ResolveDeps {
  client?: GopayClient;
  database?: DbOrTx;
}

export type Resolver = (op: Operation, deps: ResolveDeps) => Promise<Resolution>;

const resolvers = new Map<string, Resolver>();

/** Registered by ./resolvers.server.ts from its table, which names every OperationKind. */
export function registerResolver(kind: OperationKind, resolver: Resolver): void {
  resolvers.set(kind, resolver);
}

export function resolverFor(kind: string): Resolver | undefined {
  return resolvers.get(kind);
}

/** One pass: try to settle every unknown (and stale pending) operation. Returns what happened. */
export async function resolveUnsettledOperations(opts: { staleMs?: number; limit?: number } & ResolveDeps = {}) {
  const database = opts.database ?? db();
  const rows = await listUnsettled(database, { staleMs: opts.staleMs ?? 60_000, limit: opts.limit ?? 50 });
  const summary = { checked: 0, succeeded: 0, failed: 0, unknown: 0, noResolver: 0 };
  for (const op of rows) {
    const resolver = resolvers.get(op.kind);
    if (!resolver) {
      summary.noResolver++;
      continue;
    }
    summary.checked++;
    let res: Resolution;
    try {
      res = await resolver(op, { client: opts.client, database: opts.database });
    } catch (err) {
      res = { status: "unknown", message: err instanceof Error ? err.message : String(err) };
    }
    if (res.status === "unknown") {
      summary.unknown++;
      await settleOperation(database, op.id, "unknown", { errorMessage: res.message });
      continue;
    }
    summary[res.status]++;
    await settleOperation(database, op.id, res.status, {
      response: res.response,
      responseCode: res.responseCode,
      errorMessage: res.status === "failed" ? res.message : null,
    });
  }
  return summary;
}
