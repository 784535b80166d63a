import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatCount } from "~/lib/count";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { clientIp } from "~/auth/request-meta.server";
import { BulkBatchList, BulkCheckResult, type BulkCheckView } from "~/components/coins/bulk-upload";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { Button, Card, Field, PageHeader } from "~/components/ui";
import { db } from "~/db/client.server";
import { answer, defineAction, parseAction, refuse, requestT } from "~/lib/action.server";
import { say } from "~/lib/words";
import { redirectWithToast } from "~/lib/toast.server";
import { formatIdr } from "~/lib/money";
import { checkBulkCsv } from "~/services/coins/bulk-check.server";
import { BULK_LIMITS, bytesOf, DESCRIPTION_MAX } from "~/services/coins/bulk-csv.server";
import { listBatches } from "~/services/coins/batch-view.server";
import { submitBatch } from "~/services/coins/batch-submit.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("coins:bulk.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "coins:disburse");
  return {
    batches: await listBatches(db()),
    limits: {
      rows: BULK_LIMITS.maxRows,
      mb: BULK_LIMITS.maxBytes / 1024 / 1024,
      description: DESCRIPTION_MAX,
    },
  };
}

const BulkAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("check") }),
    z.object({
      intent: z.literal("submit"),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, "coins:bulk.refused.stale"),
    }),
  ]),
  { check: "coins:disburse", submit: "coins:disburse" },
);

/**
 * check: reads the uploaded file and answers every problem by line and the totals (nothing saved).
 * submit: checks the same file again (its sha256 must be the one whose totals were shown) and saves
 * the batch for approval.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  // parseAction reads the text fields (and drops files): the copy keeps the upload for us.
  const upload = request.clone();
  const parsed = await parseAction(request, BulkAction);
  if (!parsed.ok) return parsed.reply;
  const { staff, input } = parsed;
  const t = await requestT(request);
  const file = (await upload.formData()).get("file");
  if (!(file instanceof File) || file.size === 0)
    return refuse(
      { file: say(t, { key: "coins:bulk.fileErrors.noFile" }, "Choose a CSV file.") },
      { intent: input.intent },
    );
  const checked = await checkBulkCsv(db(), bytesOf(file.stream()));
  const filename = file.name.slice(0, 200);
  const view: BulkCheckView = checked.ok
    ? { ...withoutRows(checked), filename }
    : { ok: false, filename, fileError: checked.fileError };
  if (input.intent === "check" || !checked.ok || !checked.canSubmit) return answer(view, { intent: "check" });
  if (checked.sha256 !== input.sha256)
    return refuse(
      { form: say(t, { key: "coins:bulk.refused.stale" }, "The file is not the one that was checked.") },
      { intent: "submit" },
    );
  const r = await submitBatch(db(), {
    check: checked,
    filename,
    actor: { id: staff.id, email: staff.email },
    ip: clientIp(context),
  });
  if (r.kind === "refused")
    return refuse({ form: say(t, { key: `coins:bulk.refused.${r.code}` }, r.message) }, { intent: "submit" });
  return redirectWithToast(`/coins/batches/${r.batchId}`, {
    type: "success",
    title: say(t, { key: "coins:bulk.submitted" }, "Batch submitted for approval"),
    description: say(
      t,
      { key: "coins:bulk.submittedText", params: { count: r.rows, total: formatIdr(r.total) } },
      `${r.rows} payouts, ${formatIdr(r.total)}.`,
    ),
  });
}

function withoutRows<T extends { rows: unknown }>(c: T): Omit<T, "rows"> {
  const { rows: _rows, ...rest } = c;
  return rest;
}

export default function CoinsBulkPage() {
  const { batches, limits } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const nav = useNavigation();
  const { t, i18n } = useTranslation("coins");
  const busy = nav.state === "submitting";
  const result = data && data.ok ? (data.result as BulkCheckView | undefined) : undefined;
  const errors = data && !data.ok ? data.errors : undefined;
  return (
    <>
      <PageHeader title={t("bulk.title")} description={t("bulk.description")} />
      <Card className="mt-2">
        <Form
          method="post"
          encType="multipart/form-data"
          id="bulk-form"
          className="space-y-4"
          data-testid="bulk-form"
        >
          <p className="text-sm text-slate-600">
            {t("bulk.format", {
              max: limits.description,
              rows: formatCount(limits.rows, i18n.language),
              mb: limits.mb,
            })}
          </p>
          <Field label={t("bulk.file")} error={errors?.file}>
            <input
              type="file"
              name="file"
              accept=".csv,text/csv"
              required
              className="block text-sm"
              data-testid="bulk-file"
            />
          </Field>
          {errors?.form ? (
            <p role="alert" className="text-sm text-red-700">
              {errors.form}
            </p>
          ) : null}
          <div className="flex gap-2">
            <Button type="submit" name="intent" value="check" variant="secondary" disabled={busy}>
              {busy && nav.formData?.get("intent") === "check" ? t("bulk.checking") : t("bulk.check")}
            </Button>
          </div>
          {result ? <BulkCheckResult view={result} busy={busy} /> : null}
        </Form>
      </Card>
      <Card title={t("bulk.batches")} className="mt-6">
        <BulkBatchList batches={batches} />
      </Card>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
