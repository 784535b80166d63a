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
import { pageTitle } from "~/components/meta";
import { Button, DataTable, DateTime, EmptyState, Field, Input, Money, PageHeader, Pagination, Select, StatusBadge, type Column } from "~/components/ui";
import { db } from "~/db/client.server";
import { formatPhone } from "~/lib/phone";
import { defineAction, parseAction, replyOutcome } from "~/lib/action.server";
import { captureHold, releaseHold } from "~/services/holds/actions.server";
import { holdOutcome } from "~/services/holds/outcome";
import { listHolds, parseHoldFilters, type HoldListRow } from "~/services/holds/list.server";
import { HOLD_STATUSES } from "~db/schema";

export const meta: MetaFunction = () => pageTitle("Holds");

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "holds:read");
  const url = new URL(request.url);
  const { filters, errors } = parseHoldFilters(url.searchParams);
  const now = new Date();
  const page = await listHolds(db(), filters, now);
  // One fresh key per hold and action per render: a double submit of the same dialog reuses it.
  const keys = Object.fromEntries(page.rows.map((r) => [r.id, { capture: randomUUID(), release: randomUUID() }]));
  return {
    ...page,
    keys,
    errors,
    now,
    expiring: filters.expiringSoon,
    canCapture: can(me.role, "holds:capture"),
    canRelease: can(me.role, "holds:release"),
  };
}

const HoldAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("capture"), holdId: z.string().uuid("This hold does not exist; reload the page."), idempotencyKey: z.string().uuid("This form is out of date; reload the page.") }),
    z.object({
      intent: z.literal("release"),
      holdId: z.string().uuid("This hold does not exist; reload the page."),
      idempotencyKey: z.string().uuid("This form is out of date; reload the page."),
      reason: z.string().trim().min(3, "Give a reason for the release (at least 3 characters).").max(500),
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
  return replyOutcome(holdOutcome(res), { to: `/holds${new URL(request.url).search}`, intent: input.intent });
}

type Row = HoldListRow;

export default function HoldsPage() {
  const d = useLoaderData<typeof loader>();
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
                aria-label="Select all authorised holds on this page"
                checked={allSelected}
                onChange={() => setSelected(allSelected ? {} : Object.fromEntries(authorisedRows.map((r) => [r.id, r.orderId])))}
              />
            ),
            cell: (r: Row) =>
              r.status === "authorised" ? (
                <input type="checkbox" aria-label={`Select hold ${r.orderId}`} checked={Boolean(selected[r.id])} onChange={() => toggle(r)} />
              ) : null,
          },
        ]
      : []),
    {
      key: "order",
      header: "Order",
      className: "whitespace-nowrap",
      // The authorised time sits under the order id so the row fits beside the actions at 1280 px.
      cell: (r) => (
        <div className="flex flex-col">
          <Link className="font-medium text-brand-700 hover:underline" to={`/orders/${encodeURIComponent(r.orderId)}`}>
            {r.orderId}
          </Link>
          <span className="text-xs text-slate-600">
            authorised <DateTime value={r.authorisedAt} />
          </span>
        </div>
      ),
    },
    {
      key: "customer",
      header: "Customer",
      className: "whitespace-nowrap",
      cell: (r) => r.customerName ?? (r.customerPhone ? formatPhone(r.customerPhone) : (r.customerEmail ?? "—")),
    },
    { key: "amount", header: "Amount", align: "right", className: "whitespace-nowrap", cell: (r) => <Money minor={r.amount} /> },
    {
      key: "expires",
      header: "Expires",
      // Time left first (what finance acts on), the exact WIB time under it.
      cell: (r) => (
        <div className="flex flex-col">
          {r.status === "authorised" ? <Countdown expiresAt={r.expiresAt} serverNow={d.now} /> : null}
          <DateTime value={r.expiresAt} className="text-xs text-slate-600" />
        </div>
      ),
    },
    { key: "status", header: "Status", cell: (r) => <StatusBadge status={r.status} /> },
    {
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      align: "right",
      // The buttons stack when the row is tight instead of scrolling out of sight.
      cell: (r) => <HoldActions hold={r} canCapture={d.canCapture} canRelease={d.canRelease} keys={d.keys[r.id]!} />,
    },
  ];
  const chosen = Object.entries(selected).map(([id, orderId]) => ({ id, orderId, amount: d.rows.find((r) => r.id === id)?.amount ?? null }));

  return (
    <div>
      <PageHeader
        title="Holds"
        description="Pre-authorised GoPay payments: capture them in full or release them before they lapse."
        actions={
          <nav aria-label="Hold views" className="flex gap-2">
            <Link className={!d.expiring ? "font-semibold underline" : "text-brand-700 hover:underline"} to="/holds" aria-current={!d.expiring ? "page" : undefined}>
              All holds
            </Link>
            <Link className={d.expiring ? "font-semibold underline" : "text-brand-700 hover:underline"} to="/holds?view=expiring" aria-current={d.expiring ? "page" : undefined}>
              Expiring within 5 minutes
            </Link>
          </nav>
        }
      />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter holds">
        {d.expiring ? <input type="hidden" name="view" value="expiring" /> : null}
        <Field label="Status" error={d.errors.status}>
          <Select name="status" defaultValue={params.get("status") ?? ""} disabled={d.expiring}>
            <option value="">Any</option>
            {HOLD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s[0]!.toUpperCase() + s.slice(1)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Authorised from (WIB)" error={d.errors.from}>
          <Input type="date" name="from" defaultValue={params.get("from") ?? ""} />
        </Field>
        <Field label="to">
          <Input type="date" name="to" defaultValue={params.get("to") ?? ""} />
        </Field>
        <Field label="Min amount (Rp)" error={d.errors.min}>
          <Input name="min" inputMode="numeric" defaultValue={params.get("min") ?? ""} className="w-32" />
        </Field>
        <Field label="Max amount (Rp)" error={d.errors.max}>
          <Input name="max" inputMode="numeric" defaultValue={params.get("max") ?? ""} className="w-32" />
        </Field>
        <Button type="submit" variant="secondary">
          Apply
        </Button>
      </Form>
      {selectable ? <BulkRelease selected={chosen} onClear={() => setSelected({})} /> : null}
      <DataTable
        caption="Pre-auth holds"
        columns={columns}
        rows={d.rows}
        rowKey={(r) => r.id}
        empty={
          <EmptyState title={d.expiring ? "No hold expires in the next 5 minutes" : "No holds match"}>
            {d.expiring ? "Authorised holds close to lapsing will show here." : "Change the filters, or wait for a pre-auth charge."}
          </EmptyState>
        }
      />
      <Pagination newerCursor={d.newerCursor} olderCursor={d.olderCursor} label="Holds pages" />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
