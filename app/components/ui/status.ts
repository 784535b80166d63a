/**
 * Statuses across orders, holds, refunds, operations, accounts and campaigns, mapped to a human
 * label and a tone. Pure so it can be unit tested and reused in CSV exports.
 */
export type Tone = "neutral" | "success" | "warning" | "danger" | "info" | "brand";

const KNOWN: Record<string, { label: string; tone: Tone }> = {
  pending: { label: "Pending", tone: "warning" },
  processing: { label: "Processing", tone: "info" },
  paid: { label: "Paid", tone: "success" },
  settlement: { label: "Settled", tone: "success" },
  succeeded: { label: "Succeeded", tone: "success" },
  success: { label: "Succeeded", tone: "success" },
  partially_refunded: { label: "Partially refunded", tone: "info" },
  refunded: { label: "Refunded", tone: "neutral" },
  cancelled: { label: "Cancelled", tone: "neutral" },
  canceled: { label: "Cancelled", tone: "neutral" },
  cancel: { label: "Cancelled", tone: "neutral" },
  expired: { label: "Expired", tone: "neutral" },
  expire: { label: "Expired", tone: "neutral" },
  failed: { label: "Failed", tone: "danger" },
  failure: { label: "Failed", tone: "danger" },
  deny: { label: "Denied", tone: "danger" },
  rejected: { label: "Rejected", tone: "danger" },
  authorised: { label: "Authorised", tone: "info" },
  authorized: { label: "Authorised", tone: "info" },
  authorize: { label: "Authorised", tone: "info" },
  captured: { label: "Captured", tone: "success" },
  capture: { label: "Captured", tone: "success" },
  released: { label: "Released", tone: "neutral" },
  unknown: { label: "Unknown — checking", tone: "warning" },
  needs_attention: { label: "Needs attention", tone: "danger" },
  approved: { label: "Approved", tone: "success" },
  scheduled: { label: "Scheduled", tone: "info" },
  sending: { label: "Sending", tone: "info" },
  sent: { label: "Sent", tone: "success" },
  draft: { label: "Draft", tone: "neutral" },
  active: { label: "Active", tone: "success" },
  inactive: { label: "Inactive", tone: "neutral" },
  enabled: { label: "Enabled", tone: "success" },
  disabled: { label: "Disabled", tone: "neutral" },
  unbound: { label: "Unbound", tone: "neutral" },
  revoked: { label: "Revoked", tone: "neutral" },
};

const TONES: Tone[] = ["neutral", "success", "warning", "danger", "info", "brand"];

/** `partially_refunded` → "Partially refunded"; `ENABLED` → "Enabled"; anything unknown is humanised. */
export function statusLabel(status: string): string {
  const known = KNOWN[status.toLowerCase()];
  if (known) return known.label;
  const words = status.replace(/[_-]+/g, " ").trim().toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : "—";
}

export function statusTone(status: string): Tone {
  return KNOWN[status.toLowerCase()]?.tone ?? "neutral";
}

export function isTone(v: string): v is Tone {
  return (TONES as string[]).includes(v);
}
