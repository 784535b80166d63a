import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AlertTriangle, ArrowLeft } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { Badge, Card, DataTable, DateTime, Money, PageHeader, StatusBadge, type Column } from "~/components/ui";
import { db } from "~/db/client.server";
import { clientIp } from "~/auth/request-meta.server";
import { CustomerZone, ZONE_CHOICES } from "~/components/customers/customer-zone";
import { defineAction, parseAction, requestT } from "~/lib/action.server";
import { redirectWithToast } from "~/lib/toast.server";
import { setCustomerZone } from "~/services/customers/zone.server";
import { formatPhone } from "~/lib/phone";
import { say } from "~/lib/words";
import { getCustomerCase, type CaseAccount, type CaseOrder } from "~/services/customers/case.server";
import { CustomerCoins } from "~/components/coins/customer-coins";
import { customerCoins } from "~/services/coins/customer.server";
import type { CustomerMatchBy } from "~db/schema";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.customer.name, metaT(matches)("customers:page.metaTitle"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "customers:read");
  const found = await getCustomerCase(db(), params.customerId ?? "");
  if (!found) throw new Response(say(await requestT(request), { key: "customers:page.notFound" }, "No such customer in Loket."), { status: 404 });
  const canOrders = can(me.role, "orders:read");
  const canAccounts = can(me.role, "accounts:read");
  const canCoins = can(me.role, "coins:read");
  // What a role may not read is not sent at all (campaigns sees who, not their money).
  return {
    ...found,
    orders: canOrders ? found.orders : [],
    totals: canOrders ? found.totals : null,
    accounts: canAccounts ? found.accounts : [],
    warnings: found.warnings.filter((w) => canCoins || !w.kind.startsWith("coins")),
    timeline: (canOrders ? found.timeline : found.timeline.filter((e) => e.source === "session" || (canAccounts && e.source === "account"))).filter((e) => canCoins || e.source !== "coins"),
    coins: canCoins ? await customerCoins(db(), found.customer.id) : null,
    canDisburse: can(me.role, "coins:disburse"),
    canOrders,
    canAccounts,
    canEdit: can(me.role, "customers:edit"),
  };
}

const CustomerAction = defineAction(
  z.discriminatedUnion("intent", [
    // "" clears the zone (campaigns then use WIB).
    z.object({ intent: z.literal("setZone"), zone: z.enum(["", ...ZONE_CHOICES]) }),
  ]),
  { setZone: "customers:edit" },
);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = await parseAction(request, CustomerAction);
  if (!parsed.ok) return parsed.reply;
  const { staff, input } = parsed;
  const t = await requestT(request);
  const id = params.customerId ?? "";
  switch (input.intent) {
    case "setZone": {
      const zone = input.zone === "" ? null : input.zone;
      const out = await setCustomerZone(db(), { customerId: id, zone, actor: { id: staff.id, email: staff.email }, ip: clientIp(context) });
      if (!out.ok) throw new Response(say(t, { key: "customers:page.notFound" }, "No such customer in Loket."), { status: 404 });
      const title = zone ? say(t, { key: "customers:zone.saved", params: { zone } }, `Time zone set to ${zone}.`) : say(t, { key: "customers:zone.cleared" }, "Time zone cleared: WIB is used.");
      return redirectWithToast(`/customers/${id}`, { type: "success", title });
    }
  }
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[11rem_minmax(0,1fr)] gap-2 py-1">
      <dt className="text-slate-600">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">{children}</dd>
    </div>
  );
}

