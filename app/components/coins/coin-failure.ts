import type { Words } from "~/lib/words";

/**
 * The error codes a payout row stores when it is not paid (app/services/coins/pay.server.ts:
 * GoPay's responseCode, else the GopayError kind; single-approval.server.ts: approval_expired),
 * said as a sentence (`coins:failure.*`). The code and message themselves stay technical: the
 * page keeps them on hover and the CSV export writes them as stored.
 */
const BY_CODE: Record<string, string> = {
  connection: "connection",
  timeout: "timeout",
  server: "server",
  rate_limit: "rate_limit",
  invalid_response: "invalid_response",
  auth: "auth",
  not_permitted: "not_permitted",
  invalid_request: "invalid_request",
  not_found: "not_found",
  conflict: "conflict",
  error: "error",
  // pay.server.ts INSUFFICIENT: the mini-app's "merchant wallet short" code; the row waits (queued).
  "40005": "insufficient",
  approval_expired: "approvalExpired",
  // GoPay's final refusals with a sentence of their own (contract §3), and Loket's own (pay.server.ts).
  "4060": "fraud",
  "40006": "noReward",
  no_token: "noToken",
};

/** mini-app.server.ts when GoPay's refusal has no description of its own. */
const HTTP_ONLY = /^GoPay answered HTTP (?<status>\d{3}) to \S+$/;

/** Why a payout is not paid, in words; null when there is nothing to say (no code, no message). */
export function coinFailureWords(status: string, code: string | null | undefined, message: string | null | undefined): Words | null {
  if (!code && !message) return null;
  const known = code ? BY_CODE[code] : undefined;
  if (known) return { key: `coins:failure.${known}` };
  if (status === "failed") {
    // GoPay's own refusal: its words (e.g. "User account is blocked") stay as sent.
    const http = message ? HTTP_ONLY.exec(message)?.groups?.status : undefined;
    if (http) return { key: "coins:failure.httpRefused", params: { status: http } };
    if (message) return { key: "coins:failure.gopayRefused", params: { message } };
  }
  if (status === "unknown") return { key: "coins:failure.noClearAnswer" };
  return null;
}

/** The stored code and message as one technical line ("connection: Could not reach GoPay for …"). */
export function coinFailureDetail(code: string | null | undefined, message: string | null | undefined): string {
  return [code, message].filter(Boolean).join(": ");
}
