import { createPublicKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { db as appDb, type Db } from "~/db/client.server";
import { env } from "~/env.server";
import { verifyCoreNotification, verifySnapNotification } from "~/gopay/notifications.server";
import { xTimestamp } from "~/gopay/signing.server";
import { enqueue } from "~/lib/queue.server";
import { webhookApplyQueue } from "./apply-queue.server";
import { schedulePayAccountRetry } from "./pay-account.server";
import { APPLY_QUEUE, processNotification, type ProcessOptions, type ProcessOutcome, type StoredNotification } from "./process.server";
import { preparedDb } from "./prepared.server";
import { coreDedupeKey, coreUpdate, dedupeKey, snapUpdate } from "./signal.server";
import { forensicBody, peek, storableHeaders, storeNotification, type StoreInput, type Verification } from "./store.server";
import { admitWebhookFailure } from "./throttle.server";

/**
 * Webhook ingestion: verify, store, then apply. A notification that verifies is stored whole
 * (bounded: app/gopay refuses bodies over 64 KB). One that fails (bad signature, stale timestamp,
 * malformed body) is kept for forensics only — headers, a 2 KB prefix, the body's size and hash,
 * the reason — and never applied, so it changes nothing; past 20 failures in 10 minutes from one
 * address, failures are answered 429 and not stored at all (throttle.server.ts).
 */

export interface IngestReply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  notificationId?: bigint;
  /** `queued`: stored and answered; this process's apply queue takes it to its effect (apply-queue.server.ts). */
  outcome?: ProcessOutcome | { state: "queued" };
}

export interface IngestInput {
  rawBody: string;
  headers: Headers;
  now?: Date;
  /** The sender's address as the server saw it (failures are throttled per address). */
  clientIp?: string;
}

export interface IngestOptions extends ProcessOptions {
  /** Midtrans public key; default GOPAY_NOTIFY_PUBLIC_KEY_FILE. */
  publicKey?: KeyObject | string;
  serverKey?: string;
  /**
   * true (default): apply before answering. "queue" (the webhook routes): apply before answering
   * unless other notifications are applying or waiting in this process — then answer once stored
   * and apply in arrival order (apply-queue.server.ts). false: store only (the benchmark).
   */
  apply?: boolean | "queue";
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

const defaultOnDeferred = async (_id: bigint, retryAfterMs: number) => {
  // Behind another GET for the same pay account: one sweep after the window answers all that waited.
  await schedulePayAccountRetry(retryAfterMs);
};

async function apply(stored: StoredNotification, opts: IngestOptions, database: Db, clientIp: string | undefined): Promise<IngestReply["outcome"]> {
  if (opts.apply === false) return undefined;
  const run = () =>
    processNotification(stored.id, {
      database,
      client: opts.client,
      onFailure: opts.onFailure ?? defaultOnFailure,
      onDeferred: opts.onDeferred ?? defaultOnDeferred,
      stored,
      clientIp,
      payAccountWindowMs: opts.payAccountWindowMs,
    });
  if (opts.apply !== "queue") return run();
  const r = await webhookApplyQueue().offer(run);
  return r.queued ? { state: "queued" } : r.value;
}

/**
 * A notification that failed verification: counted against its sender, then kept bounded — or,
 * past the sender's limit, refused with `throttled` and not stored.
 */
async function storeFailure(database: Db, input: IngestInput, row: Omit<StoreInput, "rawBody" | "signatureValid" | "result">): Promise<{ id: bigint } | { throttled: number }> {
  const gate = await admitWebhookFailure(database, input.clientIp ?? "unknown", input.now);
  if (!gate.admit) return { throttled: gate.retryAfterMs };
  const { prefix, evidence } = forensicBody(input.rawBody);
  const id = await storeNotification(database, { ...row, rawBody: prefix, signatureValid: false, result: { action: "rejected", ...evidence } });
  return { id };
}

/** GoPay's pay-account notifications are a few hundred bytes. */
const UNVERIFIED_BODY_MAX_BYTES = 4096;

const retryAfter = (ms: number) => ({ "Retry-After": String(Math.max(1, Math.ceil(ms / 1000))) });

/** `POST /v1.0/debit/notify` (SNAP BI, contract §1.11 and §7). */
export async function ingestSnapNotification(input: IngestInput, opts: IngestOptions = {}): Promise<IngestReply> {
  const database = preparedDb(opts.database ?? appDb());
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
    const stored = await storeFailure(database, input, {
      source: "snap_debit",
      headers,
      verification,
      reference: peek(input.rawBody, "originalPartnerReferenceNo", "originalReferenceNo"),
      externalId: externalId?.slice(0, 200),
      statusCode: peek(input.rawBody, "latestTransactionStatus")?.slice(0, 20),
      error: v.message,
    });
    if ("throttled" in stored) {
      const r = snapError(429, "4295600", "Too Many Requests");
      return { ...r, headers: { ...r.headers, ...retryAfter(stored.throttled) } };
    }
    return { ...reply, notificationId: stored.id };
  }

