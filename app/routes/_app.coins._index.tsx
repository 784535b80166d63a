import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { Download, FileSpreadsheet, Plus } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { clientIp } from "~/auth/request-meta.server";
import { BudgetCard } from "~/components/coins/budget-card";
import { CoinFilters } from "~/components/coins/coin-filters";
import { BatchesTable, PayoutsTable } from "~/components/coins/payouts-table";
import { WalletCard } from "~/components/coins/wallet-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { buttonClasses, Card, PageHeader, Pagination, StaleCursorNotice } from "~/components/ui";
import { db } from "~/db/client.server";
import type { ActionData } from "~/lib/action-data";
import { defineAction, parseAction, refuse, replyOutcome, requestT } from "~/lib/action.server";
import { exportHref } from "~/lib/export-href";
import { MAX_TRANSACTION_MINOR, rupiahField } from "~/lib/money";
import { redirectWithToast } from "~/lib/toast.server";
import { say } from "~/lib/words";
import {
  coinRequesters,
  listCoinBatches,
  listCoinPayouts,
  parseCoinSearch,
} from "~/services/coins/list.server";
import { coinsOverview } from "~/services/coins/overview.server";
import { retrySinglePayout } from "~/services/coins/single.server";
import { coinPayoutOutcome } from "~/services/coins/single-outcome.server";
import { pageWallet, refreshWallet, setWalletBalance } from "~/services/coins/wallet.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("coins:title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "coins:read");
  const url = new URL(request.url);
  const { filters, values, errors } = parseCoinSearch(url.searchParams);
  const ok = Object.keys(errors).length === 0;
  const [wallet, overview, page, batches, requesters] = await Promise.all([
    // Older than 5 minutes: asked of GoPay, waiting at most 2 s (else the last known, with a note).
    pageWallet({ actor: { id: me.id, email: me.email }, ip: clientIp(context) }),
    coinsOverview(db()),
    ok
      ? listCoinPayouts(db(), filters, {
          after: url.searchParams.get("after"),
          before: url.searchParams.get("before"),
        })
      : { rows: [], newerCursor: null, olderCursor: null, staleCursor: false },
    listCoinBatches(db(), { limit: 10 }),
    coinRequesters(db()),
  ]);
  return {
    overview,
    wallet,
    page,
    batches,
    requesters,
    values,
    errors,
    canDisburse: can(me.role, "coins:disburse"),
    canSettings: can(me.role, "settings:limits"),
    canExport: can(me.role, "finance:export"),
  };
}

const CoinsAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("refresh-wallet") }),
    // A balance may be Rp 0 (an empty wallet): not `positive`.
    z.object({ intent: z.literal("set-wallet"), balance: rupiahField({ max: MAX_TRANSACTION_MINOR }) }),
    z.object({
      intent: z.literal("retry-payout"),
      payoutId: z.string().uuid("coins:single.errors.payoutGone"),
    }),
  ]),
  { "refresh-wallet": "coins:disburse", "set-wallet": "coins:disburse", "retry-payout": "coins:disburse" },
);

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseAction(request, CoinsAction);
  if (!parsed.ok) return parsed.reply;
  const { staff, input } = parsed;
  const actor = { id: staff.id, email: staff.email };
  const ip = clientIp(context);
  const t = await requestT(request);
  const back = `/coins${new URL(request.url).search}`;
  switch (input.intent) {
    case "refresh-wallet": {
      const r = await refreshWallet({ actor, ip });
      if (r.kind === "refreshed")
        return redirectWithToast(back, {
          type: "success",
          title: say(t, { key: "coins:wallet.refreshed" }, "Wallet balance refreshed"),
        });
      if (r.kind === "unavailable") {
        return refuse(
          {
            wallet: say(
              t,
              { key: "coins:wallet.unavailable" },
              "GoPay gives no balance here: enter the balance the merchant portal shows.",
            ),
            unavailable: "1",
          },
          { intent: input.intent },
        );
      }
      return refuse(
        {
          wallet: say(
            t,
            { key: "coins:wallet.error", params: { message: r.message } },
            `Could not read the balance: ${r.message}`,
          ),
        },
        { intent: input.intent },
      );
    }
    case "set-wallet":
      await setWalletBalance(db(), { balance: input.balance, actor, ip });
      return redirectWithToast(back, {
        type: "success",
        title: say(t, { key: "coins:wallet.entered" }, "Wallet balance saved"),
      });
    case "retry-payout": {
      const r = await retrySinglePayout({ payoutId: input.payoutId, actor, ip });
      if (r.kind === "refused")
        return refuse({ form: say(t, r.words, r.message) }, { intent: input.intent, target: input.payoutId });
      return replyOutcome(coinPayoutOutcome(r), { to: back, intent: input.intent, t });
    }
  }
}

export default function CoinsPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useTranslation("coins");
  const { search } = useLocation();
  // No link while a filter is invalid (the export would answer 400): the filters show the error.
  const exportTo = exportHref("/coins/export.csv", search, d.errors);
  const unavailable =
    d.wallet.note?.kind === "unavailable" ||
    (result?.ok === false && result.intent === "refresh-wallet" && result.errors?.unavailable === "1");
  return (
    <div className="min-w-0 space-y-6">
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          d.canDisburse ? (
            <div className="flex gap-2">
              <Link to="/coins/new" className={buttonClasses("primary", "sm")} data-testid="new-coin-payout">
                <Plus aria-hidden className="size-4" /> {t("single.new")}
              </Link>
              <Link to="/coins/bulk" className={buttonClasses("secondary", "sm")}>
                <FileSpreadsheet aria-hidden className="size-4" /> {t("bulkLink")}
              </Link>
            </div>
          ) : null
        }
      />
      <div className="grid gap-4 md:grid-cols-2">
        <WalletCard
          balance={d.wallet.balance}
          refreshedAt={d.wallet.refreshedAt}
          note={d.wallet.note?.kind ?? null}
          unavailable={unavailable}
          canAct={d.canDisburse}
          result={result?.intent === "refresh-wallet" || result?.intent === "set-wallet" ? result : undefined}
        />
        <BudgetCard
          paid={d.overview.disbursed}
          reserved={d.overview.reserved}
          budget={d.overview.budget}
          canSettings={d.canSettings}
        />
      </div>
      <Card
        title={t("list.title")}
        actions={
          d.canExport && exportTo ? (
            <a
              href={exportTo}
              className={buttonClasses("secondary", "sm")}
              download
              data-testid="coins-export"
            >
              <Download aria-hidden className="size-4" /> {t("list.export")}
            </a>
          ) : null
        }
      >
        <CoinFilters values={d.values} errors={d.errors} requesters={d.requesters} />
        <div className="mt-4">
          <StaleCursorNotice show={d.page.staleCursor} className="mb-3" />
          <PayoutsTable
            rows={d.page.rows}
            canDisburse={d.canDisburse}
            result={result?.intent === "retry-payout" ? result : undefined}
          />
          <Pagination
            newerCursor={d.page.newerCursor}
            olderCursor={d.page.olderCursor}
            label={t("list.pages")}
          />
        </div>
      </Card>
      <Card title={t("batches.title")}>
        <BatchesTable rows={d.batches} />
      </Card>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
