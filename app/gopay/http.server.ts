import type { Logger } from "pino";
import { Agent, request } from "undici";
import { GopayError, type GopayApi } from "./errors";

/**
 * The one request sender for every GoPay call: timeout, retry policy, structured logs.
 *
 * - The JSON body is serialised ONCE; the same string is handed to `headers()` (to sign) and sent.
 * - Sent with undici's `request` through one keep-alive Agent, not the global fetch: fetch builds a
 *   WHATWG Request, Headers and a body stream per call; measured side by side against the sandbox
 *   that cost Loket's client more than half its throughput (docs/benchmarks.md, "GoPay client").
 * - Retries never double an effect: `read` calls (token, status, get) retry on timeouts, connection
 *   failures, 429 and 5xx; `same-key` POSTs are re-sent with the caller's idempotency key only when
 *   the connection failed before the request left (refused, DNS); a timeout or a drop after sending
 *   becomes GopayError{outcomeUnknown:true} for the caller to settle with a status query.
 * - Logs carry api/operation/path/requestId/status/duration, never headers or bodies we send.
 */
export type RetryPolicy = "read" | "same-key" | "none";
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface SendInput {
  api: GopayApi;
  operation: string;
  method: HttpMethod;
  baseUrl: string;
  /** Path (and query) appended to baseUrl; logged, so it must not carry secrets. */
  path: string;
  /** JSON body; omitted for GET/DELETE. Must already be wire-ready (no bigint). */
  body?: unknown;
  /** Builds the headers for one attempt from the exact body string sent (signatures, timestamps). */
  headers: (bodyText: string) => Record<string, string> | Promise<Record<string, string>>;
  /** The caller's idempotency key (X-EXTERNAL-ID / Idempotency-Key / Request-Id), for logs and errors. */
  requestId?: string;
  retry: RetryPolicy;
}

export interface RawResponse {
  status: number;
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  json: unknown;
  text: string;
  attempts: number;
}

export interface HttpSenderOptions {
  timeoutMs: number;
  /** Extra attempts allowed by the retry policy (default 2). */
  maxRetries?: number;
  /** First backoff delay; doubled per attempt, jittered, capped at 20×. Default 200 ms. */
  retryBaseDelayMs?: number;
  logger: Logger;
}

export interface HttpSender {
  send(input: SendInput): Promise<RawResponse>;
}

// Errors raised before any byte of the request could reach GoPay: re-sending cannot double an effect.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function isTimeout(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === "TimeoutError" || name === "AbortError";
}

function responseCodeOf(json: unknown): string | undefined {
  if (!json || typeof json !== "object") return undefined;
  const o = json as Record<string, unknown>;
  const code = o.responseCode ?? o.status_code ?? (o.error as Record<string, unknown> | undefined)?.code;
  return typeof code === "string" || typeof code === "number" ? String(code) : undefined;
}

/**
 * Connections stay open between calls (GoPay's API, the sandbox): one undici Agent per process,
 * used through `undici.request` — undici's own client without fetch's WHATWG layer (Request,
 * Headers, body streams per call), with the same connection handling fetch had: a kept-alive socket
 * the server closed is noticed before a request is written to it, and the server's keep-alive
 * timeout hint is honoured.
 */
const dispatcher = new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 60_000 });

/** One HTTP exchange: the status and the whole body as text; rejects with the socket's error or a TimeoutError. */
async function exchange(target: string, method: HttpMethod, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<{ status: number; text: string }> {
  // One timer for the whole exchange (connect, send, headers, body), cleared when it ends. Not
  // AbortSignal.timeout: that one costs ~19 µs per call here against <1 µs for a controller and a
  // plain timer (measured with node on this machine), on every GoPay call.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
  const signal = controller.signal;
  try {
    const res = await request(target, { method, headers, body, dispatcher, signal });
    return { status: res.statusCode, text: await res.body.text() };
  } catch (err) {
    // undici answers an aborted request with its own error; the caller tells a timeout by its name.
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: "TimeoutError", cause: err });
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function createHttpSender(opts: HttpSenderOptions): HttpSender {
  const maxRetries = opts.maxRetries ?? 2;
  const base = opts.retryBaseDelayMs ?? 200;
  const log = opts.logger;

  function backoff(attempt: number): Promise<void> {
    const ceiling = Math.min(base * 20, base * 2 ** (attempt - 1));
    return sleep(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  async function send(input: SendInput): Promise<RawResponse> {
    const bodyText = input.body === undefined ? "" : JSON.stringify(input.body);
    // Joined by hand: new URL("/path", base) would drop a path prefix in the base URL.
    const target = `${input.baseUrl.replace(/\/+$/, "")}${input.path}`;
    const ctx = { api: input.api, operation: input.operation, method: input.method, path: input.path, requestId: input.requestId };
    const fail = (init: Omit<ConstructorParameters<typeof GopayError>[0], "api" | "operation" | "requestId">) =>
      new GopayError({ ...init, api: input.api, operation: input.operation, requestId: input.requestId });

    for (let attempt = 1; ; attempt++) {
      const canRetry = attempt <= maxRetries;
      const started = performance.now();
      let status: number;
      let text: string;
      try {
        const headers = await input.headers(bodyText);
        const res = await exchange(target, input.method, headers, input.method === "GET" || input.method === "DELETE" ? undefined : bodyText, opts.timeoutMs);
        status = res.status;
        text = res.text;
      } catch (err) {
        const durationMs = Math.round(performance.now() - started);
        if (err instanceof GopayError) throw err; // from headers() (e.g. the token fetch)
        const timedOut = isTimeout(err);
        const code = errorCode(err);
        const notSent = !timedOut && code !== undefined && NOT_SENT_CODES.has(code);
        const retryHere = canRetry && (input.retry === "read" || (input.retry === "same-key" && notSent));
        log.warn({ ...ctx, attempt, durationMs, error: timedOut ? "timeout" : (code ?? "network"), willRetry: retryHere }, "gopay request failed");
        if (retryHere) {
          await backoff(attempt);
          continue;
        }
        const outcomeUnknown = input.retry !== "read" && !notSent;
        throw fail({
          kind: timedOut ? "timeout" : "connection",
          message: timedOut
            ? `GoPay did not answer ${input.operation} within ${opts.timeoutMs} ms`
            : `Could not reach GoPay for ${input.operation} (${code ?? "network error"})`,
          retryable: true,
          outcomeUnknown,
          cause: err,
        });
      }
      const durationMs = Math.round(performance.now() - started);
      let json: unknown;
      if (text !== "") {
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
      }
      const responseCode = responseCodeOf(json);
      const retryStatus = input.retry === "read" && (status === 429 || status >= 500);
      if (retryStatus && canRetry) {
        log.warn({ ...ctx, attempt, status, responseCode, durationMs, willRetry: true }, "gopay request retried");
        await backoff(attempt);
        continue;
      }
      // Every call is logged; successes at debug so a busy console (the demo seed) stays readable.
      log[status >= 400 ? "info" : "debug"]({ ...ctx, attempt, status, responseCode, durationMs }, "gopay request");
      return { status, json, text, attempts: attempt };
    }
  }

  return { send };
}
