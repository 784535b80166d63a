import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { Download, ScrollText } from "~/components/ui/icons";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guard.server";
import { AuditRawDialog } from "~/components/audit/audit-raw-dialog";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { sectionTitle } from "~/components/meta";
import { Button, DataTable, DayInput, EmptyState, Field, Input, PageHeader, Pagination, Select, badgeClasses, buttonClasses, wibTime, type Column, type Tone } from "~/components/ui";
import { formatIdr } from "~/lib/money";
import { memoByKey } from "~/lib/memo";
import { db } from "~/db/client.server";
import { auditActions, decodeCursor, listAudit } from "~/services/audit.server";
import { parseAuditSearch } from "~/services/audit-search";
import { describeTargets, summarise, targetOf } from "~/services/audit-view.server";
import { listStaff } from "~/services/staff/manage-staff.server";

export const meta = sectionTitle("audit");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "audit:read");
  const q = new URL(request.url).searchParams;
  const { values, errors, filters } = parseAuditSearch(q);
  const [page, staff, actions] = await Promise.all([
    listAudit(db(), { filters, after: decodeCursor(q.get("after")), before: decodeCursor(q.get("before")) }),
    listStaff(db()),
    auditActions(db()),
  ]);
  const { targets, actors } = await describeTargets(db(), page.rows);
  const rows = page.rows.map((r) => ({
    id: r.id.toString(),
    at: r.at,
    actor: r.actorId ? (actors.get(r.actorId) ?? null) : null,
    actorEmail: r.actorEmail,
    action: r.action,
    target: targetOf(r, targets),
    amount: r.amount,
    result: r.result,
    // Request first (what was asked), then the outcome's detail; amounts said as `Rp …`.
    summary: [...summarise(r.request, 3), ...summarise(r.detail, 3)],
    raw: { id: r.id.toString(), action: r.action, request: r.request, detail: r.detail, idempotencyKey: r.idempotencyKey, ip: r.ip, targetType: r.targetType, targetId: r.targetId, actorId: r.actorId },
  }));
  return {
    rows,
    newer: page.newer,
    older: page.older,
    staff: staff.map((s) => ({ id: s.id, label: s.name ? `${s.name} · ${s.email}` : s.email })),
    actions,
    values,
    errors,
    filtered: Object.values(values).some(Boolean),
  };
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];

const RESULT_TONE: Record<string, Tone> = { ok: "success", denied: "danger", failed: "danger", pending: "warning", unknown: "warning" };
const RESULTS = ["ok", "denied", "failed", "pending", "unknown"] as const;
const TARGET_TYPES = ["order", "staff", "pay_account", "hold", "refund", "customer", "approval", "api_key", "role", "route", "orders", "audit_log"] as const;
const resultLabel = (t: TFunction<"audit">, r: string) => ((RESULTS as readonly string[]).includes(r) ? t(`result.${r as (typeof RESULTS)[number]}`) : r);
const typeLabel = (t: TFunction<"audit">, type: string) => ((TARGET_TYPES as readonly string[]).includes(type) ? t(`targetTypes.${type as (typeof TARGET_TYPES)[number]}`) : type);

// The cells' look is in app/styles.css (`a-*`): said once for the table, not on 50 rows.
function targetCell(target: Row["target"], typeLabel: (type: string) => string) {
  if (!target) return <span className="text-slate-400">—</span>;
  const label = <span>{target.label}</span>;
  return (
    <div className="a-target">
      <div>{target.sub ? `${typeLabel(target.type)} · ${target.sub}` : typeLabel(target.type)}</div>
      <div title={target.sub ? `${target.label} · ${target.sub}` : target.label}>
        {target.href ? (
          <Link to={target.href} data-target-link>
            {label}
          </Link>
        ) : (
          label
        )}
      </div>
    </div>
  );
}

/** `order.status_changed` → `order.`, <wbr>, `status_changed`: it may break after a dot, whole words kept. */
function actionParts(action: string): React.ReactNode[] {
  const parts = action.split(".");
  const out: React.ReactNode[] = [];
  parts.forEach((part, i) => {
    if (i > 0) out.push(<wbr key={i} />);
    out.push(i < parts.length - 1 ? `${part}.` : part);
  });
  return out;
}

