import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { assertSameOrigin } from "~/auth/guard.server";
import { clientIp, safeRedirect } from "~/auth/request-meta.server";
import { getCurrentStaff } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { languageCookie } from "~/i18n/i18n.server";
import { parseForm } from "~/lib/action.server";
import { setOwnLanguage } from "~/services/staff/language.server";

/** POST only: a GET that changed a setting could be fired by an <img> anywhere. */
export function loader() {
  return redirect("/");
}

const LanguageForm = z.object({
  language: z.enum(["id", "en", "auto"]),
  redirectTo: z.string().max(2000).optional(),
});

/**
 * The language switch (user menu, login page). Signed in: stored on the staff member (so every
 * browser they use follows it). Always: a cookie, so the login page after sign-out keeps it.
 * `auto` clears both: follow the browser's Accept-Language, then Bahasa Indonesia.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const parsed = await parseForm(request, LanguageForm);
  if (!parsed.ok) throw new Response("Choose id, en or auto.", { status: 400 });
  const language = parsed.input.language === "auto" ? null : parsed.input.language;
  const me = await getCurrentStaff(request);
  if (me) await setOwnLanguage(db(), { id: me.id, email: me.email, ip: clientIp(context) }, language);
  const cookie = language
    ? await languageCookie().serialize(language)
    : await languageCookie().serialize("", { maxAge: 0 });
  return redirect(safeRedirect(parsed.input.redirectTo), { headers: { "Set-Cookie": cookie } });
}
