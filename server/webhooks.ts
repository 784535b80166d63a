/**
 * GoPay's notification webhooks served as plain Express handlers, in front of Remix: the same
 * ingest services as the Remix routes app/routes/webhooks.gopay.ts and app/routes/v1[.]0.debit.notify.ts
 * (which stay, for direct calls), with the same answers — status, body, headers. A webhook needs
 * none of the Remix request pipeline (a WHATWG Request built from the Node request, route matching,
 * the Response streamed back), and under a burst of notifications that pipeline was a large part of
 * each request's CPU (docs/benchmarks.md, "Notification ingest").
 *
 * Mounted by server/app.ts ahead of the page middleware; reads the exact bytes GoPay signed. The
 * apply step goes through this process's queue: under a burst a stored notification is answered
 * before it applies (app/services/notifications/apply-queue.server.ts); one at a time it applies
 * first, as the Remix routes always do.
 */
import express, {
  type NextFunction,
  type Request as ExpressRequest,
  type Response as ExpressResponse,
} from "express";
import { randomBytes } from "node:crypto";
import { securityHeaders } from "../app/security-headers.server";
import {
  ingestCoreNotification,
  ingestSnapNotification,
  type IngestReply,
} from "../app/services/notifications/ingest.server";

type Ingest = (input: { rawBody: string; headers: Headers; clientIp: string }) => Promise<IngestReply>;

interface Webhook {
  ingest: Ingest;
  /** What a method other than POST gets (the route's loader / action answer). */
  notAllowed: (method: string) => unknown;
}

/** Keyed by the path as Remix would route it (lower-cased, no trailing slash). */
export const WEBHOOKS: Record<string, Webhook> = {
  "/v1.0/debit/notify": {
    ingest: (input) => ingestSnapNotification(input, { apply: "queue" }),
    notAllowed: (method) => ({
      responseCode: "4055600",
      responseMessage: method === "GET" || method === "HEAD" ? "Use POST" : "Method not allowed",
    }),
  },
  "/webhooks/gopay": {
    ingest: (input) => ingestCoreNotification(input, { apply: "queue" }),
    notAllowed: (method) => ({
      status_code: "405",
      status_message: method === "GET" || method === "HEAD" ? "Use POST" : "Method not allowed",
    }),
  },
};

/** Node's header map as a WHATWG Headers (what the services read and store). */
function headersOf(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (values === undefined) continue;
    if (Array.isArray(values)) for (const v of values) headers.append(key, v);
    else headers.set(key, values);
  }
  return headers;
}

function reply(
  req: ExpressRequest,
  res: ExpressResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.status(status);
  // res.set, as the front's Remix path does: Express adds the charset to the content type.
  res.set("Content-Type", "application/json");
  res.set("Cache-Control", "no-store");
  for (const [k, v] of Object.entries(headers)) res.set(k, v);
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(req.method === "HEAD" ? undefined : text);
}

/**
 * The middleware, mounted first (before compression, the page nonce, the origin check): answers the
 * two webhook paths, passes everything else on. `routedPath` is the path as Remix would route it
 * (server/app.ts). A NUL in the URL is left to the front's refusal, as before. The answer carries
 * what the front gave it before — the security headers, `Vary: Accept-Encoding` (a body this small
 * was never compressed) — and the body keeps the raw parser's limit and its 413.
 */
export function webhookHandler(opts: {
  routedPath: (req: ExpressRequest) => string;
  dev: boolean;
  rawBodyLimit: string;
}) {
  const raw = express.raw({ type: "*/*", limit: opts.rawBodyLimit });
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction): void => {
    // Cheap test first: every other request (pages, assets) pays only this.
    if (
      !MAYBE_WEBHOOK.test(req.originalUrl) ||
      /%00/i.test(req.originalUrl) ||
      req.originalUrl.includes("\0")
    )
      return next();
    const p = opts.routedPath(req);
    const hook = WEBHOOKS[p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p];
    if (!hook) return next();
    for (const [k, v] of Object.entries(
      securityHeaders({ nonce: randomBytes(16).toString("base64"), dev: opts.dev }),
    ))
      res.setHeader(k, v);
    res.setHeader("Vary", "Accept-Encoding");
    if (req.method !== "POST") return reply(req, res, 405, hook.notAllowed(req.method));
    raw(req, res, (err?: unknown) => {
      if (err) return next(err);
      // express.raw keeps the body as a Buffer; a request without one leaves `{}` (the route read "").
      const rawBody = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
      const clientIp = req.ip ?? req.socket.remoteAddress ?? "unknown";
      hook
        .ingest({ rawBody, headers: headersOf(req), clientIp })
        .then((r) => reply(req, res, r.status, r.body, r.headers))
        .catch(next);
    });
  };
}

const MAYBE_WEBHOOK = /notify|gopay/i;
