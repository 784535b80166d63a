import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { useMemo, useState } from "react";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { BulkRelease } from "~/components/holds/bulk-release";
import { HoldsTable, type HoldSelection, type HoldTableRow } from "~/components/holds/holds-table";
import { metaT, pageTitle } from "~/components/meta";
import { useTranslation } from "react-i18next";
import { Button, DayInput, Field, Input, PageHeader, Pagination, Select, StaleCursorNotice } from "~/components/ui";
import { db } from "~/db/client.server";
import { fromColumns, toColumns } from "~/lib/columns";
import { formatPhone } from "~/lib/phone";
import { defineAction, parseAction, replyOutcome, requestT } from "~/lib/action.server";
import { translateOutcome, translateSentence } from "~/lib/sentences";
import { captureHold, releaseHold } from "~/services/holds/actions.server";
import { HOLD_INTENT_PERMISSIONS, HOLD_INTENTS } from "~/services/holds/intents";
import { holdOutcome } from "~/services/holds/outcome";
import { listHolds, parseHoldFilters, type HoldListRow } from "~/services/holds/list.server";
import { HOLD_STATUSES } from "~db/schema";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("holds:title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "holds:read");
  const url = new URL(request.url);
  const { filters, errors } = parseHoldFilters(url.searchParams);
  const now = new Date();
  const page = await listHolds(db(), filters, now);
  const canCapture = can(me.role, "holds:capture");
  const canRelease = can(me.role, "holds:release");
  const acts = canCapture || canRelease;
  return {
    ...page,
    // Only what the rows show goes into the page (its data is embedded in the HTML once more), field
    // by field (lib/columns).
    rows: toColumns(page.rows.map((r) => tableRow(r, acts)), TABLE_FIELDS),
    errors,
    now,
    expiring: filters.expiringSoon,
    canCapture,
    canRelease,
  };
}

const TABLE_FIELDS = ["orderId", "amount", "status", "authorisedAt", "expiresAt", "customerId", "customer", "act"] as const satisfies readonly (
  keyof HoldTableRow
)[];

/** A hold as its row shows it: the customer is one line (name, else phone, else email). */
function tableRow(r: HoldListRow, acts: boolean): HoldTableRow {
  return {
    orderId: r.orderId,
    amount: r.amount,
    status: r.status,
    authorisedAt: r.authorisedAt,
    expiresAt: r.expiresAt,
    customerId: r.customerId,
    customer: r.customerName ?? (r.customerPhone ? formatPhone(r.customerPhone) : (r.customerEmail ?? "—")),
    // Only an authorised hold can be captured, released or selected, so only it carries its id and
    // one fresh key per action per render (a double submit of the same dialog reuses it).
    ...(acts && r.status === "authorised" ? { act: { holdId: r.id, capture: randomUUID(), release: randomUUID() } } : {}),
  };
}

const HoldAction = defineAction(
  z.discriminatedUnion("intent", [...HOLD_INTENTS]),
  HOLD_INTENT_PERMISSIONS,
);

export async function action({ request }: ActionFunctionArgs) {
  const parsed = await parseAction(request, HoldAction);
  if (!parsed.ok) return parsed.reply;
  const { staff, input } = parsed;
  const actor = { id: staff.id, label: staff.email };
  const res = input.intent === "capture" ? await captureHold({ ...input, actor }) : await releaseHold({ ...input, actor });
  // The service answers in English; the staff member reads it in their language.
  return replyOutcome(translateOutcome(await requestT(request), holdOutcome(res)), { to: `/holds${new URL(request.url).search}`, intent: input.intent });
}

export default function HoldsPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("holds");
  const [params] = useSearchParams();
  const rows = useMemo(() => fromColumns(d.rows), [d.rows]);
  const [selected, setSelected] = useState<HoldSelection>({});
  const chosen = Object.entries(selected).map(([id, orderId]) => ({ id, orderId, amount: rows.find((r) => r.act?.holdId === id)?.amount ?? null }));

  return (
    <div>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <nav aria-label={t("views")} className="flex gap-2">
            <Link className={!d.expiring ? "font-semibold underline" : "text-brand-700 hover:underline"} to="/holds" aria-current={!d.expiring ? "page" : undefined}>
              {t("all")}
            </Link>
            <Link className={d.expiring ? "font-semibold underline" : "text-brand-700 hover:underline"} to="/holds?view=expiring" aria-current={d.expiring ? "page" : undefined}>
              {t("expiringSoon")}
            </Link>
          </nav>
        }
      />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label={t("filters.label")}>
        {d.expiring ? <input type="hidden" name="view" value="expiring" /> : null}
        <Field label={t("filters.status")} error={translateSentence(t, d.errors.status)}>
          <Select name="status" defaultValue={params.get("status") ?? ""} disabled={d.expiring}>
            <option value="">{t("filters.any")}</option>
            {HOLD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("filters.from")} error={translateSentence(t, d.errors.from)}>
          <DayInput key={params.get("from") ?? ""} name="from" defaultValue={params.get("from") ?? ""} className="w-36" />
        </Field>
        <Field label={t("filters.to")}>
          <DayInput key={params.get("to") ?? ""} name="to" defaultValue={params.get("to") ?? ""} className="w-36" />
        </Field>
        <Field label={t("filters.min")} error={translateSentence(t, d.errors.min)}>
          <Input name="min" inputMode="numeric" defaultValue={params.get("min") ?? ""} className="w-32" />
        </Field>
        <Field label={t("filters.max")} error={translateSentence(t, d.errors.max)}>
          <Input name="max" inputMode="numeric" defaultValue={params.get("max") ?? ""} className="w-32" />
        </Field>
        <Button type="submit" variant="secondary">
          {t("filters.apply")}
        </Button>
      </Form>
      <StaleCursorNotice show={d.staleCursor} className="mb-4" />
      {d.canRelease ? <BulkRelease selected={chosen} onClear={() => setSelected({})} /> : null}
      <HoldsTable rows={rows} now={d.now} canCapture={d.canCapture} canRelease={d.canRelease} selected={selected} onSelect={setSelected} expiring={d.expiring} />
      <Pagination newerCursor={d.newerCursor} olderCursor={d.olderCursor} label={t("table.pages")} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
