import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { clientIp } from "~/auth/request-meta.server";
import { useAutoRevalidate } from "~/components/accounts/use-auto-revalidate";
import { BatchProgress, BatchRows, ResumeBatch } from "~/components/coins/bulk-batch";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { CoinBatchStatusBadge } from "~/components/coins/coin-status";
import { Card, PageHeader } from "~/components/ui";
import { db } from "~/db/client.server";
import { defineAction, parseAction, refuse, requestT } from "~/lib/action.server";
import { redirectWithToast } from "~/lib/toast.server";
import { say } from "~/lib/words";
import { getBatchView } from "~/services/coins/batch-view.server";
import { resumeBatch } from "~/services/coins/batch-run.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.batch.filename, metaT(matches)("coins:bulk.title"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "coins:read");
  const view = await getBatchView(db(), params.batchId ?? "");
  if (!view) throw new Response("No such batch.", { status: 404 });
  return { ...view, canResume: can(staff.role, "coins:disburse") };
}

const BatchAction = defineAction(
  z.discriminatedUnion("intent", [z.object({ intent: z.literal("resume") })]),
  { resume: "coins:disburse" },
);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = await parseAction(request, BatchAction);
  if (!parsed.ok) return parsed.reply;
  const { staff } = parsed;
  const t = await requestT(request);
  const batchId = params.batchId ?? "";
  const r = await resumeBatch(db(), {
    batchId,
    actor: { id: staff.id, email: staff.email },
    ip: clientIp(context),
  });
  if (r.kind === "refused") return refuse({ form: r.message }, { intent: "resume" });
  return redirectWithToast(`/coins/batches/${batchId}`, {
    type: "success",
    title: say(t, { key: "coins:bulk.batch.resumed" }, "Resumed: paying the rest"),
  });
}

const LIVE = new Set(["approved", "paying"]);

export default function CoinBatchPage() {
  const v = useLoaderData<typeof loader>();
  const { t } = useTranslation("coins");
  // Polls while the job pays (the shell marks these fetches X-Loket-Background: they do not keep the session alive).
  useAutoRevalidate(2_000, LIVE.has(v.batch.status));
  return (
    <>
      <PageHeader
        title={t("bulk.batch.title", { filename: v.batch.filename })}
        actions={
          <a
            className="text-sm text-brand-700 hover:underline"
            href={`/coins/batches/${v.batch.id}/results.csv`}
            download
            data-testid="batch-download"
          >
            {t("bulk.batch.download")}
          </a>
        }
      />
      <Card className="mt-2">
        <div className="flex items-center gap-3">
          <CoinBatchStatusBadge status={v.batch.status} />
        </div>
        <BatchProgress view={v} />
        {v.batch.status === "paused" && v.canResume ? <ResumeBatch view={v} /> : null}
      </Card>
      <Card title={t("bulk.batch.rows")} className="mt-6">
        <BatchRows rows={v.rows} total={v.batch.rowCount} />
      </Card>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
