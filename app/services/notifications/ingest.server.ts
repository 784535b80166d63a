import { createPublicKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { db as appDb, type Db } from "~/db/client.server";
import { env } from "~/env.server";
import { verifyCoreNotification, verifySnapNotification } from "~/gopay/notifications.server";
import { xTimestamp } from "~/gopay/signing.server";
import { enqueue } from "~/jobs/start.server";
import { fromDecimalAmount } from "~/lib/money";
import { APPLY_QUEUE, processNotification, type ProcessOptions, type ProcessOutcome, type StoredNotification } from "./process.server";
import { dedupeKey } from "./signal.server";
import { peek, storableHeaders, storeNotification, type Verification } from "./store.server";

/**
 * Webhook ingestion: verify, store EVERY notification raw (valid or not), then apply. A stored
 * notification with signature_valid=false (bad signature, stale timestamp, malformed body) is
 * kept for forensics only — it is never applied, so it changes nothing in orders.
 */

export interface IngestReply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  notificationId?: bigint;
  outcome?: ProcessOutcome;
}

export interface IngestInput {
  rawBody: string;
  headers: Headers;
  now?: Date;
}

export interface IngestOptions extends ProcessOptions {
  /** Midtrans public key; default GOPAY_NOTIFY_PUBLIC_KEY_FILE. */
  publicKey?: KeyObject | string;
  serverKey?: string;
  /** Apply synchronously (default true); the benchmark can measure store-only. */
  apply?: boolean;
}

let cachedKey: { file: string; key: KeyObject } | undefined;
function notifyKey(): KeyObject | undefined {
  const file = env().GOPAY_NOTIFY_PUBLIC_KEY_FILE;
  if (!file) return undefined;
  // Parsed once per file: PEM parsing per request would cost more than the verify itself.
  if (cachedKey?.file !== file) cachedKey = { file, key: createPublicKey(readFileSync(file, "utf8")) };
  return cachedKey.key;
}

const SNAP_OK = { responseCode: "2005600", responseMessage: "Request has been processed successfully" };

function snapError(status: number, code: string, message: string, notificationId?: bigint): IngestReply {
  return { status, body: { responseCode: code, responseMessage: message }, headers: { "X-TIMESTAMP": xTimestamp() }, notificationId };
}

const defaultOnFailure = async (id: bigint) => {
  // A failed apply is retried soon by the job; the every-minute sweep catches it otherwise.
  await enqueue(APPLY_QUEUE, { notificationId: id.toString() }, { startAfter: 5 });
};

async function apply(stored: StoredNotification, opts: IngestOptions, database: Db): Promise<ProcessOutcome | undefined> {
  if (opts.apply === false) return undefined;
  return processNotification(stored.id, { database, client: opts.client, onFailure: opts.onFailure ?? defaultOnFailure, stored });
}

/** `POST /v1.0/debit/notify` (SNAP BI, contract §1.11 and §7). */
export async function ingestSnapNotification(input: IngestInput, opts: IngestOptions = {}): Promise<IngestReply> {
  const database = opts.database ?? appDb();
  const headers = storableHeaders(input.headers);
  const publicKey = opts.publicKey ?? notifyKey();
  const v = publicKey
    ? verifySnapNotification({ rawBody: input.rawBody, headers: input.headers, publicKey, now: input.now })
    : ({ ok: false, reason: "bad_signature", message: "GOPAY_NOTIFY_PUBLIC_KEY_FILE is not configured" } as const);
  const externalId = input.headers.get("x-external-id");

  if (!v.ok) {
    let verification: Verification = v.reason === "stale" ? "stale_timestamp" : v.reason;
    let reply: IngestReply;
    if (v.reason === "bad_signature") reply = snapError(401, "4015600", "Unauthorized. Signature");
    else if (v.reason === "stale") reply = snapError(401, "4015600", "Unauthorized. Invalid timestamp");
    else if (!isJson(input.rawBody)) reply = snapError(400, "4005601", "Invalid Field Format. Body is not JSON");
    else if (/X-TIMESTAMP/.test(v.message)) reply = snapError(400, "4005601", "Invalid Field Format X-TIMESTAMP");
    else {
      verification = "malformed";
      reply = snapError(400, "4005602", `Invalid Mandatory Field ${v.message}`);
    }
    const id = await storeNotification(database, {
      source: "snap_debit",
      headers,
      rawBody: input.rawBody,
      signatureValid: false,
      verification,
      reference: peek(input.rawBody, "originalPartnerReferenceNo", "originalReferenceNo"),
      externalId,
      statusCode: peek(input.rawBody, "latestTransactionStatus"),
      error: v.message,
    });
    return { ...reply, notificationId: id };
  }

  const n = v.parsed;
  const reference = n.originalPartnerReferenceNo ?? n.originalReferenceNo;
  const id = await storeNotification(database, {
    source: "snap_debit",
    headers,
    rawBody: input.rawBody,
    signatureValid: true,
    verification: "ok",
    reference,
    externalId,
    statusCode: n.latestTransactionStatus,
    dedupeKey: dedupeKey("snap_debit", reference, n.latestTransactionStatus, n.additionalInfo?.totalRefundAmount?.amount),
  });
  const outcome = await apply({ id, source: "snap_debit", signatureValid: true, rawBody: input.rawBody }, opts, database);
  return { status: 200, body: SNAP_OK, headers: { "X-TIMESTAMP": xTimestamp() }, notificationId: id, outcome };
}