export default function CustomerPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("customers");
  const c = d.customer;
  const by = (m: CustomerMatchBy | null) => (m ? t(`matchedBy.${m}`) : "—");
  const none = "—";
  const accountColumns: Column<CaseAccount>[] = [
    { key: "account", header: t("accountColumns.account"), cell: (a) => <span className="font-mono text-xs break-all">{a.accountId}</span> },
    { key: "phone", header: t("accountColumns.phone"), className: "whitespace-nowrap", cell: (a) => formatPhone(a.phone) },
    { key: "status", header: t("accountColumns.status"), cell: (a) => <StatusBadge status={a.status.toLowerCase()} /> },
    { key: "by", header: t("accountColumns.linkedBy"), cell: (a) => by(a.matchedBy) },
    { key: "created", header: t("accountColumns.created"), className: "whitespace-nowrap", cell: (a) => <DateTime value={a.createdAt} /> },
    { key: "unbound", header: t("accountColumns.unbound"), className: "whitespace-nowrap", cell: (a) => (a.unboundAt ? <DateTime value={a.unboundAt} /> : none) },
  ];
  const orderColumns: Column<CaseOrder>[] = [
    { key: "order", header: t("orderColumns.order"), cell: (o) => <span className="font-mono text-xs">{o.orderId}</span> },
    { key: "channel", header: t("orderColumns.channel"), cell: (o) => t(`channel.${o.channel as "deeplink"}`, { defaultValue: o.channel }) },
    { key: "status", header: t("orderColumns.status"), cell: (o) => <StatusBadge status={o.status} /> },
    { key: "amount", header: t("orderColumns.amount"), align: "right", className: "whitespace-nowrap", cell: (o) => <Money minor={o.amount} /> },
    { key: "paid", header: t("orderColumns.paid"), align: "right", className: "whitespace-nowrap", cell: (o) => <Money minor={o.paidAmount} /> },
    { key: "refunded", header: t("orderColumns.refunded"), align: "right", className: "whitespace-nowrap", cell: (o) => (o.refundedAmount > 0n ? <Money minor={o.refundedAmount} /> : none) },
    { key: "created", header: t("orderColumns.created"), className: "whitespace-nowrap", cell: (o) => <DateTime value={o.createdAt} /> },
  ];
  return (
    <div className="min-w-0 space-y-6">
      <Link to="/customers" className="inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
        <ArrowLeft aria-hidden className="size-4" /> {t("page.back")}
      </Link>
      <PageHeader
        title={c.name ?? c.merchantUserId ?? formatPhone(c.phone)}
        description={c.merchantUserId ? t("page.merchantDescription", { id: c.merchantUserId }) : t("page.guestDescription")}
      />
      {d.warnings.length ? (
        <section aria-labelledby="warn-h" className="rounded-lg border border-amber-300 bg-amber-50 p-4">
          <h2 id="warn-h" className="flex items-center gap-2 text-sm font-semibold text-amber-900">
            <AlertTriangle aria-hidden className="size-4" /> {t("page.warnings")}
          </h2>
          <ul className="mt-2 space-y-1 text-sm text-amber-900" data-testid="customer-warnings">
            {d.warnings.map((w, i) => (
              <li key={i}>
                {w.kind === "matchConflict"
                  ? t("warning.matchConflict", { ...w.params, reason: t(`warning.reason.${w.params.reason as "phone_ambiguous"}`) })
                  : w.kind === "reminderOnPaidOrder"
                    ? t("warning.reminderOnPaidOrder", { reminderId: w.params.reminderId ?? "" })
                    : w.kind === "coinsUnknown" || w.kind === "coinsAwaitingApproval"
                      ? t(`warning.${w.kind}`, { n: w.params.count ?? "", amount: w.params.amount ?? "" })
                      : t("warning.recentUnbind", { accountId: w.params.accountId ?? "" })}{" "}
                {w.kind === "coinsUnknown" || w.kind === "coinsAwaitingApproval" ? (
                  <Link className="text-brand-700 underline" to={w.kind === "coinsUnknown" ? `/coins?status=unknown&customer=${c.id}` : "/approvals"}>
                    {t(w.kind === "coinsUnknown" ? "warning.coinsLink" : "warning.approvalsLink")}
                  </Link>
                ) : null}
                {w.orderId && d.canOrders ? (
                  <Link className="text-brand-700 underline" to={`/orders/${encodeURIComponent(w.orderId)}`}>
                    {t("timeline.order", { orderId: w.orderId })}
                  </Link>
                ) : null}
                {w.accountId && d.canAccounts && w.kind === "matchConflict" ? (
                  <Link className="text-brand-700 underline" to={`/accounts/${encodeURIComponent(w.accountId)}`}>
                    {t("timeline.account", { accountId: w.accountId })}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="grid gap-6 xl:grid-cols-2">
        <Card title={t("page.who")}>
          <dl className="text-sm">
            <Row label={t("page.name")}>{c.name ?? none}</Row>
            <Row label={t("page.phone")}>{formatPhone(c.phone)}</Row>
            <Row label={t("page.email")}>{c.email ?? none}</Row>
            <Row label={t("page.merchantUserId")}>{c.merchantUserId ? <span className="font-mono text-xs">{c.merchantUserId}</span> : <Badge>{t("guest")}</Badge>}</Row>
            <Row label={t("page.gopayAccountId")}>{c.gopayAccountId ? <span className="font-mono text-xs break-all">{c.gopayAccountId}</span> : none}</Row>
            <Row label={t("page.since")}><DateTime value={c.createdAt} wrap /></Row>
            <Row label={t("zone.label")}><CustomerZone zone={c.zone} canEdit={d.canEdit} /></Row>
          </dl>
        </Card>
        <Card title={t("page.session")}>
          <dl className="text-sm">
            <Row label={t("page.consent")}>{c.profileFetchedAt ? t("page.consentGiven") : t("page.consentNone")}</Row>
            <Row label={t("page.token")}>{c.tokenPresent ? <Badge tone="success" className="whitespace-normal">{t("page.tokenPresent")}</Badge> : t("page.tokenMissing")}</Row>
            <Row label={t("page.profileFetchedAt")}>{c.profileFetchedAt ? <DateTime value={c.profileFetchedAt} wrap /> : t("page.never")}</Row>
          </dl>
        </Card>
      </div>
      {d.totals ? (
        <Card title={t("page.totals")}>
          <dl className="grid grid-cols-3 gap-4 text-sm" data-testid="customer-money">
            <div><dt className="text-slate-600">{t("page.ordersCount")}</dt><dd className="text-lg font-semibold">{d.totals.orders}</dd></div>
            <div><dt className="text-slate-600">{t("page.paid")}</dt><dd className="text-lg font-semibold"><Money minor={d.totals.paid} /></dd></div>
            <div><dt className="text-slate-600">{t("page.refunded")}</dt><dd className="text-lg font-semibold"><Money minor={d.totals.refunded} /></dd></div>
          </dl>
        </Card>
      ) : null}
      {d.canAccounts ? (
        <section aria-labelledby="acc-h" className="space-y-2">
          <h2 id="acc-h" className="text-sm font-semibold text-slate-900">{t("page.accounts")}</h2>
          <DataTable caption={t("page.accounts")} columns={accountColumns} rows={d.accounts} rowKey={(a) => a.id} rowHref={(a) => `/accounts/${encodeURIComponent(a.accountId)}`} empty={<p className="p-4 text-sm text-slate-600">{t("page.noAccounts")}</p>} />
        </section>
      ) : null}
      {d.canOrders && d.totals ? (
        <section aria-labelledby="ord-h" className="space-y-2">
          <h2 id="ord-h" className="text-sm font-semibold text-slate-900">{t("page.orders")}</h2>
          {d.totals.orders ? <p className="text-xs text-slate-500">{t("page.ordersHint", { count: d.totals.orders, shown: d.orders.length })}</p> : null}
          <DataTable caption={t("page.orders")} columns={orderColumns} rows={d.orders} rowKey={(o) => o.id} rowHref={(o) => `/orders/${encodeURIComponent(o.orderId)}`} empty={<p className="p-4 text-sm text-slate-600">{t("page.noOrders")}</p>} />
        </section>
      ) : null}
      {d.coins ? <CustomerCoins customerId={c.id} coins={d.coins} canDisburse={d.canDisburse} /> : null}
      <Card title={t("page.timeline")} description={t("page.timelineHint")}>
        {d.timeline.length === 0 ? (
          <p className="text-sm text-slate-600">{t("page.noTimeline")}</p>
        ) : (
          <ol className="space-y-2 text-sm" data-testid="customer-timeline">
            {d.timeline.map((e) => (
              <li key={e.key} data-kind={e.kind} data-at={e.at} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 border-b border-slate-100 pb-2 last:border-0">
                <span className="w-52 shrink-0 whitespace-nowrap text-slate-600"><DateTime value={e.at} /></span>
                <span className="font-medium text-slate-900">{t(`timeline.kind.${e.kind as "order.paid"}`, { defaultValue: e.kind })}</span>
                {e.status ? <StatusBadge status={e.status.toLowerCase()} code={e.code ?? e.status} /> : null}
                {e.amount !== null && e.amount !== undefined ? <Money minor={e.amount} /> : null}
                {e.orderId ? (
                  d.canOrders ? (
                    <Link className="text-brand-700 hover:underline" to={`/orders/${encodeURIComponent(e.orderId)}`}>{t("timeline.order", { orderId: e.orderId })}</Link>
                  ) : (
                    <span>{t("timeline.order", { orderId: e.orderId })}</span>
                  )
                ) : null}
                {e.accountId ? (
                  d.canAccounts ? (
                    <Link className="text-brand-700 hover:underline" to={`/accounts/${encodeURIComponent(e.accountId)}`}>{t("timeline.account", { accountId: e.accountId })}</Link>
                  ) : (
                    <span>{t("timeline.account", { accountId: e.accountId })}</span>
                  )
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
