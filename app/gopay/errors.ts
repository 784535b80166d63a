/**
 * The one error type for GoPay / Midtrans failures. Services turn it into a sentence a support
 * agent can act on; `body` goes to the timeline and logs (it never holds our secrets: only what
 * GoPay answered). Not `.server` so routes can import the type guard for error rendering.
 */
export type GopayApi = "snap" | "core" | "miniapp";

export type GopayErrorKind =
  | "auth"
  | "invalid_request"
  | "not_found"
  | "conflict"
  | "not_permitted"
  | "rate_limit"
  | "server"
  | "timeout"
  | "connection"
  | "invalid_response";

export interface GopayErrorInit {
  kind: GopayErrorKind;
  api: GopayApi;
  operation: string;
  message: string;
  /** HTTP status of GoPay's answer; undefined when no answer came (timeout, connection). */
  httpStatus?: number;
  /** SNAP 7-char responseCode (`4035802`), Core `status_code` (`412`) or mini-app error code. */
  responseCode?: string;
  /** True when sending the same request again (same idempotency key) may succeed. */
  retryable: boolean;
  /** True when the request may have been applied (timeout / drop after sending): settle by a status query. */
  outcomeUnknown: boolean;
  /** The caller's idempotency key for this request (X-EXTERNAL-ID / Idempotency-Key / Request-Id). */
  requestId?: string;
  /** GoPay's response body as received (parsed JSON or text), if any. */
  body?: unknown;
  cause?: unknown;
}

export class GopayError extends Error {
  override readonly name = "GopayError";
  readonly kind: GopayErrorKind;
  readonly api: GopayApi;
  readonly operation: string;
  readonly httpStatus: number | undefined;
  readonly responseCode: string | undefined;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;
  readonly requestId: string | undefined;
  readonly body: unknown;

  constructor(init: GopayErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.api = init.api;
    this.operation = init.operation;
    this.httpStatus = init.httpStatus;
    this.responseCode = init.responseCode;
    this.retryable = init.retryable;
    this.outcomeUnknown = init.outcomeUnknown;
    this.requestId = init.requestId;
    this.body = init.body;
  }

  /** Plain object for logs and the order timeline. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      kind: this.kind,
      api: this.api,
      operation: this.operation,
      httpStatus: this.httpStatus,
      responseCode: this.responseCode,
      retryable: this.retryable,
      outcomeUnknown: this.outcomeUnknown,
      requestId: this.requestId,
      body: this.body,
    };
  }
}

export function isGopayError(e: unknown): e is GopayError {
  return e instanceof GopayError;
}

/** Kind from an HTTP status, for answers whose body says nothing more specific. */
export function kindFromHttpStatus(status: number): GopayErrorKind {
  if (status === 401 || status === 403) return status === 401 ? "auth" : "not_permitted";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  // 422: well-formed but refused by a business rule (e.g. the merchant coin wallet is short).
  if (status === 422) return "not_permitted";
  if (status === 429) return "rate_limit";
  if (status >= 500) return "server";
  return "invalid_request";
}

/** SNAP BI `responseCode` (HTTP status + service + case) → kind; see contract §1.4. */
export function kindFromSnapCode(code: string, httpStatus: number): GopayErrorKind {
  const http = Number(code.slice(0, 3));
  const status = Number.isFinite(http) && http >= 100 ? http : httpStatus;
  if (status === 404) {
    // 404xx01 is "Transaction Not Found"; the other 404 cases are state/consistency problems.
    return code.endsWith("01") ? "not_found" : "conflict";
  }
  return kindFromHttpStatus(status);
}

/** Core API body `status_code` → kind (contract §2.4 status-code list). */
export function kindFromCoreCode(code: string): GopayErrorKind {
  switch (code) {
    case "401":
    case "411":
      return "auth";
    case "402":
    case "403":
    case "410":
    case "412":
      return "not_permitted";
    case "404":
      return "not_found";
    case "406":
      return "conflict";
    case "429":
      return "rate_limit";
    default:
      return Number(code) >= 500 ? "server" : "invalid_request";
  }
}
