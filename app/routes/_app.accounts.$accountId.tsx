import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import QRCode from "qrcode";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/components/meta";
import { Button, ConfirmDialog, DateTime, Field, Money, PageHeader, StatusBadge, Textarea } from "~/components/ui";
import { db } from "~/db/client.server";
import { formatPhone } from "~/lib/phone";
import { defineAction, parseAction, replyOutcome } from "~/lib/action.server";
import { fieldError, formError } from "~/lib/action-data";
import { redirectWithToast } from "~/lib/toast.server";
import { getAccountPage, refreshAccount, unbindAccount } from "~/services/accounts/manage.server";
import { SOURCE_LABEL } from "~/services/accounts/unbind-labels";
import type { UnbindSource } from "~db/schema";

const OPTION_LABEL: Record<string, string> = { GOPAY_WALLET: "GoPay wallet", PAY_LATER: "GoPay PayLater", GOPAY_SAVINGS: "GoPay savings" };

export const meta: MetaFunction = () => pageTitle("GoPay account");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "accounts:read");
  const accountId = params.accountId ?? "";
  // Payment options and balances are fetched LIVE (GET /v2/pay/account) on every view.
  const live = await refreshAccount(accountId, { id: me.id, label: me.email });
  const page = await getAccountPage(db(), accountId);
  if (!page) throw new Response("No such GoPay account in Loket.", { status: 404 });
  const qr =
    page.account.status === "PENDING" && page.account.activationUrl
      ? await QRCode.toString(page.account.activationUrl, { type: "svg", margin: 1, width: 180 })
      : null;
  return { ...page, qr, liveError: live.ok ? null : live.message, canManage: can(me.role, "accounts:manage"), unbindKey: randomUUID() };
}

const AccountAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("refresh") }),
    z.object({
      intent: z.literal("unbind"),
      idempotencyKey: z.string().uuid("This form is out of date; reload the page."),
      reason: z.string().trim().min(3, "Give a reason for the unbind (at least 3 characters).").max(500),
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
  if (input.intent === "refresh") {
    const r = await refreshAccount(accountId, actor);
    return redirectWithToast(to, { type: r.ok ? "success" : "error", title: r.message });
  }
  return replyOutcome(await unbindAccount({ accountId, reason: input.reason, idempotencyKey: input.idempotencyKey, actor }), { to, intent: input.intent });
}

export default function AccountPage() {
  const d = useLoaderData<typeof loader>();
  const a = d.account;
  return (
    <div className="space-y-6">
      <PageHeader
        title={`GoPay account ${a.accountId}`}
        description={<>{d.customer?.name ?? "Unknown customer"} · {formatPhone(a.phone ?? d.customer?.phone)}</>}
        actions={
          d.canManage ? (
            <>
              <Form method="post">
                <input type="hidden" name="intent" value="refresh" />
                <Button type="submit" variant="secondary" size="sm">Refresh status</Button>
              </Form>
              {a.status === "ENABLED" ? (
                <ConfirmDialog
                  danger
                  trigger={<Button size="sm" variant="danger">Unbind…</Button>}
                  title="Unbind this GoPay account?"
                  description={<p>GoPay will unlink account {a.accountId}. Loket can no longer charge it; the customer must link GoPay again.</p>}
                  confirmLabel="Unbind account"
                  intent="unbind"
                  hidden={{ idempotencyKey: d.unbindKey }}
                >
                  {(r) => (
                    <>
                      <Field label="Reason" error={fieldError(r, "reason")} hint="Recorded in the account's history and the audit log.">
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
        <h2 id="status-h" className="text-sm font-semibold text-slate-900">Status</h2>
        <p className="mt-2 flex items-center gap-3 text-sm">
          <StatusBadge status={a.status.toLowerCase()} />
          <span>Checked with GoPay: {a.refreshedAt ? <DateTime value={a.refreshedAt} /> : "never"}</span>
        </p>
        {d.liveError ? <p role="alert" className="mt-2 text-sm text-amber-800">Could not refresh from GoPay: {d.liveError} (showing the last known state).</p> : null}
        {a.status === "PENDING" && a.activationUrl ? (
          <div className="mt-3 flex flex-wrap items-start gap-4">
            {d.qr ? <div role="img" aria-label="QR code of the activation link" className="size-[180px]" dangerouslySetInnerHTML={{ __html: d.qr }} /> : null}
            <p className="max-w-prose text-sm">
              Waiting for the customer to open this link (or scan the code) and agree in GoPay; the status changes here when
              GoPay tells Loket. Activation link:{" "}
              <a className="break-all text-brand-700 underline" href={a.activationUrl} target="_blank" rel="noreferrer">
                {a.activationUrl}
              </a>
            </p>
          </div>
        ) : null}
      </section>
      <section aria-labelledby="opts-h" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="opts-h" className="text-sm font-semibold text-slate-900">Payment options</h2>
        {d.options.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">None: GoPay lists payment options only for an enabled account.</p>
        ) : (
          <table className="mt-2 text-sm">
            <thead className="text-left text-xs text-slate-600">
              <tr><th className="pr-6">Option</th><th className="pr-6">Active</th><th className="pr-6 text-right">Balance</th><th>Token</th></tr>
            </thead>
            <tbody>
              {d.options.map((o) => (
                <tr key={o.name}>
                  <td className="pr-6">
                    {OPTION_LABEL[o.name] ?? o.name} <span className="font-mono text-xs text-slate-500">{o.name}</span>
                  </td>
                  <td className="pr-6">{o.active ? "yes" : "no"}</td>
                  <td className="pr-6 text-right">{o.balance ? <Money minor={BigInt(o.balance)} /> : "—"}</td>
                  <td>{o.tokenPresent ? <>present, refreshed {a.refreshedAt ? <DateTime value={a.refreshedAt} /> : ""}</> : "missing"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="hist-h" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="hist-h" className="text-sm font-semibold text-slate-900">History</h2>
        <ol className="mt-2 space-y-1 text-sm">
          {d.events.map((e) => (
            <li key={e.id.toString()}>
              <DateTime value={e.at} /> — <strong>{e.kind}</strong>
              {e.statusBefore || e.statusAfter ? ` (${e.statusBefore ?? "—"} → ${e.statusAfter ?? "—"})` : ""}
              {e.source ? ` · ${SOURCE_LABEL[e.source as UnbindSource] ?? e.source}` : ""}
              {e.actorLabel ? ` · ${e.actorLabel}` : ""}
              {e.reason ? ` · “${e.reason}”` : ""}
            </li>
          ))}
          {d.events.length === 0 ? <li className="text-slate-600">Nothing recorded yet.</li> : null}
        </ol>
      </section>
      <section aria-labelledby="orders-h" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="orders-h" className="text-sm font-semibold text-slate-900">Orders paid with this account</h2>
        {d.orders.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No orders yet.</p>
        ) : (
          <ul className="mt-2 space-y-1 text-sm">
            {d.orders.map((o) => (
              <li key={o.orderId}>
                <Link className="text-brand-700 hover:underline" to={`/orders/${encodeURIComponent(o.orderId)}`}>{o.orderId}</Link> · <Money minor={o.amount} /> · {o.status} · <DateTime value={o.createdAt} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
