import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Download } from "lucide-react";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/components/meta";
import { OrderFilters } from "~/components/orders/order-filters";
import { OrderPager } from "~/components/orders/order-pager";
import { OrdersTable } from "~/components/orders/orders-table";
import { buttonClasses, Money, PageHeader } from "~/components/ui";
import { db } from "~/db/client.server";
import { loadOrdersPage } from "~/services/orders/list.server";
import { parseOrderSearch, searchToQuery, TOTALS_CAP } from "~/services/orders/search-params";

export const meta: MetaFunction = () => pageTitle("Orders");

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "orders:read");
  const parsed = parseOrderSearch(new URL(request.url).searchParams);
  const { view, errors } = await loadOrdersPage(db(), parsed);
  const f = parsed.filters;
  const filtered = Boolean(
    f.q || f.statuses.length || f.channels.length || f.options.length || f.createdFrom || f.createdTo || f.minAmount !== undefined || f.maxAmount !== undefined,
  );
  return {
    values: parsed.values,
    errors,
    view,
    filtered,
    exportQuery: searchToQuery(parsed.values),
    canExport: can(staff.role, "orders:export"),
  };
}

export default function OrdersPage() {
  const { values, errors, view, filtered, exportQuery, canExport } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Orders"
        description="Find an order by id, GoPay reference, phone or email; filters and sorting stay in the link."
        actions={
          canExport && view ? (
            <a href={`/orders/export.csv${exportQuery}`} className={buttonClasses("secondary")} download>
              <Download aria-hidden className="size-4" /> Export CSV
            </a>
          ) : null
        }
      />
      <OrderFilters values={values} errors={errors} />
      {view ? (
        <>
          <Totals totals={view.totals} />
          <OrdersTable rows={view.page.rows} filtered={filtered} />
          <OrderPager prev={view.page.prev} next={view.page.next} />
        </>
      ) : (
        <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
          Fix the highlighted filter{Object.keys(errors).length > 1 ? "s" : ""} to see orders.{" "}
          <Link to="/orders" className="underline">
            Clear all
          </Link>
        </p>
      )}
    </>
  );
}

function Totals({ totals }: { totals: { count: number; capped: boolean; uncounted?: boolean; amount?: bigint; refunded?: bigint } }) {
  return (
    <p className="mb-2 text-sm text-slate-700" aria-live="polite">
      {totals.uncounted ? (
        <>Many order ids contain this text — too many to count quickly. Type more of the id to see totals.</>
      ) : totals.capped ? (
        <>
          <strong>{TOTALS_CAP.toLocaleString("en")}+</strong> orders — narrow the filters to see totals.
        </>
      ) : (
        <>
          <strong>{totals.count.toLocaleString("en")}</strong> order{totals.count === 1 ? "" : "s"} · total{" "}
          <strong>
            <Money minor={totals.amount ?? 0n} />
          </strong>{" "}
          · refunded{" "}
          <strong>
            <Money minor={totals.refunded ?? 0n} />
          </strong>
        </>
      )}
    </p>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
