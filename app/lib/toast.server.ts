import { redirect } from "@remix-run/node";
import { randomBytes } from "node:crypto";

/**
 * One-shot toast across a redirect that belongs to the tab that acted. The message sits in a
 * short-lived cookie named by a one-time id, and only the redirect's URL carries that id
 * (`?toast=<id>`): every tab of the session shares the cookies, but only the tab that followed the
 * redirect asks for that cookie. (A single `loket_toast` cookie was read by whichever tab loaded a
 * page first — the other tab could show "Refund sent" for an order it never touched.)
 */
export interface Toast {
  type: "success" | "error" | "info";
  title: string;
  description?: string;
}

/** The query parameter that names the toast; the shell removes it from the address bar once read. */
export const TOAST_PARAM = "toast";
const PREFIX = "loket_toast_";
const ID = /^[A-Za-z0-9_-]{8,32}$/;

function cookie(id: string, value: string, maxAge: number): string {
  return `${PREFIX}${id}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}`;
}

/** `url` with `?toast=<id>` added (keeps its own query and hash). */
function withToastId(url: string, id: string): string {
  const u = new URL(url, "http://loket.invalid");
  u.searchParams.set(TOAST_PARAM, id);
  return url.startsWith("http://") || url.startsWith("https://") ? u.toString() : `${u.pathname}${u.search}${u.hash}`;
}

export function redirectWithToast(url: string, toast: Toast, init: ResponseInit = {}): Response {
  const id = randomBytes(9).toString("base64url");
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", cookie(id, Buffer.from(JSON.stringify(toast)).toString("base64url"), 60));
  return redirect(withToastId(url, id), { ...init, headers });
}

/** Reads and clears the toast this request's URL names: returns it with the Set-Cookie header that deletes it. */
export function getToast(request: Request): { toast: Toast | null; headers: Headers } {
  const headers = new Headers();
  const id = new URL(request.url).searchParams.get(TOAST_PARAM);
  if (!id || !ID.test(id)) return { toast: null, headers };
  const name = `${PREFIX}${id}=`;
  const raw = (request.headers.get("Cookie") ?? "")
    .split(/;\s*/)
    .find((p) => p.startsWith(name))
    ?.slice(name.length);
  if (!raw) return { toast: null, headers };
  headers.append("Set-Cookie", cookie(id, "", 0));
  try {
    const t = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Toast;
    if (typeof t.title === "string" && ["success", "error", "info"].includes(t.type)) return { toast: t, headers };
  } catch {
    // a tampered or old cookie: ignore
  }
  return { toast: null, headers };
}
