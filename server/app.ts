/**
 * The Express app in front of Remix, without listening or booting: server/index.ts serves it and
 * the HTTP integration tests (tests/integration/http-*.test.ts) start the same app on a free port.
 *
 * What is refused here, before any route code runs (one place for every route):
 * - a NUL byte in the path or query (Postgres cannot store U+0000 in text) → 400;
 * - a state-changing request to a staff page from another origin → 403 with our error page
 *   (Remix's own origin check would otherwise throw a 500 first);
 * - a body over the limit, by Content-Length before a byte is read, or by counting streamed
 *   (chunked) bytes as the route reads them → 413. Webhooks keep their own raw-body limit.
 * Refusals on /api/ answer in the merchant API's JSON error shape; elsewhere the page is
 * rendered by Remix's not-found route ($.tsx) from `context.refusal`, inside the app's layout.
 */
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
} from "@remix-run/node";
import compression from "compression";
import express, {
  type NextFunction,
  type Request as ExpressRequest,
  type Response as ExpressResponse,
} from "express";
import { randomBytes } from "node:crypto";
import { Transform } from "node:stream";
import { constants as zlibConstants } from "node:zlib";
import { logger, safeError } from "../app/lib/logger.server";
import { securityHeaders } from "../app/security-headers.server";
import { webhookHandler } from "./webhooks";

/** Forms and merchant API JSON: far above any real form or payment (50 items ≈ 15 KB). */
export const BODY_LIMIT_BYTES = 64 * 1024;
/**
 * File uploads (multipart) allowed a bigger body, by routed path: the page states and enforces
 * its own, smaller file limit (e.g. a campaign audience CSV: 20 MB); this is only the ceiling.
 */
export const UPLOAD_BODY_LIMITS: Array<{ path: RegExp; bytes: number }> = [
  { path: /^\/campaigns\/new\/?$/, bytes: 21 * 1024 * 1024 },
  // /coins/bulk states and enforces a 10 MB file (app/services/coins/bulk-csv.server.ts); `.data` is the single-fetch action path.
  { path: /^\/coins\/bulk(?:\.data)?\/?$/, bytes: 11 * 1024 * 1024 },
];
function bodyLimitFor(p: string, contentType: string | undefined): number {
  if (!/^multipart\/form-data/i.test(contentType ?? "")) return BODY_LIMIT_BYTES;
  return UPLOAD_BODY_LIMITS.find((u) => u.path.test(p))?.bytes ?? BODY_LIMIT_BYTES;
}
/**
 * Responses are compressed (brotli for browsers, which all ask for it; gzip otherwise) with a
 * 256 KB brotli window (lgwin 18) instead of brotli's default 4 MB (lgwin 22). Every page is far
 * smaller than 256 KB, so the output is the same size, but each brotli stream allocated and
 * faulted in megabytes of window and hash tables: at 50 concurrent /orders pages that was ~16 ms
 * of the server's ~36 ms of CPU per page (14.5 ms uncompressed, 20–24 ms with this window;
 * docs/benchmarks.md "Compression window").
 *
 * Quality 2, not compression's default 4: on a 50-row /orders page (53,366 bytes) quality 4 gave
 * 10,873 bytes for 0.87 ms of CPU, quality 2 gives 11,635 bytes (+7 %) for 0.37 ms. Half a
 * millisecond per page is ~5 % of a list page's server CPU; 800 bytes is nothing to a browser.
 */
export const BROTLI_WINDOW_BITS = 18;
export const BROTLI_QUALITY = 2;
export const COMPRESSION_OPTIONS = {
  brotli: {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [zlibConstants.BROTLI_PARAM_LGWIN]: BROTLI_WINDOW_BITS,
    },
  },
} satisfies compression.CompressionOptions & { brotli: { params: Record<number, number> } };

/** Webhooks: GoPay's notifications, read raw for their signatures. */
export const WEBHOOK_BODY_LIMIT = "1mb";
/** The path the refusal page is rendered at (only $.tsx matches it). */
export const REFUSAL_PATH = "/__loket/refused";

