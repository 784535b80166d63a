/**
 * The campaign vocabulary every campaigns module shares (wizard, delivery, pages). The tables are
 * db/schema/campaigns.ts; this module only re-exports their value sets and jsonb shapes, plus the
 * labels of what the delivery engine writes on a recipient row.
 */
export {
  CAMPAIGN_KINDS,
  CAMPAIGN_STATUSES,
  RECIPIENT_STATUSES,
  ZONES,
  type CampaignKind,
  type CampaignStatus,
  type RecipientStatus,
  type Zone,
  type ParamSource,
  type Audience,
  type Schedule,
} from "~db/schema/campaigns";

/** UTC offset of each Indonesian zone in minutes (no daylight saving in Indonesia). */
export const ZONE_OFFSET_MINUTES = { WIB: 7 * 60, WITA: 8 * 60, WIT: 9 * 60 } as const;

/** Statuses from which nothing more will be sent. */
export const FINAL_CAMPAIGN_STATUSES = ["completed", "cancelled", "failed"] as const;

/** Why a recipient row was skipped (skip_reason). */
export const SKIP_REASONS = ["cancelled", "no_token"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Progress of a campaign: rows by status; `deferred` = pending rows whose due_at is still ahead. */
export interface CampaignProgress {
  total: number;
  pending: number;
  deferred: number;
  sending: number;
  sent: number;
  failed: number;
  skipped: number;
  /** Outcome unknown (may have been delivered; GoPay has not confirmed): never counted as sent or failed. */
  unknown: number;
}