/** `POST /webhooks/gopay` (Core API payment and pay-account notifications, contract §2.4 and §7). */
export async function ingestCoreNotification(input: IngestInput, opts: IngestOptions = {}): Promise<IngestReply> {
  const database = opts.database ?? appDb();
  const headers = storableHeaders(input.headers);
  const v = verifyCoreNotification({ rawBody: input.rawBody, serverKey: opts.serverKey ?? env().MIDTRANS_SERVER_KEY });

  if (!v.ok) {
    const id = await storeNotification(database, {
      source: peek(input.rawBody, "account_id") && !peek(input.rawBody, "order_id") ? "core_pay_account" : "core_payment",
      headers,
      rawBody: input.rawBody,
      signatureValid: false,
      verification: v.reason === "stale" ? "stale_timestamp" : v.reason,
      reference: peek(input.rawBody, "order_id", "account_id"),
      statusCode: peek(input.rawBody, "transaction_status", "account_status"),
      error: v.message,
    });
    const status = v.reason === "bad_signature" ? 401 : 400;
    return { status, body: { status_code: String(status), status_message: v.message }, headers: {}, notificationId: id };
  }

  if (v.kind === "core_pay_account") {
    const p = v.parsed;
    // Not verifiable: stored unverified, then GoPay's GET /v2/pay/account/{id} decides.
    const id = await storeNotification(database, {
      source: "core_pay_account",
      headers,
      rawBody: input.rawBody,
      signatureValid: false,
      verification: "unverified",
      reference: p.account_id,
      statusCode: p.account_status ?? p.status_code,
      dedupeKey: dedupeKey("core_pay_account", p.account_id, p.account_status ?? p.status_code),
    });
    const outcome = await apply({ id, source: "core_pay_account", signatureValid: false, rawBody: input.rawBody }, opts, database);
    return { status: 200, body: { status_code: "200", status_message: "stored" }, headers: {}, notificationId: id, outcome };
  }

  const p = v.parsed;
  const refundAmount = peekRefundAmount(input.rawBody);
  const id = await storeNotification(database, {
    source: "core_payment",
    headers,
    rawBody: input.rawBody,
    signatureValid: true,
    verification: "ok",
    reference: p.order_id,
    statusCode: p.transaction_status,
    dedupeKey: dedupeKey("core_payment", p.order_id, p.transaction_status, refundAmount),
  });
  const outcome = await apply({ id, source: "core_payment", signatureValid: true, rawBody: input.rawBody }, opts, database);
  return { status: 200, body: { status_code: "200", status_message: "stored" }, headers: {}, notificationId: id, outcome };
}

function isJson(raw: string): boolean {
  try {
    JSON.parse(raw);
    return true;
  } catch {
    return false;
  }
}

function peekRefundAmount(raw: string): bigint | undefined {
  const v = peek(raw, "refund_amount");
  return v && /^\d+(\.\d{1,2})?$/.test(v) ? fromDecimalAmount(v) : undefined;
}