type Build = ServerBuild | (() => Promise<ServerBuild>);
export interface AppOptions {
  build: Build;
  dev?: boolean;
  mode?: string;
  /** The app's public base URL; a state-changing staff request must come from its origin. Default APP_URL. */
  appUrl?: string;
  /** Static assets / Vite dev middleware, mounted after the NUL check and before the routes. */
  mountAssets?: (app: express.Express) => void;
  /** false: webhooks go through Remix's routes like any page (the ingest bench measures both). Default true. */
  webhooksInExpress?: boolean;
}

const WEBHOOK_PREFIXES = ["/v1.0/", "/webhooks/"];
const SAFE_METHODS = new Set(["GET", "HEAD"]);

/** The path as Remix will route it (WHATWG-normalised: `/api/../settings` is `/settings`), lower-cased like Remix's matching. */
function routedPath(req: ExpressRequest): string {
  try {
    return new URL(req.originalUrl, "http://x").pathname.toLowerCase();
  } catch {
    return req.path.toLowerCase();
  }
}
const isApi = (p: string) => p.startsWith("/api/");
const isWebhook = (p: string) => WEBHOOK_PREFIXES.some((w) => p.startsWith(w));

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The origins a staff form may be posted from: the app's own, exactly — and, only when that origin
 * is a loopback name (the demo's `http://localhost:3000`), its other loopback spellings with the
 * same scheme and port, because `127.0.0.1:3000` is the same server a new user may type. No
 * attacker page can have a loopback origin (DNS rebinding gives the attacker's host name, not these).
 */
export function allowedOrigins(expected: string): Set<string> {
  const out = new Set([expected]);
  const u = new URL(expected);
  if (LOOPBACK_NAMES.includes(u.hostname)) {
    for (const name of LOOPBACK_NAMES) out.add(`${u.protocol}//${name}${u.port ? `:${u.port}` : ""}`);
  }
  return out;
}

/**
 * Is this state-changing request from our own origin? Origin must be one of `allowedOrigins`
 * exactly (`null`, another scheme or port, a look-alike host: refused). Only when a browser sent no
 * Origin at all is the Referer's origin compared instead; neither header → refused, because
 * every browser we support sends Origin on a POST and staff pages are used from a browser.
 */
export function sameOrigin(headers: { origin?: string; referer?: string }, expected: string): boolean {
  const allowed = allowedOrigins(expected);
  if (headers.origin !== undefined) return allowed.has(headers.origin);
  if (!headers.referer) return false;
  try {
    return allowed.has(new URL(headers.referer).origin);
  } catch {
    return false;
  }
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
const tooLarge = (limit = BODY_LIMIT_BYTES) =>
  new Refusal(
    413,
    "payload_too_large",
    limit >= 1024 * 1024
      ? `The request body is larger than ${Math.floor(limit / (1024 * 1024))} MB.`
      : `The request body is larger than ${limit / 1024} KB.`,
  );
const nulByte = (where: string) =>
  new Refusal(400, "nul_byte", `The ${where} contains a NUL character (%00), which Loket does not accept.`);

export function createApp(opts: AppOptions): express.Express {
  const dev = opts.dev ?? false;
  const mode = opts.mode ?? process.env.NODE_ENV ?? "production";
  const appUrl = opts.appUrl ?? process.env.APP_URL;
  const handleRequest = createRequestHandler(opts.build, mode);

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", process.env.TRUST_PROXY === "true");
  // GoPay's webhooks first: answered by the ingest services without compression, the page nonce or Remix (server/webhooks.ts).
  if (opts.webhooksInExpress !== false)
    app.use(webhookHandler({ routedPath, dev, rawBodyLimit: WEBHOOK_BODY_LIMIT }));
  app.use(compression(COMPRESSION_OPTIONS));

  // A fresh nonce per request for the Content-Security-Policy and Remix's inline scripts.
  app.use((_req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    for (const [k, v] of Object.entries(securityHeaders({ nonce, dev }))) res.setHeader(k, v);
    next();
  });

  const contextOf = (req: ExpressRequest, res: ExpressResponse, refusal?: Refusal): AppLoadContext => ({
    cspNonce: res.locals.cspNonce as string,
    rawBody: Buffer.isBuffer(req.body) ? req.body : undefined,
    clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    ...(refusal ? { refusal: { status: refusal.status, message: refusal.message } } : {}),
  });

  /** Answers a refusal: JSON on the API and webhooks, our error page (rendered by Remix) elsewhere. */
  async function refuse(req: ExpressRequest, res: ExpressResponse, r: Refusal): Promise<void> {
    if (res.headersSent) return;
    // The rest of an unread body is not worth receiving: close the connection after answering.
    if (!req.complete) res.setHeader("Connection", "close");
    const p = routedPath(req);
    if (isApi(p) || isWebhook(p)) {
      res.status(r.status).type("application/json").setHeader("Cache-Control", "no-store");
      res.end(JSON.stringify({ error: { code: r.code, message: r.message } }));
      return;
    }
    // The page speaks the staff member's language: their session (or language cookie) and Accept-Language go along.
    const headers: Record<string, string> = { accept: "text/html" };
    for (const name of ["cookie", "accept-language"]) {
      const v = req.get(name);
      if (v) headers[name] = v;
    }
    const page = new Request(new URL(REFUSAL_PATH, `${req.protocol}://${req.get("host") ?? "localhost"}`), {
      headers,
    });
    await send(res, await handleRequest(page, contextOf(req, res, r)));
  }

  // A NUL in the path or query never reaches a route (nor Postgres, which refuses it in text).
  app.use((req, res, next) => {
    if (/%00/i.test(req.originalUrl) || req.originalUrl.includes("\0"))
      return void refuse(req, res, nulByte(/%00/i.test(req.path) ? "path" : "query")).catch(next);
    next();
  });

  opts.mountAssets?.(app);

  // Webhooks need the exact bytes GoPay signed: keep the raw body for those paths, with their own limit.
  app.use(["/v1.0", "/webhooks"], express.raw({ type: "*/*", limit: WEBHOOK_BODY_LIMIT }));

  app.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const p = routedPath(req);
    if (isWebhook(p)) return next();
    // Cross-site requests to staff pages. The merchant API authenticates with its key instead.
    if (!isApi(p)) {
      const expected = appUrl ? new URL(appUrl).origin : `${req.protocol}://${req.get("host")}`;
      if (!sameOrigin({ origin: req.get("origin"), referer: req.get("referer") }, expected)) {
        return void refuse(
          req,
          res,
          new Refusal(
            403,
            "cross_origin",
            "Cross-site request refused: this form must be sent from Loket itself.",
          ),
        ).catch(next);
      }
    }
    const length = Number(req.get("content-length") ?? 0);
    // (A body already read as raw can only be here by a path like /webhooks/../orders: same limit.)
    const buffered = Buffer.isBuffer(req.body) ? req.body.length : 0;
    const limit = bodyLimitFor(p, req.get("content-type"));
    if (length > limit || buffered > BODY_LIMIT_BYTES)
      return void refuse(req, res, tooLarge(limit)).catch(next);
    next();
  });

  app.all("*", (req, res, next) => {
    void (async () => {
      const controller = new AbortController();
      let refused = false;
      const onRefusal = (r: Refusal) => {
        if (refused) return;
        refused = true;
        controller.abort(r);
        req.unpipe();
        void refuse(req, res, r).catch(next);
      };
      const p = routedPath(req);
      let body: ReadableStream | Buffer | undefined;
      if (!SAFE_METHODS.has(req.method)) {
        body = Buffer.isBuffer(req.body)
          ? req.body
          : createReadableStreamFromReadable(
              req.pipe(limitedBody(req, onRefusal, !isApi(p), bodyLimitFor(p, req.get("content-type")))),
            );
      }
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const request = new Request(remixUrl(req), {
        method: req.method,
        headers: remixHeaders(req),
        signal: controller.signal,
        ...(body ? { body, duplex: "half" } : {}),
      } as RequestInit);
      const response = await handleRequest(request, contextOf(req, res));
      if (refused || res.headersSent) return;
      // The route answered without reading the whole body (e.g. signed out): do not wait for the rest.
      if (!req.complete && body && !Buffer.isBuffer(body)) res.setHeader("Connection", "close");
      await send(res, response);
    })().catch(next);
  });

  // Last resort: never the SQL or its parameters in the log (safeError), never details to the client.
  app.use((err: unknown, req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => {
    const status = (err as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      if (!res.headersSent) {
        if (!req.complete) res.setHeader("Connection", "close");
        res
          .status(status)
          .type("application/json")
          .end(JSON.stringify({ error: { code: "bad_request", message: (err as Error).message } }));
      }
      return;
    }
    logger().error({ err: safeError(err), method: req.method, path: req.path }, "request failed");
    if (!res.headersSent) res.status(500).type("text/plain").end("Internal Server Error");
    else res.destroy();
  });
  return app;
}

/**
 * Counts body bytes as the route reads them: over BODY_LIMIT_BYTES → 413. In a urlencoded form,
 * a NUL (`%00` or a raw zero byte) → 400. The check spans chunk boundaries.
 */
function limitedBody(
  req: ExpressRequest,
  onRefusal: (r: Refusal) => void,
  checkNul: boolean,
  limit = BODY_LIMIT_BYTES,
): Transform {
  let seen = 0;
  let tail = "";
  const urlencoded = checkNul && /application\/x-www-form-urlencoded/i.test(req.get("content-type") ?? "");
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > limit) {
        const r = tooLarge(limit);
        onRefusal(r);
        return cb(r);
      }
      if (urlencoded) {
        const text = tail + chunk.toString("latin1");
        if (/%00/i.test(text) || text.includes("\0")) {
          const r = nulByte("form");
          onRefusal(r);
          return cb(r);
        }
        tail = text.slice(-2);
      }
      cb(null, chunk);
    },
  });
}

