import type { AppLoadContext } from "@remix-run/node";

/** The exact bytes GoPay signed: server/index.ts keeps them; a direct call (tests) reads the body. */
export async function rawBodyOf(request: Request, context: AppLoadContext | undefined): Promise<string> {
  const raw = context?.rawBody;
  if (raw && Buffer.isBuffer(raw)) return raw.toString("utf8");
  return request.text();
}

export function replyJson(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });
}
