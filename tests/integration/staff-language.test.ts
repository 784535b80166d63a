import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, staff } from "~db/schema";
import { getLanguage } from "~/i18n/i18n.server";
import { action as languageAction } from "~/routes/language";
import { loader as rootLoader } from "~/root";
import { useTestDb } from "../support/db";
import { APP, makeStaff, post } from "./auth-helpers";

const t = useTestDb();
const CTX = { cspNonce: "", clientIp: "127.0.0.1" };

function req(headers: Record<string, string> = {}): Request {
  return new Request(`${APP}/orders`, { headers });
}

async function run(fn: () => Promise<unknown>): Promise<Response> {
  try {
    return (await fn()) as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

const languageOf = async (id: string) => (await t.db.select({ l: staff.language }).from(staff).where(eq(staff.id, id)))[0]!.l;
/** The `loket_lang=…` pair of a Set-Cookie header, as a browser would send it back. */
const cookiePair = (res: Response) => res.headers.get("Set-Cookie")!.split(";")[0]!;

describe("the language a page is answered in", () => {
  it("signed out: Accept-Language, else Bahasa Indonesia", async () => {
    expect(await getLanguage(req({ "Accept-Language": "en-US,en;q=0.9" }))).toBe("en");
    expect(await getLanguage(req({ "Accept-Language": "id-ID,id;q=0.9,en;q=0.8" }))).toBe("id");
    expect(await getLanguage(req({ "Accept-Language": "fr-FR,de;q=0.8" }))).toBe("id");
    expect(await getLanguage(req())).toBe("id");
  });

  it("signed out: the cookie the switch set wins over Accept-Language", async () => {
    const res = await run(() => languageAction({ request: post("/language", { language: "en", redirectTo: "/login" }), context: CTX, params: {} }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login");
    expect(await getLanguage(req({ Cookie: cookiePair(res), "Accept-Language": "id-ID" }))).toBe("en");
  });

  it("signed in: the staff member's setting wins; unset, the browser decides (a signed-out cookie is ignored)", async () => {
    const agent = await makeStaff(t.db, "support");
    const enCookie = cookiePair(await run(() => languageAction({ request: post("/language", { language: "en" }), context: CTX, params: {} })));
    // Unset: Accept-Language, not the cookie a previous visitor left.
    expect(await getLanguage(req({ Cookie: `${agent.cookie}; ${enCookie}`, "Accept-Language": "id-ID" }))).toBe("id");

    await t.db.update(staff).set({ language: "en" }).where(eq(staff.id, agent.id));
    expect(await getLanguage(req({ Cookie: agent.cookie, "Accept-Language": "id-ID" }))).toBe("en");
    const data = (await rootLoader({ request: req({ Cookie: agent.cookie, "Accept-Language": "id-ID" }), context: CTX, params: {} })) as { locale: string };
    expect(data.locale).toBe("en");
  });
});

describe("POST /language", () => {
  it("stores the choice on the signed-in staff member, audited; 'auto' clears it", async () => {
    const agent = await makeStaff(t.db, "finance");
    expect(await languageOf(agent.id)).toBeNull();

    const res = await run(() =>
      languageAction({ request: post("/language", { language: "id", redirectTo: "/orders?status=paid" }, agent.cookie), context: CTX, params: {} }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/orders?status=paid");
    expect(await languageOf(agent.id)).toBe("id");
    // Another browser with no cookie of ours and an English Accept-Language still gets Indonesian.
    expect(await getLanguage(req({ Cookie: agent.cookie, "Accept-Language": "en-US" }))).toBe("id");

    await run(() => languageAction({ request: post("/language", { language: "auto" }, agent.cookie), context: CTX, params: {} }));
    expect(await languageOf(agent.id)).toBeNull();
    expect(await getLanguage(req({ Cookie: agent.cookie, "Accept-Language": "en-US" }))).toBe("en");

    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, agent.id), eq(auditLog.action, "staff.set_language")));
    expect(audits.map((a) => (a.request as { language: string }).language)).toEqual(["id", "browser"]);
    expect(audits.every((a) => a.actorId === agent.id)).toBe(true);
  });

  it("refuses an unknown language, a foreign redirect and a cross-site post", async () => {
    const agent = await makeStaff(t.db, "viewer");
    const bad = await run(() => languageAction({ request: post("/language", { language: "fr" }, agent.cookie), context: CTX, params: {} }));
    expect(bad.status).toBe(400);
    expect(await languageOf(agent.id)).toBeNull();

    const offsite = await run(() =>
      languageAction({ request: post("/language", { language: "en", redirectTo: "//evil.example/" }, agent.cookie), context: CTX, params: {} }),
    );
    expect(offsite.headers.get("Location")).toBe("/");

    const cross = await run(() =>
      languageAction({ request: post("/language", { language: "en" }, agent.cookie, "https://evil.example"), context: CTX, params: {} }),
    );
    expect(cross.status).toBe(403);
    // Only the second request (same origin) changed it.
    expect(await languageOf(agent.id)).toBe("en");
  });
});
