import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import QRCode from "qrcode";
import { ArrowLeft } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { AccountOrders } from "~/components/accounts/account-orders";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { Button, ConfirmDialog, DateTime, Field, Money, PageHeader, StatusBadge, Textarea } from "~/components/ui";
import { db } from "~/db/client.server";
import { formatPhone } from "~/lib/phone";
import { defineAction, parseAction, replyOutcome, requestT } from "~/lib/action.server";
import { say } from "~/lib/words";
import { fieldError, formError } from "~/lib/action-data";
import { redirectWithToast } from "~/lib/toast.server";
import { getAccountPage, refreshAccount, unbindAccount } from "~/services/accounts/manage.server";
import type { UnbindSource } from "~db/schema";

/** pay_account_events.kind as its accounts:page.eventKind key ("status.changed" → statusChanged). */
const EVENT_KINDS = { created: "created", linked: "linked", unbind: "unbind", expired: "expired", refreshed: "refreshed", "status.changed": "statusChanged" } as const;
function eventKindKey(kind: string): (typeof EVENT_KINDS)[keyof typeof EVENT_KINDS] {
  return EVENT_KINDS[kind as keyof typeof EVENT_KINDS] ?? (kind as "created");
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.account.accountId, metaT(matches)("accounts:page.metaTitle"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "accounts:read");
  const accountId = params.accountId ?? "";
  // Payment options and balances are fetched LIVE (GET /v2/pay/account) on every view.
  const live = await refreshAccount(accountId, { id: me.id, label: me.email });
  const page = await getAccountPage(db(), accountId);
  const t = await requestT(request);
  if (!page) throw new Response(say(t, { key: "accounts:page.notFound" }, "No such GoPay account in Loket."), { status: 404 });
  const qr =
    page.account.status === "PENDING" && page.account.activationUrl
      ? await QRCode.toString(page.account.activationUrl, { type: "svg", margin: 1, width: 180 })
      : null;
  // Only what the page shows of the customer (never the encrypted mini-app token or the raw profile).
  const customer = page.customer ? { id: page.customer.id, name: page.customer.name, phone: page.customer.phone, merchantUserId: page.customer.merchantUserId } : null;
  return { ...page, customer, qr, liveError: live.ok ? null : say(t, live.words, live.message), canManage: can(me.role, "accounts:manage"), unbindKey: randomUUID() };
}

const AccountAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("refresh") }),
    z.object({
      intent: z.literal("unbind"),
      idempotencyKey: z.string().uuid("accounts:errors.staleForm"),
      reason: z.string().trim().min(3, "accounts:errors.reason").max(500),
    }),
  ]),
  { refresh: "accounts:manage", unbind: "accounts:manage" },
);

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = await parseAction(request, AccountAction);
  if (!parsed.ok) return parsed.reply;
  const { staff, input } = parsed;
  const accountId = params.accountId ?? "";
  const actor = { id: staff.id, label: staff.email };
  const to = `/accounts/${encodeURIComponent(accountId)}`;
  const t = await requestT(request);
  if (input.intent === "refresh") {
    const r = await refreshAccount(accountId, actor);
    return redirectWithToast(to, { type: r.ok ? "success" : "error", title: say(t, r.words, r.message) });
  }
  return replyOutcome(await unbindAccount({ accountId, reason: input.reason, idempotencyKey: input.idempotencyKey, actor }), { to, intent: input.intent, t });
}

