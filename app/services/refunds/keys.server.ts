import { randomUUID } from "node:crypto";

/** A fresh intent key for a refund dialog (see REFUND_KEY_PATTERN). */
export function mintRefundKey(): string {
  return `RF${randomUUID().replace(/-/g, "")}`;
}

/** A fresh intent key for a cancel dialog: the same shape, another prefix. */
export function mintCancelKey(): string {
  return `CX${randomUUID().replace(/-/g, "")}`;
}

/** X-EXTERNAL-ID for a read (status query): unique, ≤36 chars, never an intent's key. */
export function readExternalId(): string {
  return `RD${randomUUID().replace(/-/g, "").slice(0, 30)}`;
}