function remixUrl(req: ExpressRequest): string {
  // As @remix-run/express: the host with its port, the protocol as Express sees it (trust proxy).
  const [, fwdPort] = req.get("X-Forwarded-Host")?.split(":") ?? [];
  const [, hostPort] = req.get("host")?.split(":") ?? [];
  const port = Number.isSafeInteger(Number.parseInt(fwdPort ?? "", 10))
    ? fwdPort
    : Number.isSafeInteger(Number.parseInt(hostPort ?? "", 10))
      ? hostPort
      : "";
  return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`).href;
}

function remixHeaders(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const v of values) headers.append(key, v);
    else headers.set(key, values);
  }
  return headers;
}

async function send(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  const eventStream = /text\/event-stream/i.test(response.headers.get("Content-Type") ?? "");
  if (eventStream) res.flushHeaders();
  if (!response.body) res.end();
  else if (eventStream) await writeReadableStreamToWritable(response.body, res);
  else await writeBody(response.body, res);
}

const IDLE = Symbol("idle");
/**
 * Writes a response body to Express. Unlike Remix's writeReadableStreamToWritable, which calls
 * `res.flush()` after every chunk, it flushes the compressor only when the stream pauses (nothing
 * more is ready by the next turn of the event loop: a streamed Suspense boundary still to come, or
 * the end). Flushing each of React's ~2 KB chunks made gzip/brotli emit a block per chunk: per
 * /orders page (135 KB) that was most of the server's CPU under load and a worse ratio.
 */
async function writeBody(body: ReadableStream<Uint8Array>, res: ExpressResponse): Promise<void> {
  const reader = body.getReader();
  const flushable = res as ExpressResponse & { flush?: () => void };
  try {
    for (;;) {
      const next = reader.read();
      let r = await Promise.race([next, new Promise<typeof IDLE>((resolve) => setImmediate(resolve, IDLE))]);
      if (r === IDLE) {
        flushable.flush?.();
        r = await next;
      }
      if (r.done) break;
      if (!res.write(r.value))
        await new Promise<void>((resolve) => {
          res.once("drain", resolve);
          res.once("close", resolve);
        });
    }
    res.end();
  } catch (error) {
    res.destroy(error as Error);
    throw error;
  } finally {
    reader.releaseLock();
  }
}
