import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { clientIp } from "~/auth/request-meta.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { useTranslation } from "react-i18next";
import { DecidedApprovals, PendingApprovals } from "~/components/refunds/approvals-table";
import { Card, PageHeader } from "~/components/ui";
import { db } from "~/db/client.server";
import { formatIdr } from "~/lib/money";
import { defineAction, parseAction, replyOutcome, requestT } from "~/lib/action.server";
import { sentenceWords } from "~/lib/sentences";
import type { MoneyOutcome } from "~/lib/outcome";
import { approveRequest, listApprovals, rejectRequest } from "~/services/approvals/approvals.server";
import { sayRequestReason } from "~/services/approvals/reason";
import { requestReason } from "~/services/approvals/reason.server";
import { coinPayoutOutcome } from "~/services/coins/single-outcome.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("approvals:title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "approvals:read");
  const [waiting, decided] = await Promise.all([listApprovals(db(), "pending"), listApprovals(db(), "decided", 50)]);
  // A refund's reason goes out as words (said in the page's language below), its note as typed.
  const pending = waiting.map((a) => ({ ...a, reason: requestReason(a) }));
  return { pending, decided, meId: staff.id, canDecide: can(staff.role, "approvals:decide"), now: new Date() };
}

const ApprovalAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("approve"), approvalId: z.string().uuid("approvals:errors.stale") }),
    z.object({ intent: z.literal("reject"), approvalId: z.string().uuid("approvals:errors.stale"), reason: z.string().max(2000).default("") }),
  ]),
  { approve: "approvals:decide", reject: "approvals:decide" },
);

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseAction(request, ApprovalAction);
  if (!parsed.ok) return parsed.reply;
  const { staff, input } = parsed;
  const actor = { id: staff.id, email: staff.email, role: staff.role };
  const ip = clientIp(context);
  const r =
    input.intent === "approve"
      ? await approveRequest({ approvalId: input.approvalId, actor, ip })
      : await rejectRequest({ approvalId: input.approvalId, actor, ip, reason: input.reason });
  const t = await requestT(request);
  return replyOutcome(decisionOutcome(r, t), { to: "/approvals", intent: input.intent, t });
}

/** The decision in the one outcome vocabulary: English, with the words for the staff member's language. */
function decisionOutcome(r: Awaited<ReturnType<typeof approveRequest>>, t: unknown): MoneyOutcome {
  // The refusal's values (a status, a nested reason) are said in the page's language too.
  if (r.kind === "refused") return { status: "refused", field: "form", message: r.message, words: { message: sentenceWords(t, r.message) ?? undefined } };
  if (r.kind === "rejected") return { status: "succeeded", title: "Request rejected", words: { title: { key: "approvals:outcome.rejected" } } };
  if (r.kind === "batch_approved") return { status: "succeeded", title: "Batch approved: paying it now", words: { title: { key: "coins:bulk.approval.approved" } } };
  if (r.kind === "payout_approved") return coinPayoutOutcome(r.result);
  const o = r.outcome;
  // GoPay's refusal (o.message) is shown as GoPay sent it.
  if (o.status === "failed") return { status: "failed", title: "Approved, but GoPay refused the refund", description: o.message, words: { title: { key: "approvals:outcome.gopayRefused" } } };
  if (o.status === "unknown") {
    return {
      status: "unknown",
      title: "Approved: waiting for GoPay",
      description: "The outcome is checked automatically.",
      words: { title: { key: "approvals:outcome.waiting" }, description: { key: "approvals:outcome.waitingText" } },
    };
  }
  const amount = formatIdr(o.refund.amount);
  return { status: "succeeded", title: "Approved and refunded", description: `${amount} sent back.`, words: { title: { key: "approvals:outcome.refunded" }, description: { key: "approvals:outcome.refundedText", params: { amount } } } };
}

export default function ApprovalsPage() {
  const { pending: waiting, decided, meId, canDecide, now } = useLoaderData<typeof loader>();
  const { t } = useTranslation("approvals");
  // The stored reasonText is English ("Duplicate payment: note"): shown from the reason's words instead.
  const pending = waiting.map((a) => (a.reason ? { ...a, reasonText: sayRequestReason(t, a.reason) } : a));
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card title={t("waiting", { count: pending.length })} className="mt-2">
        <PendingApprovals items={pending} meId={meId} canDecide={canDecide} now={now} />
      </Card>
      <Card title={t("decided")} className="mt-6">
        <DecidedApprovals items={decided} />
      </Card>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
