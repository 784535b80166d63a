import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { Download } from "~/components/ui/icons";
import { Trans, useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { sectionTitle } from "~/components/meta";
import { OrderFilters } from "~/components/orders/order-filters";
import { OrderPager } from "~/components/orders/order-pager";
import { OrdersTable, type OrderTableRow } from "~/components/orders/orders-table";
import { buttonClasses, Money, PageHeader, StaleCursorNotice } from "~/components/ui";
import { db } from "~/db/client.server";
import { requestT } from "~/lib/action.server";
import { fromColumns, toColumns } from "~/lib/columns";
import { say } from "~/lib/words";
import { loadOrdersPage, type OrderListRow } from "~/services/orders/list.server";
import { parseOrderSearch, searchToQuery, TOTALS_CAP } from "~/services/orders/search-params";

export const meta = sectionTitle("orders");

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "orders:read");
  const parsed = parseOrderSearch(new URL(request.url).searchParams);
  const { view, errors: english } = await loadOrdersPage(db(), parsed);
  // Field errors in the staff member's language (a message with no words stays as it is).
  const t = await requestT(request);
  const errors = Object.fromEntries(Object.entries(english).map(([k, v]) => [k, say(t, parsed.words[k as keyof typeof parsed.words], v)])) as typeof english;
  const f = parsed.filters;
  const filtered = Boolean(
    f.q || f.statuses.length || f.channels.length || f.options.length || f.createdFrom || f.createdTo || f.minAmount !== undefined || f.maxAmount !== undefined,
  );
  return {
    values: parsed.values,
    errors,
    // Only what the rows show goes into the page (its data is embedded in the HTML once more), field
    // by field (~5 KB less than 50 row objects).
    view: view && { ...view, page: { ...view.page, rows: toColumns(view.page.rows.map(tableRow), TABLE_FIELDS) } },
    filtered,
    exportQuery: searchToQuery(parsed.values),
    canExport: can(staff.role, "orders:export"),
  };
}

const TABLE_FIELDS = [
  "orderId",
  "gopayReference",
  "status",
  "channel",
  "paymentOption",
  "amount",
  "refundedAmount",
  "customerName",
  "customerPhone",
  "customerEmail",
  "createdAt",
] as const satisfies readonly (keyof OrderTableRow)[];

function tableRow(r: OrderListRow): OrderTableRow {
  return {
    orderId: r.orderId,
    gopayReference: r.gopayReference,
    status: r.status,
    channel: r.channel,
    paymentOption: r.paymentOption,
    amount: r.amount,
    refundedAmount: r.refundedAmount,
    customerName: r.customerName,
    customerPhone: r.customerPhone,
    customerEmail: r.customerEmail,
    createdAt: r.createdAt,
  };
}

export default function OrdersPage() {
  const { t } = useTranslation("orders");
  const { values, errors, view, filtered, exportQuery, canExport } = useLoaderData<typeof loader>();
  const rows = useMemo(() => (view ? fromColumns(view.page.rows) : []), [view]);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          canExport && view ? (
            <a href={`/orders/export.csv${exportQuery}`} className={buttonClasses("secondary")} download>
              <Download aria-hidden className="size-4" /> {t("exportCsv")}
            </a>
          ) : null
        }
      />
      <OrderFilters values={values} errors={errors} />
      {view ? (
        <>
          <StaleCursorNotice show={view.page.staleCursor} className="mb-3" />
          <Totals totals={view.totals} />
          <OrdersTable rows={rows} filtered={filtered} />
          <OrderPager prev={view.page.prev} next={view.page.next} />
        </>
      ) : (
        <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
          {t("fixFilters", { count: Object.keys(errors).length })}{" "}
          <Link to="/orders" className="underline">
            {t("clearAll")}
          </Link>
        </p>
      )}
    </>
  );
}

function Totals({ totals }: { totals: { count: number; capped: boolean; uncounted?: boolean; amount?: bigint; refunded?: bigint } }) {
  const { t } = useTranslation("orders");
  return (
    <p className="mb-2 text-sm text-slate-700" aria-live="polite">
      {totals.uncounted ? (
        <>{t("totals.uncounted")}</>
      ) : totals.capped ? (
        <Trans t={t} i18nKey="totals.capped" values={{ cap: TOTALS_CAP }} components={{ strong: <strong /> }} />
      ) : (
        <>
          <strong>{t("count", { count: totals.count })}</strong> · {t("totals.total")}{" "}
          <strong>
            <Money minor={totals.amount ?? 0n} />
          </strong>{" "}
          · {t("totals.refunded")}{" "}
          <strong>
            <Money minor={totals.refunded ?? 0n} />
          </strong>
        </>
      )}
    </p>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
