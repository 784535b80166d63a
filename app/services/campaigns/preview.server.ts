import { and, asc, eq, like, or, sql } from "drizzle-orm";
import { campaignRecipients, campaigns, customers } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { normalisePhone } from "~/lib/phone";
import { escapeLike, foldName } from "~/services/customers/fold";
import type { ExclusionReason } from "./audience.server";
import type { DraftAudience } from "./draft.server";
import { apiPayload, estimateDuration, type ApiPayload, type DurationEstimate } from "./preview";
import { renderedText, ZONE_NAMES, type ZoneName } from "./render";
import { withCustomers, type ShownProblem } from "./left-out.server";
import { baseInstant, scheduleInPast } from "./schedule.server";
import { getTemplate, type CampaignTemplate } from "./templates.server";
import type { Schedule } from "./types";
import type { ZoneSource } from "./zones";

/**
 * The dry run of a campaign (no GoPay call): for the first recipients and for any searched by
 * phone or name, the text they will read and the exact request that will be sent; who was left
 * out and why; how long it will take at the throttle and quiet hours.
 */
export const PREVIEW_ROWS = 20;

export interface PreviewRow {
  id: string;
  customerId: string;
  name: string | null;
  phone: string | null;
  line: number | null;
  zone: ZoneName;
  /** Where the zone came from (null: drafted before customers had a zone). */
  zoneSource: ZoneSource | null;
  status: string;
  skipReason: string | null;
  params: Record<string, string>;
  text: string;
  payload: ApiPayload;
}

export interface CampaignPreview {
  campaign: {
    id: string;
    name: string;
    kind: "push" | "reminder";
    status: string;
    schedule: Schedule | null;
    quietStart: string;
    quietEnd: string;
    throttlePerSecond: number;
    createdAt: Date;
  };
  template: Pick<CampaignTemplate, "id" | "name" | "kind" | "description" | "params">;
  audience: { type: "csv" | "segment"; filename?: string; segment?: string };
  included: number;
  byZone: Record<ZoneName, number>;
  /** Pending recipients by where their zone came from ("unknown": drafted before customers had a zone). */
  byZoneSource: Record<ZoneSource | "unknown", number>;
  excluded: Partial<Record<ExclusionReason, number>>;
  excludedTotal: number;
  problems: ShownProblem[];
  /** A draft whose schedule has passed: scheduling it as it is would be refused (schedule_in_past). */
  scheduleInPast: boolean;
  rows: PreviewRow[];
  search: { q: string; rows: PreviewRow[] } | null;
  estimate: DurationEstimate & { startsAt: Date | null };
}

const rowCols = {
  id: campaignRecipients.id,
  customerId: campaignRecipients.customerId,
  name: customers.name,
  phone: customers.phone,
  line: campaignRecipients.line,
  zone: campaignRecipients.zone,
  zoneSource: campaignRecipients.zoneSource,
  status: campaignRecipients.status,
  skipReason: campaignRecipients.skipReason,
  params: campaignRecipients.params,
  requestId: campaignRecipients.requestId,
};

