import { createHash } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { apiKeys } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { db } from "~/db/client.server";
import { randomToken } from "~/lib/ids.server";
import { audit, type AuditActor } from "~/services/audit.server";
import type { Words } from "~/lib/words";

/**
 * Merchant API keys. The key is shown once at creation; only its sha256 is stored, so a leaked
 * database does not leak usable keys. Format "lk_live_<43 url-safe chars>"; the first 12 chars are
 * kept as the prefix so staff can tell keys apart in the list.
 */
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type ApiKeySummary = Omit<ApiKeyRow, "keyHash">;

const KEY_PREFIX = "lk_live_";
const SHOWN_PREFIX_LENGTH = 12;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export class ApiKeyInputError extends Error {
  constructor(
    message: string,
    readonly field: string,
    /** The sentence as words (a translation key) for a route to say in the staff member's language. */
    readonly words?: Words,
  ) {
    super(message);
    this.name = "ApiKeyInputError";
  }
}

export function validateKeyName(raw: unknown): string {
  const name = typeof raw === "string" ? raw.trim() : "";
  if (!name) throw new ApiKeyInputError("Give the key a name, e.g. the system that will use it.", "name", { key: "settings:apiKeys.errors.nameRequired" });
  if (name.length > 60) throw new ApiKeyInputError("Keep the name to 60 characters or fewer.", "name", { key: "settings:apiKeys.errors.nameTooLong", params: { max: 60 } });
  return name;
}

/** Creates a key; the returned `key` is the only time the full secret exists outside the caller. */
export async function createApiKey(
  database: DbOrTx,
  input: { name: unknown; actor: AuditActor & { id: string } },
): Promise<{ key: string; row: ApiKeySummary }> {
  const name = validateKeyName(input.name);
  const key = `${KEY_PREFIX}${randomToken(32)}`;
  const run = async (tx: DbOrTx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ name, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), keyHash: hashApiKey(key), createdBy: input.actor.id })
      .returning();
    await audit(tx, { actor: input.actor, action: "api_key.create", targetType: "api_key", targetId: row!.id, result: "ok", detail: { name, prefix: row!.prefix } });
    return row!;
  };
  const row = "transaction" in database ? await database.transaction(run) : await run(database);
  const { keyHash: _hash, ...summary } = row;
  return { key, row: summary };
}

export async function listApiKeys(database: DbOrTx): Promise<ApiKeySummary[]> {
  return database
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdBy: apiKeys.createdBy,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .orderBy(desc(apiKeys.createdAt));
}

/** Revokes a key (idempotent: revoking a revoked key changes nothing and is not audited twice). */
export async function revokeApiKey(database: DbOrTx, input: { id: string; actor: AuditActor }): Promise<ApiKeySummary | undefined> {
  const run = async (tx: DbOrTx) => {
    const [row] = await tx.select().from(apiKeys).where(eq(apiKeys.id, input.id)).limit(1).for("update");
    if (!row) return undefined;
    if (row.revokedAt) return row;
    const [after] = await tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, input.id)).returning();
    await audit(tx, { actor: input.actor, action: "api_key.revoke", targetType: "api_key", targetId: row.id, result: "ok", detail: { name: row.name, prefix: row.prefix } });
    return after!;
  };
  const row = "transaction" in database ? await database.transaction(run) : await run(database);
  if (!row) return undefined;
  const { keyHash: _hash, ...summary } = row;
  return summary;
}

export interface ApiCaller {
  keyId: string;
  name: string;
  /** The actor label written on operations and audit rows. */
  label: string;
}

/** Looks up an active key by its secret; undefined for unknown or revoked keys. Touches last_used_at. */
export async function findActiveApiKey(key: string, database: DbOrTx = db()): Promise<ApiCaller | undefined> {
  const [row] = await database.select().from(apiKeys).where(eq(apiKeys.keyHash, hashApiKey(key))).limit(1);
  if (!row || row.revokedAt) return undefined;
  await database.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
  return { keyId: row.id, name: row.name, label: `api:${row.name}` };
}
