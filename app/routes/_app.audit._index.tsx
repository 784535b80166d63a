import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { ScrollText } from "lucide-react";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/components/meta";
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

export const meta: MetaFunction = () => pageTitle("Audit");

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
  const errors: { from?: string; to?: string } = {};
  const filters: AuditFilters = {
    actorId: UUID.test(values.actor) ? values.actor : undefined,
    action: values.action || undefined,
    targetType: values.targetType || undefined,
    targetId: values.targetId || undefined,
  };
  if (values.from && !YMD.test(values.from)) errors.from = "Use a date like 2026-11-21.";
  if (values.to && !YMD.test(values.to)) errors.to = "Use a date like 2026-11-21.";
  if ((values.from || values.to) && !errors.from && !errors.to) {
    // One end alone: from that day to today, or from the beginning up to that day.
    const range = wibRange(values.from || "2000-01-01", values.to || wibDateString());
    if (!range) errors.from = "That is not a calendar date.";
    else if (range.start >= range.end) errors.to = "The end date is before the start date.";
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

const columns: Column<Row>[] = [
  { key: "at", header: "Time (WIB)", cell: (r) => <DateTime value={r.at} /> },
  { key: "actor", header: "Actor", cell: (r) => r.actorEmail ?? <span className="text-slate-500">system</span> },
  { key: "action", header: "Action", cell: (r) => <code className="text-xs">{r.action}</code> },
  {
    key: "target",
    header: "Target",
    cell: (r) => (r.targetType || r.targetId ? <span className="font-mono text-xs break-all">{`${r.targetType ?? ""}:${r.targetId ?? ""}`}</span> : "—"),
  },
  { key: "amount", header: "Amount", align: "right", cell: (r) => (r.amount === null ? "—" : <Money minor={r.amount} />) },
  {
    key: "key",
    header: "Idempotency key",
    cell: (r) => (r.idempotencyKey ? <span className="font-mono text-xs break-all">{r.idempotencyKey}</span> : "—"),
  },
  { key: "result", header: "Result", cell: (r) => <Badge tone={RESULT_TONE[r.result] ?? "neutral"}>{r.result}</Badge> },
  {
    key: "detail",
    header: "Details",
    cell: (r) => (
      <div className="space-y-1">
        <Json label="Request" value={r.request} />
        <Json label="Detail" value={r.detail} />
        {r.ip ? <span className="text-xs text-slate-500">IP {r.ip}</span> : null}
      </div>
    ),
  },
];

export default function AuditPage() {
  const { page, staff, actions, values, errors, filtered } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/audit";
  return (
    <div className="space-y-4">
      <PageHeader title="Audit log" description="Who did what, when, and with which result. Newest first; entries can never be changed." />
      <Form method="get" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6" aria-label="Filter the audit log">
        <Field label="Actor">
          <Select name="actor" defaultValue={values.actor}>
            <option value="">Anyone</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.email}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Action">
          <Select name="action" defaultValue={values.action}>
            <option value="">Any action</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Target type">
          <Input name="targetType" defaultValue={values.targetType} placeholder="e.g. order" />
        </Field>
        <Field label="Target id">
          <Input name="targetId" defaultValue={values.targetId} />
        </Field>
        <Field label="From (WIB)" error={errors.from}>
          <Input name="from" type="date" defaultValue={values.from} />
        </Field>
        <Field label="To (WIB)" error={errors.to}>
          <Input name="to" type="date" defaultValue={values.to} />
        </Field>
        <div className="flex gap-2 sm:col-span-3 lg:col-span-6">
          <Button type="submit" pending={searching}>
            Filter
          </Button>
          {filtered ? (
            <Link to="/audit" className={buttonClasses("ghost")}>
              Clear filters
            </Link>
          ) : null}
        </div>
      </Form>
      <DataTable
        columns={columns}
        rows={page.rows}
        rowKey={(r) => r.id.toString()}
        caption="Audit log entries"
        empty={
          <EmptyState icon={ScrollText} title={filtered ? "No entries match these filters" : "No audit entries yet"}>
            {filtered ? "Widen the date range or clear a filter." : "Sign-ins and every change will appear here."}
          </EmptyState>
        }
      />
      <Pagination newerCursor={page.newer} olderCursor={page.older} label="Audit log pages" />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
