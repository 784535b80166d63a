import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { useState } from "react";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { BulkRelease } from "~/components/holds/bulk-release";
import { Countdown } from "~/components/holds/countdown";
import { HoldActions } from "~/components/holds/hold-actions";
import { metaT, pageTitle } from "~/components/meta";
import { useTranslation } from "react-i18next";
import { Button, DataTable, DayInput, EmptyState, Field, Input, PageHeader, Pagination, Select, StatusPill, useStatusLabel, wibTime, type Column } from "~/components/ui";
import { formatIdr } from "~/lib/money";
import { db } from "~/db/client.server";
import { formatPhone } from "~/lib/phone";
import { defineAction, parseAction, replyOutcome, requestT } from "~/lib/action.server";
import { translateOutcome, translateSentence } from "~/lib/sentences";
import { captureHold, releaseHold } from "~/services/holds/actions.server";
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
  // One fresh key per hold and action per render: a double submit of the same dialog reuses it.
  // Only authorised holds have the actions, so only they get keys.
  const keys = Object.fromEntries(
    page.rows.filter((r) => r.status === "authorised" && (canCapture || canRelease)).map((r) => [r.id, { capture: randomUUID(), release: randomUUID() }]),
  );
  return {
    ...page,
    // Only what the rows show goes into the page (its data is embedded in the HTML once more).
    rows: page.rows.map(tableRow),
    keys,
    errors,
    now,
    expiring: filters.expiringSoon,
    canCapture,
    canRelease,
  };
}

/** A hold as its row shows it: the customer is one line (name, else phone, else email). */
function tableRow(r: HoldListRow) {
  return {
    id: r.id,
    orderId: r.orderId,
    amount: r.amount,
    status: r.status,
    authorisedAt: r.authorisedAt,
    expiresAt: r.expiresAt,
    customerId: r.customerId,
    customer: r.customerName ?? (r.customerPhone ? formatPhone(r.customerPhone) : (r.customerEmail ?? "—")),
  };
}

const HoldAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("capture"), holdId: z.string().uuid("holds:errors.noHold"), idempotencyKey: z.string().uuid("holds:errors.staleForm") }),
    z.object({
      intent: z.literal("release"),
      holdId: z.string().uuid("holds:errors.noHold"),
      idempotencyKey: z.string().uuid("holds:errors.staleForm"),
      reason: z.string().trim().min(3, "holds:errors.reason").max(500),
    }),
  ]),
  { capture: "holds:capture", release: "holds:release" },
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

type Row = ReturnType<typeof tableRow>;

const EXPIRY_TIME = { className: "text-xs text-slate-600" };

export default function HoldsPage() {
  const d = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("holds");
  const statusLabel = useStatusLabel();
  // "authorised <0/>" split once per table around the time (a <Trans> per row parsed it 50 times).
  const [authorisedBefore, authorisedAfter = ""] = t("table.authorisedAt").split("<0/>");
  const [params] = useSearchParams();
  const [selected, setSelected] = useState<Record<string, string>>({});
  const selectable = d.canRelease;
  const toggle = (r: Row) =>
    setSelected((s) => {
      const n = { ...s };
      if (n[r.id]) delete n[r.id];
      else n[r.id] = r.orderId;
      return n;
    });
  const authorisedRows = d.rows.filter((r) => r.status === "authorised");
  const allSelected = authorisedRows.length > 0 && authorisedRows.every((r) => selected[r.id]);

  const columns: Column<Row>[] = [
    ...(selectable
      ? [
          {
            key: "select",
            header: (
              <input
                type="checkbox"
                aria-label={t("table.selectAll")}
                checked={allSelected}
                onChange={() => setSelected(allSelected ? {} : Object.fromEntries(authorisedRows.map((r) => [r.id, r.orderId])))}
              />
            ),
            cell: (r: Row) =>
              r.status === "authorised" ? (
                <input type="checkbox" aria-label={t("table.select", { orderId: r.orderId })} checked={Boolean(selected[r.id])} onChange={() => toggle(r)} />
              ) : null,
          },
        ]
      : []),
    {
      key: "order",
      header: t("table.order"),
      className: "whitespace-nowrap",
      // The authorised time sits under the order id so the row fits beside the actions at 1280 px.
      cell: (r) => (
        <div className="flex flex-col">
          <Link className="font-medium text-brand-700 hover:underline" to={`/orders/${encodeURIComponent(r.orderId)}`}>
            {r.orderId}
          </Link>
          <span className="text-xs text-slate-600">
            {authorisedBefore}
            {wibTime(r.authorisedAt, i18n.language)}
            {authorisedAfter}
          </span>
        </div>
      ),
    },
    {
      key: "customer",
      header: t("table.customer"),
      className: "whitespace-nowrap",
      // The customer case view: everything else this person did.
      cell: (r) =>
        r.customerId ? (
          <Link className="text-brand-700 hover:underline" to={`/customers/${r.customerId}`}>
            {r.customer}
          </Link>
        ) : (
          r.customer
        ),
    },
    { key: "amount", header: t("table.amount"), align: "right", className: "nums", cell: (r) => formatIdr(r.amount) },
    {
      key: "expires",
      header: t("table.expires"),
      // Time left first (what finance acts on), the exact WIB time under it.
      cell: (r) => (
        <div className="flex flex-col">
          {r.status === "authorised" ? <Countdown expiresAt={r.expiresAt} serverNow={d.now} /> : null}
          {wibTime(r.expiresAt, i18n.language, EXPIRY_TIME)}
        </div>
      ),
    },
    { key: "status", header: t("table.status"), cell: (r) => <StatusPill status={r.status} label={statusLabel(r.status)} /> },
    {
      key: "actions",
      header: <span className="sr-only">{t("table.actions")}</span>,
      align: "right",
      // The buttons stack when the row is tight instead of scrolling out of sight.
      cell: (r) => {
        const keys = d.keys[r.id];
        return keys ? <HoldActions hold={r} canCapture={d.canCapture} canRelease={d.canRelease} keys={keys} /> : null;
      },
    },
  ];
  const chosen = Object.entries(selected).map(([id, orderId]) => ({ id, orderId, amount: d.rows.find((r) => r.id === id)?.amount ?? null }));

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
      {selectable ? <BulkRelease selected={chosen} onClear={() => setSelected({})} /> : null}
      <DataTable
        caption={t("table.caption")}
        columns={columns}
        rows={d.rows}
        rowKey={(r) => r.id}
        empty={
          <EmptyState title={d.expiring ? t("table.noneExpiring") : t("table.noMatch")}>
            {d.expiring ? t("table.noneExpiringText") : t("table.noMatchText")}
          </EmptyState>
        }
      />
      <Pagination newerCursor={d.newerCursor} olderCursor={d.olderCursor} label={t("table.pages")} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