export default function AccountPage() {
  const d = useLoaderData<typeof loader>();
  const a = d.account;
  const { t } = useTranslation("accounts");
  // Who the account belongs to, in words a person recognises (the UUID stays in the dialog's small print).
  const label = [d.customer?.name, formatPhone(a.phone ?? d.customer?.phone)].filter((x) => x && x !== "—").join(", ") || a.accountId;
  return (
    <div className="space-y-6">
      <Link to="/accounts" className="-mb-3 inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
        <ArrowLeft aria-hidden className="size-4" /> {t("page.back")}
      </Link>
      <PageHeader
        title={t("page.title", { accountId: a.accountId })}
        description={
          <>
            {d.customer ? (
              <Link className="text-brand-700 underline underline-offset-2 hover:text-brand-800" to={`/customers/${d.customer.id}`} data-testid="account-customer-link">
                {d.customer.name ?? d.customer.merchantUserId ?? t("page.unknownCustomer")}
              </Link>
            ) : (
              t("page.unknownCustomer")
            )}{" "}
            · {formatPhone(a.phone ?? d.customer?.phone)}
          </>
        }
        actions={
          d.canManage ? (
            <>
              <Form method="post">
                <input type="hidden" name="intent" value="refresh" />
                <Button type="submit" variant="secondary" size="sm">{t("page.refresh")}</Button>
              </Form>
              {a.status === "ENABLED" ? (
                <ConfirmDialog
                  danger
                  trigger={<Button size="sm" variant="danger">{t("page.unbindButton")}</Button>}
                  title={t("page.unbindTitle")}
                  description={
                    <>
                      <p>{t("page.unbindText", { label })}</p>
                      <p className="mt-1 font-mono text-xs text-slate-500">{t("page.accountIdLine", { accountId: a.accountId })}</p>
                    </>
                  }
                  confirmLabel={t("page.unbindConfirm")}
                  intent="unbind"
                  hidden={{ idempotencyKey: d.unbindKey }}
                >
                  {(r) => (
                    <>
                      <Field label={t("page.reason")} error={fieldError(r, "reason")} hint={t("page.reasonHint")}>
                        <Textarea name="reason" rows={2} required minLength={3} maxLength={500} />
                      </Field>
                      {formError(r) ? (
                        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{formError(r)}</p>
                      ) : null}
                    </>
                  )}
                </ConfirmDialog>
              ) : null}
            </>
          ) : null
        }
      />
      <section aria-labelledby="status-h" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="status-h" className="text-sm font-semibold text-slate-900">{t("page.status")}</h2>
        <p className="mt-2 flex items-center gap-3 text-sm">
          <StatusBadge status={a.status.toLowerCase()} />
          <span>{t("page.checked")} {a.refreshedAt ? <DateTime value={a.refreshedAt} /> : t("page.never")}</span>
        </p>
        {d.liveError ? <p role="alert" className="mt-2 text-sm text-amber-800">{t("page.liveError", { message: d.liveError })}</p> : null}
        {a.status === "PENDING" && a.activationUrl ? (
          <div className="mt-3 flex flex-wrap items-start gap-4">
            {d.qr ? <div role="img" aria-label={t("page.qr")} className="size-[180px]" dangerouslySetInnerHTML={{ __html: d.qr }} /> : null}
            <p className="max-w-prose text-sm">
              {t("page.waiting")}{" "}
              <a className="break-all text-brand-700 underline" href={a.activationUrl} target="_blank" rel="noreferrer">
                {a.activationUrl}
              </a>
            </p>
          </div>
        ) : null}
      </section>
      <section aria-labelledby="opts-h" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="opts-h" className="text-sm font-semibold text-slate-900">{t("page.options")}</h2>
        {d.options.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">{t("page.noOptions")}</p>
        ) : (
          <div className="relative mt-2 overflow-x-auto">
          <table className="text-sm">
            <thead className="text-left text-xs text-slate-600">
              <tr><th className="pr-6">{t("page.columns.option")}</th><th className="pr-6">{t("page.columns.active")}</th><th className="pr-6 text-right">{t("page.columns.balance")}</th><th>{t("page.columns.token")}</th></tr>
            </thead>
            <tbody>
              {d.options.map((o) => (
                <tr key={o.name}>
                  <td className="pr-6">
                    {t(`page.optionName.${o.name}`, { defaultValue: o.name })} <span className="font-mono text-xs text-slate-500">{o.name}</span>
                  </td>
                  <td className="pr-6">{o.active ? t("page.yes") : t("page.no")}</td>
                  <td className="pr-6 text-right">{o.balance ? <Money minor={BigInt(o.balance)} /> : "—"}</td>
                  <td>{o.tokenPresent ? <>{t("page.tokenPresent")} {a.refreshedAt ? <DateTime value={a.refreshedAt} wrap /> : ""}</> : t("page.tokenMissing")}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </section>
      <section aria-labelledby="hist-h" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="hist-h" className="text-sm font-semibold text-slate-900">{t("page.history")}</h2>
        <ol className="mt-2 space-y-1 text-sm">
          {d.events.map((e) => (
            <li key={e.id.toString()}>
              <DateTime value={e.at} /> — <strong>{t(`page.eventKind.${eventKindKey(e.kind)}`, { defaultValue: e.kind })}</strong>{" "}
              <span className="font-mono text-xs text-slate-500">{e.kind}</span>
              {e.statusBefore || e.statusAfter ? (
                <>
                  {" "}
                  ({e.statusBefore ? <StatusBadge status={e.statusBefore} /> : "—"} → {e.statusAfter ? <StatusBadge status={e.statusAfter} /> : "—"})
                </>
              ) : null}
              {e.source ? ` · ${t(`unbind.source.${e.source as UnbindSource}`, { defaultValue: e.source })}` : ""}
              {e.actorLabel ? ` · ${e.actorLabel}` : ""}
              {e.reason ? ` · “${e.reason}”` : ""}
            </li>
          ))}
          {d.events.length === 0 ? <li className="text-slate-600">{t("page.noHistory")}</li> : null}
        </ol>
      </section>
      <section aria-labelledby="orders-h" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="orders-h" className="text-sm font-semibold text-slate-900">{t("page.orders")}</h2>
        <AccountOrders orders={d.orders} />
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
