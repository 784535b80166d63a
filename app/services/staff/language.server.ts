import { eq } from "drizzle-orm";
import { staff, type Language } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { audit, type AuditActor } from "~/services/audit.server";

/**
 * A staff member's own language (null: follow the browser, then Bahasa Indonesia). Anyone signed
 * in may set their own, and only their own; audited like every other change to a staff row.
 */
export async function setOwnLanguage(
  db: DbOrTx,
  me: AuditActor & { id: string; ip?: string | null },
  language: Language | null,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ language: staff.language }).from(staff).where(eq(staff.id, me.id)).for("update");
    if (!before || before.language === language) return;
    await tx.update(staff).set({ language, updatedAt: new Date() }).where(eq(staff.id, me.id));
    await audit(tx, {
      actor: me,
      action: "staff.set_language",
      targetType: "staff",
      targetId: me.id,
      request: { language: language ?? "browser" },
      detail: { from: before.language ?? "browser" },
      result: "ok",
      ip: me.ip ?? null,
    });
  });
}
