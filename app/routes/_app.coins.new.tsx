import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { ArrowLeft, Search } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { clientIp } from "~/auth/request-meta.server";
import { SinglePayoutForm } from "~/components/coins/single-payout-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { Button, Card, EmptyState, Field, Input, PageHeader } from "~/components/ui";
import { db } from "~/db/client.server";
import { defineAction, parseAction, replyOutcome, requestT } from "~/lib/action.server";
import { MAX_TRANSACTION_MINOR, rupiahField } from "~/lib/money";
import { formatPhone } from "~/lib/phone";
import { mintCoinRequestId } from "~/services/coins/pay.server";
import {
  COIN_DESCRIPTION_MAX,
  COIN_REASON_CODES,
  requestSinglePayout,
  singlePayoutContext,
} from "~/services/coins/single.server";
import { singlePayoutOutcome } from "~/services/coins/single-outcome.server";
import { listCustomers, parseCustomerSearch } from "~/services/customers/list.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("coins:single.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "coins:disburse");
  const url = new URL(request.url);
  const search = parseCustomerSearch(url.searchParams);
  const matches = search.kind === "all" ? null : (await listCustomers(db(), search, { limit: 10 })).rows;
  const context = await singlePayoutContext(db(), url.searchParams.get("customer"));
  return {
    q: search.q,
    matches,
    context,
    // The form's key, minted when it opened: a double submit or a retry is the same payout.
    requestId: mintCoinRequestId(),
    reasons: COIN_REASON_CODES,
    descriptionMax: COIN_DESCRIPTION_MAX,
  };
}

// The form keeps its Request-Id while it is open: a refused or repeated submit must not mint a new one.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod && formMethod.toUpperCase() !== "GET" ? false : defaultShouldRevalidate;

const PayAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("pay"),
      customerId: z.string().min(1, "coins:single.errors.customer"),
      amount: rupiahField({ positive: true, max: MAX_TRANSACTION_MINOR }),
      description: z.string().max(4000),
      reasonCode: z.string().max(100),
      requestId: z.string().max(100),
    }),
  ]),
  { pay: "coins:disburse" },
);

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseAction(request, PayAction);
  if (!parsed.ok) return parsed.reply;
  const { staff, input } = parsed;
  const r = await requestSinglePayout({
    customerId: input.customerId,
    amount: input.amount,
    description: input.description,
    reasonCode: input.reasonCode,
    requestId: input.requestId,
    actor: { id: staff.id, email: staff.email },
    ip: clientIp(context),
  });
  return replyOutcome(singlePayoutOutcome(r), {
    to: "/coins",
    intent: input.intent,
    t: await requestT(request),
  });
}

export default function NewCoinPayout() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("coins");
  return (
    <div className="min-w-0 space-y-6">
      <Link
        to="/coins"
        className="inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900"
      >
        <ArrowLeft aria-hidden className="size-4" /> {t("single.back")}
      </Link>
      <PageHeader title={t("single.title")} description={t("single.description")} />
      <Card title={t("single.customerStep")}>
        <Form method="get" className="flex items-end gap-2" role="search">
          <Field className="flex-1" label={t("single.customerSearch")} hint={t("single.customerHint")}>
            <Input
              name="q"
              type="search"
              defaultValue={d.q}
              autoFocus={!d.context.customer}
              placeholder={t("single.searchPlaceholder")}
              data-testid="customer-search"
            />
          </Field>
          <Button type="submit" variant="secondary">
            <Search aria-hidden className="size-4" /> {t("single.search")}
          </Button>
        </Form>
        {d.matches ? (
          d.matches.length === 0 ? (
            <div className="mt-3">
              <EmptyState title={t("single.noResults")}>{t("single.noResultsText")}</EmptyState>
            </div>
          ) : (
            <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="customer-results">
              {d.matches.map((c) => (
                <li key={c.id} className="flex items-center justify-between gap-3 py-2">
                  <div className="min-w-0">
                    <div className="font-medium text-slate-900">{c.name ?? c.merchantUserId ?? c.id}</div>
                    <div className="text-xs text-slate-500">
                      {formatPhone(c.phone)} · {c.merchantUserId ?? "—"}
                      {c.tokenPresent ? null : (
                        <span className="ml-2 text-amber-700">{t("single.noToken")}</span>
                      )}
                    </div>
                  </div>
                  <Link
                    to={`/coins/new?customer=${c.id}`}
                    className="rounded-md px-2 py-1 text-brand-700 ring-1 ring-brand-200 hover:bg-brand-50 focus:ring-2 focus:ring-brand-600 focus:outline-none"
                    aria-label={t("single.chooseNamed", { name: c.name ?? c.id })}
                  >
                    {t("single.choose")}
                  </Link>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </Card>
      {d.context.customer ? (
        <SinglePayoutForm
          key={d.context.customer.id}
          context={d.context}
          requestId={d.requestId}
          reasons={d.reasons}
          descriptionMax={d.descriptionMax}
        />
      ) : null}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
