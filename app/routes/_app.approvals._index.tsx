import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { clientIp } from "~/auth/request-meta.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/components/meta";
import { DecidedApprovals, PendingApprovals } from "~/components/refunds/approvals-table";
import { Card, PageHeader } from "~/components/ui";
import { db } from "~/db/client.server";
import { formatIdr } from "~/lib/money";
import { defineAction, parseAction, replyOutcome } from "~/lib/action.server";
import type { MoneyOutcome } from "~/lib/outcome";
import { approveRequest, listApprovals, rejectRequest } from "~/services/approvals/approvals.server";

export const meta: MetaFunction = () => pageTitle("Approvals");

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "approvals:read");
  const [pending, decided] = await Promise.all([listApprovals(db(), "pending"), listApprovals(db(), "decided", 50)]);
  return { pending, decided, meId: staff.id, canDecide: can(staff.role, "approvals:decide"), now: new Date() };
}

const ApprovalAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("approve"), approvalId: z.string().uuid("This request does not exist; reload the page.") }),
    z.object({ intent: z.literal("reject"), approvalId: z.string().uuid("This request does not exist; reload the page."), reason: z.string().max(2000).default("") }),
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
  return replyOutcome(decisionOutcome(r), { to: "/approvals", intent: input.intent });
}

function decisionOutcome(r: Awaited<ReturnType<typeof approveRequest>>): MoneyOutcome {
  if (r.kind === "refused") return { status: "refused", field: "form", message: r.message };
  if (r.kind === "rejected") return { status: "succeeded", title: "Request rejected" };
  const o = r.outcome;
  if (o.status === "failed") return { status: "failed", title: "Approved, but GoPay refused the refund", description: o.message };
  if (o.status === "unknown") return { status: "unknown", title: "Approved: waiting for GoPay", description: "The outcome is checked automatically." };
  return { status: "succeeded", title: "Approved and refunded", description: `${formatIdr(o.refund.amount)} sent back.` };
}

export default function ApprovalsPage() {
  const { pending, decided, meId, canDecide, now } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Approvals" description="Refunds above a role's limit wait here for a second finance or admin user. Requests expire after 24 hours." />
      <Card title={`Waiting (${pending.length})`} className="mt-2">
        <PendingApprovals items={pending} meId={meId} canDecide={canDecide} now={now} />
      </Card>
      <Card title="Decided" className="mt-6">
        <DecidedApprovals items={decided} />
      </Card>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
