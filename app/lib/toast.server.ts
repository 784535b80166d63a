import { redirect } from "@remix-run/node";

/** One-shot toast carried in a short-lived cookie across a redirect (Epic Stack's redirectWithToast). */
export interface Toast {
  type: "success" | "error" | "info";
  title: string;
  description?: string;
}

const COOKIE = "loket_toast";

export function toastCookie(toast: Toast): string {
  const value = Buffer.from(JSON.stringify(toast)).toString("base64url");
  return `${COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=60`;
}

export function redirectWithToast(url: string, toast: Toast, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", toastCookie(toast));
  return redirect(url, { ...init, headers });
}

/** Reads and clears the toast: returns it with the Set-Cookie header that deletes it. */
export function getToast(request: Request): { toast: Toast | null; headers: Headers } {
  const headers = new Headers();
  const raw = (request.headers.get("Cookie") ?? "")
    .split(/;\s*/)
    .find((p) => p.startsWith(`${COOKIE}=`))
    ?.slice(COOKIE.length + 1);
  if (!raw) return { toast: null, headers };
  headers.append("Set-Cookie", `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
  try {
    const t = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Toast;
    if (typeof t.title === "string" && ["success", "error", "info"].includes(t.type)) return { toast: t, headers };
  } catch {
    // a tampered or old cookie: ignore
  }
  return { toast: null, headers };
}
