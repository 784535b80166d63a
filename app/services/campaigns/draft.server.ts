import { and, asc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { campaignRecipients, campaigns, customers } from "~db/schema";
import type { Db, DbOrTx } from "~/db/client.server";
import { audit, type AuditActor } from "~/services/audit.server";
import {
  checkCsvAudience,
  loadCustomerFields,
  MAX_PROBLEMS,
  renderDetail,
  renderReason,
  type AudienceProblem,
  type AudienceRecipient,
  type ExclusionReason,
} from "./audience.server";
import { heldAudienceCsv, type AudienceCsv, type CsvFatal, type ParsedCsv } from "./csv.server";
import { allFixed, fieldsUsed, renderParams, type ParamSources, type RenderProblem } from "./render";
import { segmentWhere, unreachableInSegment, type SegmentKey } from "./segments.server";
import { getTemplate, type CampaignTemplate } from "./templates.server";
import type { Schedule } from "./types";
import { recipientZone } from "./zones";

/**
 * A draft campaign and its recipients, in one transaction: the campaigns row (status 'draft') and
 * one campaign_recipients row per valid recipient (status 'pending', due_at null, the rendered
 * parameters, a Request-Id generated now and never changed). What was left out is kept on the
 * campaign's audience (counts by reason, the first problems with their lines) for the preview.
 * Scheduling and sending are camp-delivery's (lifecycle.server.ts).
 */

/** What the draft keeps about its audience (campaigns.audience; the agreed shape plus the exclusions). */
export type DraftAudience =
  | {
      type: "csv";
      filename: string;
      validRows: number;
      rejectedRows: number;
      excluded: Partial<Record<ExclusionReason, number>>;
      problems: AudienceProblem[];
    }
  | {
      type: "segment";
      segment: SegmentKey;
      args?: Record<string, unknown>;
      validRows: number;
      rejectedRows: number;
      excluded: Partial<Record<ExclusionReason, number>>;
      problems: AudienceProblem[];
    };

/**
 * Problems kept on the campaign row: the first MAX_PROBLEMS (1,000) by line, as the check keeps
 * them (the campaign page lists the first ones and offers all stored as CSV; all are counted).
 */
const KEPT_PROBLEMS = MAX_PROBLEMS;
const SEGMENT_BATCH = 5000;

export interface DraftInput {
  name: string;
  templateId: string;
  paramSources: ParamSources;
  /**
   * A CSV is read once, batch by batch, while the draft is written (`csv`: openAudienceCsv); a
   * small file already read whole (`parsed`: parseAudienceCsv, e.g. the demo data) is taken too.
   */
  audience:
    | ({ type: "csv"; filename: string } & ({ csv: AudienceCsv } | { parsed: ParsedCsv }))
    | { type: "segment"; segment: SegmentKey };
  schedule: Schedule;
  quietStart: string;
  quietEnd: string;
  throttlePerSecond: number;
}

export type DraftRefusal =
  | { field: "templateId"; reason: "template_gone" | "template_archived" }
  | { field: "params"; reason: "no_source"; param: string }
  | { field: "params"; reason: "fixed_invalid"; problems: RenderProblem[] }
  | { field: "params"; reason: "unknown_column"; param: string; column: string }
  | { field: "file"; reason: "csv_fatal"; fatal: CsvFatal }
  | {
      field: "audience";
      reason: "nobody";
      excluded: Partial<Record<ExclusionReason, number>>;
      problems: AudienceProblem[];
    };

export type DraftResult =
  | {
      ok: true;
      campaignId: string;
      included: number;
      excludedTotal: number;
      excluded: Partial<Record<ExclusionReason, number>>;
    }
  | ({ ok: false } & DraftRefusal);

/** Checks that do not need the audience: the template exists and every parameter has a usable source. */
export function checkSources(
  template: CampaignTemplate,
  sources: ParamSources,
  columns: string[] | null,
): DraftRefusal | undefined {
  if (template.archivedAt) return { field: "templateId", reason: "template_archived" };
  for (const p of template.params) {
    const s = sources[p.name];
    if (!s) return { field: "params", reason: "no_source", param: p.name };
    if (s.type === "column" && columns && !columns.includes(s.column))
      return { field: "params", reason: "unknown_column", param: p.name, column: s.column };
  }
  // Fixed parameters are the same for everyone: a bad one is the form's error, not every row's.
  const fixedOnly = template.params.filter((p) => sources[p.name]?.type === "fixed");
  const r = renderParams(fixedOnly, sources, {});
  if (!r.ok) return { field: "params", reason: "fixed_invalid", problems: r.problems };
  return undefined;
}

/**
 * Inserts recipients with one statement per call, whatever the size: the rows travel as one jsonb
 * parameter (the same on postgres-js and PGlite, no per-value parameters), in line order, a
 * Request-Id generated for each.
 */
async function insertRecipients(tx: DbOrTx, campaignId: string, list: AudienceRecipient[]): Promise<void> {
  if (list.length === 0) return;
  const rows = JSON.stringify(
    list.map((r) => ({ c: r.customerId, l: r.line, z: r.zone, s: r.zoneSource, p: r.params })),
  );
  await tx.execute(sql`
    insert into ${campaignRecipients} (campaign_id, customer_id, line, zone, zone_source, params, request_id, status)
    select ${campaignId}::uuid, (r->>'c')::uuid, (r->>'l')::int, r->>'z', r->>'s', r->'p', gen_random_uuid()::text, 'pending'
    from jsonb_array_elements(${rows}::jsonb) with ordinality as t(r, n)
    order by n`);
}

/**
 * The app's Postgres connections plan every prepared statement for its values
 * (plan_cache_mode = force_custom_plan, app/db/client.server.ts). That includes the two
 * foreign-key checks Postgres runs for each inserted recipient (campaign, customer): 875,000
 * recipients re-planned them 1.75M times (the same INSERT 105 s → 237 s). A draft's transaction
 * sets Postgres' default back for itself only: those checks keep one cached plan.
 */
async function planForBulkInsert(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`set local plan_cache_mode = auto`);
}