const columnsFor = (t: TFunction<"audit">, language: string): Column<Row>[] => {
  // Labels repeated on every row: translated once per table.
  const types = memoByKey((type) => typeLabel(t, type));
  const results = memoByKey((result) => resultLabel(t, result));
  const system = <span className="text-xs text-slate-500">{t("table.system")}</span>;
  const none = <span className="text-slate-400">—</span>;
  return [
    { key: "at", header: t("table.time"), cell: (r) => wibTime(r.at, language, { wrap: true, className: "a-at" }) },
    {
      key: "actor",
      header: t("table.actor"),
      cell: (r) =>
        r.actor ? (
          <div className="a-actor" title={r.actor.email}>
            <div>{r.actor.name}</div>
            <div>{r.actor.email}</div>
          </div>
        ) : r.actorEmail ? (
          <div className="max-w-[9rem] truncate text-xs" title={r.actorEmail}>
            {r.actorEmail}
          </div>
        ) : (
          system
        ),
    },
    // May break after a dot (order.<wbr>status_changed): narrow at 1366 px, whole words kept.
    { key: "action", header: t("table.action"), cell: (r) => <code className="a-act">{actionParts(r.action)}</code> },
    { key: "target", header: t("table.target"), cell: (r) => targetCell(r.target, types) },
    { key: "amount", header: t("table.amount"), align: "right", className: "nums", cell: (r) => (r.amount === null ? none : formatIdr(r.amount)) },
    {
      key: "result",
      header: t("table.result"),
      cell: (r) => (
        <span className={badgeClasses(RESULT_TONE[r.result] ?? "neutral")} data-result={r.result}>
          {results(r.result)}
        </span>
      ),
    },
    {
      key: "detail",
      header: t("table.details"),
      // The column that takes what the others leave: its text wraps (two lines at most), so the table never overflows.
      className: "w-full",
      cell: (r) => (
        <div className="a-detail">
          <p title={r.summary.length ? r.summary.map((s) => `${s.key}: ${s.value}`).join(" · ") : undefined}>
            {r.summary.map((s, i) => (
              <span key={`${s.key}-${i}`}>
                {i > 0 ? " · " : null}
                <span className="a-k">{s.key}</span> <span className="a-v">{s.value}</span>
              </span>
            ))}
          </p>
          <AuditRawDialog raw={r.raw} />
        </div>
      ),
    },
  ];
};

export default function AuditPage() {
  const { t, i18n } = useTranslation("audit");
  const columns = useMemo(() => columnsFor(t, i18n.language), [t, i18n.language]);
  const { rows, newer, older, staff, actions, values, errors, filtered } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { search } = useLocation();
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/audit";
  const exportSearch = new URLSearchParams(search);
  exportSearch.delete("after");
  exportSearch.delete("before");
  const exportQuery = exportSearch.toString();
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <a href={`/audit/export.csv${exportQuery ? `?${exportQuery}` : ""}`} download className={buttonClasses("secondary")} data-testid="audit-export">
            <Download aria-hidden className="size-4" />
            {t("export")}
          </a>
        }
      />
      <Form method="get" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6" aria-label={t("filters.label")}>
        <Field label={t("filters.actor")}>
          <Select name="actor" defaultValue={values.actor}>
            <option value="">{t("filters.anyone")}</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
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
          <Select name="targetType" defaultValue={values.targetType}>
            <option value="">{t("filters.anyTargetType")}</option>
            {(TARGET_TYPES as readonly string[]).concat((TARGET_TYPES as readonly string[]).includes(values.targetType) || !values.targetType ? [] : [values.targetType]).map((type) => (
              <option key={type} value={type}>
                {typeLabel(t, type)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("filters.targetId")}>
          <Input name="targetId" defaultValue={values.targetId} placeholder={t("filters.targetIdPlaceholder")} />
        </Field>
        <Field label={t("filters.from")} error={errors.from ? t(`errors.${errors.from}`) : undefined}>
          <DayInput key={values.from} name="from" defaultValue={values.from} />
        </Field>
        <Field label={t("filters.to")} error={errors.to ? t(`errors.${errors.to}`) : undefined}>
          <DayInput key={values.to} name="to" defaultValue={values.to} />
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
        rows={rows}
        rowKey={(r) => r.id}
        caption={t("table.caption")}
        empty={
          <EmptyState icon={ScrollText} title={filtered ? t("empty.filtered") : t("empty.none")}>
            {filtered ? t("empty.filteredText") : t("empty.noneText")}
          </EmptyState>
        }
      />
      <Pagination newerCursor={newer} olderCursor={older} label={t("pages")} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
