import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { clientIp } from "~/auth/request-meta.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/components/meta";
import { DecidedApprovals, PendingApprovals } from "~/components/refunds/approvals-table";
import { Card, PageHeader } from "~/components/ui";
import { db } from "~/db/client.server";
import { formatIdr } from "~/lib/money";
import { redirectWithToast } from "~/lib/toast.server";
import { approveRequest, listApprovals, rejectRequest } from "~/services/approvals/approvals.server";

export const meta: MetaFunction = () => pageTitle("Approvals");

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "approvals:read");
  const [pending, decided] = await Promise.all([listApprovals(db(), "pending"), listApprovals(db(), "decided", 50)]);
  return { pending, decided, meId: staff.id, canDecide: can(staff.role, "approvals:decide"), now: new Date() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent !== "approve" && intent !== "reject") throw new Response("Unknown action.", { status: 400 });
  const staff = await requireStaff(request, "approvals:decide");
  const actor = { id: staff.id, email: staff.email, role: staff.role };
  const approvalId = String(form.get("approvalId") ?? "");
  const ip = clientIp(context);
  const r = intent === "approve" ? await approveRequest({ approvalId, actor, ip }) : await rejectRequest({ approvalId, actor, ip, reason: String(form.get("reason") ?? "") });
  if (r.kind === "refused") return json({ ok: false, errors: { form: r.message } }, { status: 400 });
  if (r.kind === "rejected") return redirectWithToast("/approvals", { type: "success", title: "Request rejected" });
  const o = r.outcome;
  if (o.status === "failed") return redirectWithToast("/approvals", { type: "error", title: "Approved, but GoPay refused the refund", description: o.message });
  if (o.status === "unknown") return redirectWithToast("/approvals", { type: "info", title: "Approved: waiting for GoPay", description: "The outcome is checked automatically." });
  return redirectWithToast("/approvals", { type: "success", title: "Approved and refunded", description: `${formatIdr(o.refund.amount)} sent back.` });
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
