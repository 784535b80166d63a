import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { ScrollText } from "lucide-react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { sectionTitle } from "~/components/meta";
import {
  Badge,
  Button,
  DataTable,
  DateTime,
  EmptyState,
  Field,
  Input,
  Money,
  PageHeader,
  Pagination,
  Select,
  buttonClasses,
  type Column,
  type Tone,
} from "~/components/ui";
import { db } from "~/db/client.server";
import { wibDateString, wibRange } from "~/lib/time";
import { auditActions, decodeCursor, listAudit, type AuditFilters } from "~/services/audit.server";
import { listStaff } from "~/services/staff/manage-staff.server";

export const meta = sectionTitle("audit");

type DateError = "dateFormat" | "notADate" | "endBeforeStart";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const YMD = /^\d{4}-\d{2}-\d{2}$/;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "audit:read");
  const q = new URL(request.url).searchParams;
  const values = {
    actor: q.get("actor") ?? "",
    action: q.get("action") ?? "",
    targetType: (q.get("targetType") ?? "").trim(),
    targetId: (q.get("targetId") ?? "").trim(),
    from: q.get("from") ?? "",
    to: q.get("to") ?? "",
  };
  // Keys of audit:errors, worded in the page's language.
  const errors: { from?: DateError; to?: DateError } = {};
  const filters: AuditFilters = {
    actorId: UUID.test(values.actor) ? values.actor : undefined,
    action: values.action || undefined,
    targetType: values.targetType || undefined,
    targetId: values.targetId || undefined,
  };
  if (values.from && !YMD.test(values.from)) errors.from = "dateFormat";
  if (values.to && !YMD.test(values.to)) errors.to = "dateFormat";
  if ((values.from || values.to) && !errors.from && !errors.to) {
    // One end alone: from that day to today, or from the beginning up to that day.
    const range = wibRange(values.from || "2000-01-01", values.to || wibDateString());
    if (!range) errors.from = "notADate";
    else if (range.start >= range.end) errors.to = "endBeforeStart";
    else filters.range = range;
  }
  const [page, staff, actions] = await Promise.all([
    listAudit(db(), { filters, after: decodeCursor(q.get("after")), before: decodeCursor(q.get("before")) }),
    listStaff(db()),
    auditActions(db()),
  ]);
  return {
    page,
    staff: staff.map((s) => ({ id: s.id, email: s.email })),
    actions,
    values,
    errors,
    filtered: Object.values(values).some(Boolean),
  };
}

const RESULT_TONE: Record<string, Tone> = { ok: "success", denied: "danger", failed: "danger", pending: "warning", unknown: "warning" };

type Row = Awaited<ReturnType<typeof loader>>["page"]["rows"][number];

function Json({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <details className="text-xs">
      <summary className="cursor-pointer text-slate-600 hover:text-slate-900">{label}</summary>
      <pre className="mt-1 max-w-md overflow-x-auto rounded bg-slate-50 p-2 font-mono whitespace-pre-wrap text-slate-800">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}

const RESULTS = ["ok", "denied", "failed", "pending", "unknown"] as const;
const resultLabel = (t: TFunction<"audit">, r: string) => ((RESULTS as readonly string[]).includes(r) ? t(`result.${r as (typeof RESULTS)[number]}`) : r);

const columnsFor = (t: TFunction<"audit">): Column<Row>[] => [
  { key: "at", header: t("table.time"), cell: (r) => <DateTime value={r.at} /> },
  { key: "actor", header: t("table.actor"), cell: (r) => r.actorEmail ?? <span className="text-slate-500">{t("table.system")}</span> },
  { key: "action", header: t("table.action"), cell: (r) => <code className="text-xs">{r.action}</code> },
  {
    key: "target",
    header: t("table.target"),
    cell: (r) => (r.targetType || r.targetId ? <span className="font-mono text-xs break-all">{`${r.targetType ?? ""}:${r.targetId ?? ""}`}</span> : "—"),
  },
  { key: "amount", header: t("table.amount"), align: "right", cell: (r) => (r.amount === null ? "—" : <Money minor={r.amount} />) },
  {
    key: "key",
    header: t("table.key"),
    cell: (r) => (r.idempotencyKey ? <span className="font-mono text-xs break-all">{r.idempotencyKey}</span> : "—"),
  },
  {
    key: "result",
    header: t("table.result"),
    cell: (r) => (
      <Badge tone={RESULT_TONE[r.result] ?? "neutral"}>
        <span data-result={r.result}>{resultLabel(t, r.result)}</span>
      </Badge>
    ),
  },
  {
    key: "detail",
    header: t("table.details"),
    cell: (r) => (
      <div className="space-y-1">
        <Json label={t("table.request")} value={r.request} />
        <Json label={t("table.detail")} value={r.detail} />
        {r.ip ? <span className="text-xs text-slate-500">{t("table.ip", { ip: r.ip })}</span> : null}
      </div>
    ),
  },
];

export default function AuditPage() {
  const { t } = useTranslation("audit");
  const columns = useMemo(() => columnsFor(t), [t]);
  const { page, staff, actions, values, errors, filtered } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/audit";
  return (
    <div className="space-y-4">
      <PageHeader title={t("title")} description={t("description")} />
      <Form method="get" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6" aria-label={t("filters.label")}>
        <Field label={t("filters.actor")}>
          <Select name="actor" defaultValue={values.actor}>
            <option value="">{t("filters.anyone")}</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.email}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("filters.action")}>
          <Select name="action" defaultValue={values.action}>
            <option value="">{t("filters.anyAction")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("filters.targetType")}>
          <Input name="targetType" defaultValue={values.targetType} placeholder={t("filters.targetTypePlaceholder")} />
        </Field>
        <Field label={t("filters.targetId")}>
          <Input name="targetId" defaultValue={values.targetId} />
        </Field>
        <Field label={t("filters.from")} error={errors.from ? t(`errors.${errors.from}`) : undefined}>
          <Input name="from" type="date" defaultValue={values.from} />
        </Field>
        <Field label={t("filters.to")} error={errors.to ? t(`errors.${errors.to}`) : undefined}>
          <Input name="to" type="date" defaultValue={values.to} />
        </Field>
        <div className="flex gap-2 sm:col-span-3 lg:col-span-6">
          <Button type="submit" pending={searching}>
            {t("filters.submit")}
          </Button>
          {filtered ? (
            <Link to="/audit" className={buttonClasses("ghost")}>
              {t("filters.clear")}
            </Link>
          ) : null}
        </div>
      </Form>
      <DataTable
        columns={columns}
        rows={page.rows}
        rowKey={(r) => r.id.toString()}
        caption={t("table.caption")}
        empty={
          <EmptyState icon={ScrollText} title={filtered ? t("empty.filtered") : t("empty.none")}>
            {filtered ? t("empty.filteredText") : t("empty.noneText")}
          </EmptyState>
        }
      />
      <Pagination newerCursor={page.newer} olderCursor={page.older} label={t("pages")} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