export async function getCampaignPreview(
  database: DbOrTx,
  campaignId: string,
  opts: { q?: string; now?: Date } = {},
): Promise<CampaignPreview | undefined> {
  const now = opts.now ?? new Date();
  const [c] = await database.select().from(campaigns).where(eq(campaigns.id, campaignId)).limit(1);
  if (!c) return undefined;
  const template = await getTemplate(database, c.templateId);
  if (!template) return undefined;
  const audience = c.audience as unknown as Partial<DraftAudience> & {
    type: "csv" | "segment";
    filename?: string;
    segment?: string;
  };

  const zoneCounts = await database
    .select({
      zone: campaignRecipients.zone,
      source: campaignRecipients.zoneSource,
      n: sql<number>`count(*)::int`,
    })
    .from(campaignRecipients)
    .where(and(eq(campaignRecipients.campaignId, campaignId), eq(campaignRecipients.status, "pending")))
    .groupBy(campaignRecipients.zone, campaignRecipients.zoneSource);
  const byZone = Object.fromEntries(ZONE_NAMES.map((z) => [z, 0])) as Record<ZoneName, number>;
  const byZoneSource: CampaignPreview["byZoneSource"] = { csv: 0, customer: 0, default: 0, unknown: 0 };
  for (const z of zoneCounts) {
    byZone[z.zone as ZoneName] += Number(z.n);
    byZoneSource[z.source ?? "unknown"] += Number(z.n);
  }
  const included = Object.values(byZone).reduce((s, n) => s + n, 0);

  const toRow = (r: {
    id: bigint;
    customerId: string;
    name: string | null;
    phone: string | null;
    line: number | null;
    zone: string;
    zoneSource: ZoneSource | null;
    status: string;
    skipReason: string | null;
    params: Record<string, string>;
    requestId: string;
  }): PreviewRow => ({
    id: r.id.toString(),
    customerId: r.customerId,
    name: r.name,
    phone: r.phone,
    line: r.line,
    zone: r.zone as ZoneName,
    zoneSource: r.zoneSource,
    status: r.status,
    skipReason: r.skipReason,
    params: r.params,
    text: renderedText(template.description, r.params),
    payload: apiPayload(template.kind, template.name, r.params, r.requestId),
  });

  const first = await database
    .select(rowCols)
    .from(campaignRecipients)
    .innerJoin(customers, eq(customers.id, campaignRecipients.customerId))
    .where(eq(campaignRecipients.campaignId, campaignId))
    .orderBy(asc(campaignRecipients.id))
    .limit(PREVIEW_ROWS);

  let search: CampaignPreview["search"] = null;
  const q = (opts.q ?? "").trim().slice(0, 100);
  if (q) {
    const phone = normalisePhone(q);
    const folded = foldName(q);
    const conds = [];
    if (phone) conds.push(eq(customers.phone, phone));
    if (folded && folded.length >= 2) conds.push(like(customers.searchName, `%${escapeLike(folded)}%`));
    const found = conds.length
      ? await database
          .select(rowCols)
          .from(campaignRecipients)
          .innerJoin(customers, eq(customers.id, campaignRecipients.customerId))
          .where(
            and(eq(campaignRecipients.campaignId, campaignId), conds.length === 1 ? conds[0] : or(...conds)),
          )
          .orderBy(asc(campaignRecipients.id))
          .limit(PREVIEW_ROWS)
      : [];
    search = { q, rows: found.map(toRow) };
  }

  const schedule = (c.schedule as Schedule | null) ?? { mode: "now" };
  const starts = Object.fromEntries(
    ZONE_NAMES.map((z) => [z, baseInstant(schedule, z, now) ?? now]),
  ) as Record<ZoneName, Date>;
  // A start already past (a draft saved a while ago for "now") starts now.
  const startFor = (z: ZoneName) => (starts[z].getTime() < now.getTime() ? now : starts[z]);
  const estimate = estimateDuration({
    counts: byZone,
    throttlePerSecond: c.throttlePerSecond,
    quietStart: c.quietStart,
    quietEnd: c.quietEnd,
    startFor,
  });
  const activeZones = ZONE_NAMES.filter((z) => byZone[z] > 0);
  const startsAt = activeZones.length
    ? new Date(Math.min(...activeZones.map((z) => startFor(z).getTime())))
    : null;

  return {
    campaign: {
      id: c.id,
      name: c.name,
      kind: c.kind,
      status: c.status,
      schedule: c.schedule as Schedule | null,
      quietStart: c.quietStart,
      quietEnd: c.quietEnd,
      throttlePerSecond: c.throttlePerSecond,
      createdAt: c.createdAt,
    },
    template: {
      id: template.id,
      name: template.name,
      kind: template.kind,
      description: template.description,
      params: template.params,
    },
    audience: { type: audience.type, filename: audience.filename, segment: audience.segment },
    included,
    byZone,
    byZoneSource,
    excluded: audience.excluded ?? {},
    excludedTotal: audience.rejectedRows ?? 0,
    problems: await withCustomers(database, audience.problems ?? []),
    scheduleInPast: c.status === "draft" && scheduleInPast(schedule, now),
    rows: first.map(toRow),
    search,
    estimate: { ...estimate, startsAt },
  };
}