  const n = v.parsed;
  const reference = n.originalPartnerReferenceNo ?? n.originalReferenceNo;
  const key = dedupeKey("snap_debit", reference, n.latestTransactionStatus, n.additionalInfo?.totalRefundAmount?.amount);
  const id = await storeNotification(database, {
    source: "snap_debit",
    headers,
    rawBody: input.rawBody,
    signatureValid: true,
    verification: "ok",
    reference,
    externalId,
    statusCode: n.latestTransactionStatus,
    dedupeKey: key,
  });
  // Parsed once: the apply step takes the verified notification as read here, not from the body again.
  const outcome = await apply({ id, source: "snap_debit", signatureValid: true, rawBody: input.rawBody, dedupeKey: key, claim: snapUpdate(n) }, opts, database, input.clientIp);
  return { status: 200, body: SNAP_OK, headers: { "X-TIMESTAMP": xTimestamp() }, notificationId: id, outcome };
}

/** `POST /webhooks/gopay` (Core API payment and pay-account notifications, contract §2.4 and §7). */
export async function ingestCoreNotification(input: IngestInput, opts: IngestOptions = {}): Promise<IngestReply> {
  const database = preparedDb(opts.database ?? appDb());
  const headers = storableHeaders(input.headers);
  const v = verifyCoreNotification({ rawBody: input.rawBody, serverKey: opts.serverKey ?? env().MIDTRANS_SERVER_KEY });

  if (!v.ok) {
    const stored = await storeFailure(database, input, {
      source: peek(input.rawBody, "account_id") && !peek(input.rawBody, "order_id") ? "core_pay_account" : "core_payment",
      headers,
      verification: v.reason === "stale" ? "stale_timestamp" : v.reason,
      reference: peek(input.rawBody, "order_id", "account_id"),
      statusCode: peek(input.rawBody, "transaction_status", "account_status")?.slice(0, 40),
      error: v.message,
    });
    if ("throttled" in stored) {
      return { status: 429, body: { status_code: "429", status_message: "Too many failed notifications from this address" }, headers: retryAfter(stored.throttled) };
    }
    const status = v.reason === "bad_signature" ? 401 : 400;
    return { status, body: { status_code: String(status), status_message: v.message }, headers: {}, notificationId: stored.id };
  }

  if (v.kind === "core_pay_account") {
    const p = v.parsed;
    // Not verifiable: stored unverified, then GoPay's GET /v2/pay/account/{id} decides. Anyone can
    // send one, so a padded body is kept as the fields we read (and its size and hash), not whole.
    const big = Buffer.byteLength(input.rawBody, "utf8") > UNVERIFIED_BODY_MAX_BYTES;
    const id = await storeNotification(database, {
      source: "core_pay_account",
      headers,
      rawBody: big ? JSON.stringify(p) : input.rawBody,
      result: big ? { action: "received", ...forensicBody(input.rawBody).evidence } : null,
      signatureValid: false,
      verification: "unverified",
      reference: p.account_id,
      statusCode: p.account_status ?? p.status_code,
      dedupeKey: dedupeKey("core_pay_account", p.account_id, p.account_status ?? p.status_code),
    });
    const outcome = await apply({ id, source: "core_pay_account", signatureValid: false, rawBody: input.rawBody }, opts, database, input.clientIp);
    return { status: 200, body: { status_code: "200", status_message: "stored" }, headers: {}, notificationId: id, outcome };
  }

  const p = v.parsed;
  // The claim's key: apply replaces it with the confirmed state's key once GoPay's status is read.
  const claimKey = coreDedupeKey(p.state);
  const id = await storeNotification(database, {
    source: "core_payment",
    headers,
    rawBody: input.rawBody,
    signatureValid: true,
    verification: "ok",
    reference: p.order_id,
    statusCode: p.transaction_status,
    dedupeKey: claimKey,
  });
  const outcome = await apply({ id, source: "core_payment", signatureValid: true, rawBody: input.rawBody, dedupeKey: claimKey, claim: coreUpdate(p.state) }, opts, database, input.clientIp);
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