/**
 * A draft transaction's first steps, the same for a CSV and a segment: the bulk-insert plan mode,
 * then the campaign row with an empty audience summary (filled in once the recipients are in).
 */
async function startDraft(
  tx: DbOrTx,
  base: Omit<typeof campaigns.$inferInsert, "audience">,
  audience: { type: "csv"; filename: string } | { type: "segment"; segment: SegmentKey },
): Promise<string> {
  await planForBulkInsert(tx);
  const initial: DraftAudience = { ...audience, validRows: 0, rejectedRows: 0, excluded: {}, problems: [] };
  const [c] = await tx.insert(campaigns).values({ ...base, audience: initial }).returning({ id: campaigns.id });
  return c!.id;
}

/**
 * Creates the draft. A CSV is checked row by row in batches (checkCsvAudience), each batch's valid
 * recipients inserted by one statement inside the draft's transaction; a segment is inserted by
 * one INSERT … SELECT when no parameter depends on the customer, else in keyset batches rendered
 * here. Nobody valid → refused (nothing saved).
 */
export async function createDraftCampaign(
  database: Db,
  input: DraftInput,
  actor: AuditActor & { id: string },
  opts: { now?: Date; ip?: string | null; batchSize?: number } = {},
): Promise<DraftResult> {
  const now = opts.now ?? new Date();
  const template = await getTemplate(database, input.templateId);
  if (!template) return { ok: false, field: "templateId", reason: "template_gone" };
  const file =
    input.audience.type !== "csv"
      ? undefined
      : "csv" in input.audience
        ? input.audience.csv
        : heldAudienceCsv(input.audience.parsed);
  const columns = file ? file.columns : null;
  if (file?.fatal) return { ok: false, field: "file", reason: "csv_fatal", fatal: file.fatal };
  const bad = checkSources(template, input.paramSources, columns);
  if (bad) return { ok: false, ...bad };

  const base = {
    name: input.name,
    kind: template.kind,
    templateId: template.id,
    paramSources: input.paramSources,
    status: "draft" as const,
    schedule: input.schedule,
    quietStart: input.quietStart,
    quietEnd: input.quietEnd,
    throttlePerSecond: input.throttlePerSecond,
    createdBy: actor.id,
  };

  if (input.audience.type === "csv") {
    const { filename } = input.audience;
    const csv = file!;
    // One transaction: the campaign row first, then each batch of the file, as it is read and
    // checked, has its recipients inserted at once and is dropped; a file found unusable further
    // on (a bad byte, one row too many), nobody valid, or any failure rolls everything back.
    const result = await database
      .transaction(async (tx) => {
        const campaignId = await startDraft(tx, base, { type: "csv", filename });
        const check = await checkCsvAudience(tx, csv, template, input.paramSources, {
          onBatch: (list) => insertRecipients(tx, campaignId, list),
          batchSize: opts.batchSize,
        });
        if (check.fatal) throw new FatalCsvError(check.fatal);
        if (check.included === 0) throw new NobodyError(check.excluded, check.problems);
        const audience: DraftAudience = {
          type: "csv",
          filename,
          validRows: check.included,
          rejectedRows: check.excludedTotal,
          excluded: check.excluded,
          problems: check.problems.slice(0, KEPT_PROBLEMS),
        };
        await tx.update(campaigns).set({ audience }).where(eq(campaigns.id, campaignId));
        await audit(tx, {
          actor,
          action: "campaign.draft_create",
          targetType: "campaign",
          targetId: campaignId,
          request: {
            name: input.name,
            template: template.name,
            audience: { type: "csv", filename, rows: check.rowCount },
          },
          detail: { included: check.included, excluded: check.excluded },
          result: "ok",
          ip: opts.ip,
        });
        return {
          campaignId,
          included: check.included,
          excludedTotal: check.excludedTotal,
          excluded: check.excluded,
        };
      })
      .catch((err: unknown) => {
        if (err instanceof NobodyError || err instanceof FatalCsvError) return err;
        throw err;
      });
    if (result instanceof FatalCsvError)
      return { ok: false, field: "file", reason: "csv_fatal", fatal: result.fatal };
    if (result instanceof NobodyError)
      return {
        ok: false,
        field: "audience",
        reason: "nobody",
        excluded: result.excluded,
        problems: result.problems,
      };
    return { ok: true, ...result };
  }

  const segment = input.audience.segment;
  const where = segmentWhere(segment, now);
  const result = await database
    .transaction(async (tx) => {
      const campaignId = await startDraft(tx, base, { type: "segment", segment });
      const excluded: Partial<Record<ExclusionReason, number>> = {};
      const problems: AudienceProblem[] = [];
      let included = 0;
      const [noToken] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(customers)
        .where(and(where, sql`${customers.authTokenEnc} is null`));
      if (noToken && Number(noToken.n) > 0) {
        excluded.no_token = Number(noToken.n);
        // Counted is not enough: the pages list who was left out (a segment has no lines to point at).
        for (const customerId of await unreachableInSegment(tx, segment, now, KEPT_PROBLEMS))
          problems.push({ line: null, reason: "no_token", customerId });
      }

      if (allFixed(input.paramSources)) {
        const r = renderParams(template.params, input.paramSources, {});
        if (!r.ok) throw new Error("fixed parameters were checked above");
        // One statement, whatever the size: the same parameters for everyone, a Request-Id each;
        // the zone is the customer's, else WIB (recipientZone without a CSV).
        // The rows go in customer-id order, and the Request-Ids (random v4 uuids, as ever) are
        // handed out in their own sorted order: every index of campaign_recipients (customer,
        // request id, id) and the foreign key's lookups then move through their pages once, in
        // order. Inserted in the customers' scan order, each row landed on random index pages:
        // with 875,000 rows that re-read and re-wrote most of the indexes (1.36M buffer reads,
        // 2.6 GB of WAL → 81k reads, 1.05 GB; docs/benchmarks.md).
        const inserted = await tx.execute(sql`
        with c as materialized (
          select ${customers.id} as id, ${customers.zone} as zone, gen_random_uuid()::text as rid
          from ${customers} where ${where} and ${customers.authTokenEnc} is not null),
        a as (select id, zone, row_number() over (order by id) as n from c),
        b as (select rid, row_number() over (order by rid) as n from c)
        insert into ${campaignRecipients} (campaign_id, customer_id, zone, zone_source, params, request_id, status)
        select ${campaignId}::uuid, a.id, coalesce(a.zone, 'WIB'),
          case when a.zone is null then 'default' else 'customer' end,
          ${JSON.stringify(r.params)}::jsonb, b.rid, 'pending'
        from a join b on b.n = a.n
        order by a.n`);
        included = affected(inserted);
      } else {
        const used = fieldsUsed(input.paramSources);
        let after: string | undefined;
        for (;;) {
          const batch = await tx
            .select({
              id: customers.id,
              name: customers.name,
              phone: customers.phone,
              email: customers.email,
              zone: customers.zone,
            })
            .from(customers)
            .where(and(where, isNotNull(customers.authTokenEnc), after ? gt(customers.id, after) : undefined))
            .orderBy(asc(customers.id))
            .limit(SEGMENT_BATCH);
          if (batch.length === 0) break;
          after = batch[batch.length - 1]!.id;
          const fields = await loadCustomerFields(tx, batch, used);
          const ok: AudienceRecipient[] = [];
          for (const cust of batch) {
            const r = renderParams(template.params, input.paramSources, { customer: fields.get(cust.id) });
            if (r.ok)
              ok.push({
                line: null,
                customerId: cust.id,
                ...recipientZone(null, cust.zone),
                params: r.params,
              });
            else {
              for (const p of r.problems) {
                const reason = renderReason(p);
                excluded[reason] = (excluded[reason] ?? 0) + 1;
                if (problems.length < KEPT_PROBLEMS)
                  problems.push({
                    line: null,
                    reason,
                    param: p.param,
                    detail: renderDetail(p),
                    customerId: cust.id,
                  });
              }
            }
          }
          await insertRecipients(tx, campaignId, ok);
          included += ok.length;
          if (batch.length < SEGMENT_BATCH) break;
        }
      }
      const rejectedRows = Object.values(excluded).reduce((s, n) => s + (n ?? 0), 0);
      if (included === 0) {
        // Nothing to send: roll the whole draft back.
        throw new NobodyError(excluded, problems);
      }
      const audience: DraftAudience = {
        type: "segment",
        segment,
        validRows: included,
        rejectedRows,
        excluded,
        problems: problems.slice(0, MAX_PROBLEMS),
      };
      await tx.update(campaigns).set({ audience }).where(eq(campaigns.id, campaignId));
      await audit(tx, {
        actor,
        action: "campaign.draft_create",
        targetType: "campaign",
        targetId: campaignId,
        request: { name: input.name, template: template.name, audience: { type: "segment", segment } },
        detail: { included, excluded },
        result: "ok",
        ip: opts.ip,
      });
      return { campaignId, included, rejectedRows, excluded };
    })
    .catch((err: unknown) => {
      if (err instanceof NobodyError) return err;
      throw err;
    });
  if (result instanceof NobodyError)
    return {
      ok: false,
      field: "audience",
      reason: "nobody",
      excluded: result.excluded,
      problems: result.problems,
    };
  return {
    ok: true,
    campaignId: result.campaignId,
    included: result.included,
    excludedTotal: result.rejectedRows,
    excluded: result.excluded,
  };
}

class FatalCsvError extends Error {
  constructor(readonly fatal: CsvFatal) {
    super(`audience CSV refused: ${fatal.code}`);
  }
}

class NobodyError extends Error {
  constructor(
    readonly excluded: Partial<Record<ExclusionReason, number>>,
    readonly problems: AudienceProblem[],
  ) {
    super("nobody to send to");
  }
}

/** Rows an INSERT changed, on both drivers (postgres-js: count; PGlite: affectedRows). */
function affected(res: unknown): number {
  const r = res as { count?: number; affectedRows?: number; rowCount?: number };
  return Number(r.count ?? r.affectedRows ?? r.rowCount ?? 0);
}
