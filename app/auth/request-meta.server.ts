import type { AppLoadContext } from "@remix-run/node";

/**
 * The client's IP as the server saw it (Express's req.ip, which honours TRUST_PROXY). Loaders
 * called directly in tests get no context: "unknown" then, so throttling still keys on something.
 */
export function clientIp(context: AppLoadContext | undefined): string {
  const ip = (context as Partial<AppLoadContext> | undefined)?.clientIp;
  return typeof ip === "string" && ip ? ip : "unknown";
}

/** Only same-site relative paths: `/orders?x=1`, never `//evil.example` or `https://…`. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (/[\r\n\t]/.test(to)) return fallback;
  return to;
}
