import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { Download, ScrollText } from "~/components/ui/icons";
import { Fragment, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { AuditRawButton, AuditRawDialogs } from "~/components/audit/audit-raw-dialog";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { sectionTitle } from "~/components/meta";
import { Button, DataTable, DayInput, EmptyState, Field, Input, PageHeader, Pagination, RowLink, Select, StaleCursorNotice, badgeClasses, buttonClasses, wibTime, type Column, type Tone } from "~/components/ui";
import { fromColumns, toColumns } from "~/lib/columns";
import { exportHref } from "~/lib/export-href";
import { formatIdr } from "~/lib/money";
import { memoByKey } from "~/lib/memo";
import { db } from "~/db/client.server";
import { filterActions } from "~/services/audit-actions";
import { cursorParams } from "~/lib/stale-cursor";
import { auditActions, listAuditPage } from "~/services/audit.server";
import { parseAuditSearch } from "~/services/audit-search";
import { getLanguage, sharedI18n } from "~/i18n/i18n.server";
import { say } from "~/lib/words";
import { describeTargets, summarise, targetOf } from "~/services/audit-view.server";
import { listStaff } from "~/services/staff/manage-staff.server";

export const meta = sectionTitle("audit");

/** A row as the table shows it. */
interface Row {
  /** The entry's id (a bigint goes packed in the page's data: app/lib/columns.ts). */
  id: bigint;
  at: Date;
  /** A staff actor's name (`actorEmail` is then theirs), else null. */
  actorName: string | null;
  /** The staff actor's email, or what an actor without a staff row wrote (a job, the API); null: the system. */
  actorEmail: string | null;
  action: string;
  /** null: no target. */
  targetType: string | null;
  targetLabel: string;
  targetSub: string | null;
  targetHref: string | null;
  amount: bigint | null;
  result: string;
  /** key, value, key, value… */
  summary: string[];
}
const ROW_FIELDS = ["id", "at", "actorName", "actorEmail", "action", "targetType", "targetLabel", "targetSub", "targetHref", "amount", "result", "summary"] as const satisfies readonly (keyof Row)[];

/** The summary's [key, value] pairs. */
function pairs(flat: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "audit:read");
  const q = new URL(request.url).searchParams;
  const { values, errors, filters } = parseAuditSearch(q);
  const [page, staff, actions, lng] = await Promise.all([
    listAuditPage(db(), filters, cursorParams(q)),
    listStaff(db()),
    auditActions(db()),
    getLanguage(request),
  ]);
  const [{ targets, actors }, i18n] = await Promise.all([describeTargets(db(), page.rows, { lng }), sharedI18n(lng)]);
  const t = i18n.getFixedT(lng);
  const rows = page.rows.map((r): Row => {
    const actor = r.actorId ? actors.get(r.actorId) : undefined;
    const target = targetOf(r, targets);
    return {
      id: r.id,
      at: r.at,
      actorName: actor?.name ?? null,
      actorEmail: actor?.email ?? r.actorEmail,
      action: r.action,
      targetType: target?.type ?? null,
      // A page's name (the coin wallet's, an export's) in the reader's language.
      targetLabel: target ? say(t, target.labelWords, target.label) : "",
      targetSub: target?.sub ?? null,
      // No link to a page this reader's role would refuse (a finance reader and a campaign's page).
      targetHref: target?.href && (!target.needs || can(me.role, target.needs)) ? target.href : null,
      amount: r.amount,
      result: r.result,
      // Request first (what was asked), then the outcome's detail; amounts said as `Rp …`. No raw
      // JSON: the dialog fetches an entry's when it opens (GET /audit/:entryId/raw).
      summary: [...summarise(r.request, 3, lng), ...summarise(r.detail, 3, lng)].flatMap((s) => [s.key, s.value]),
    };
  });
  return {
    // Only what the rows show, flat and field by field (each name once in the page's embedded data).
    rows: toColumns(rows, ROW_FIELDS),
    newer: page.newer,
    older: page.older,
    staleCursor: page.staleCursor,
    staff: staff.map((s) => ({ id: s.id, label: s.name ? `${s.name} · ${s.email}` : s.email })),
    // Only the actions written besides AUDIT_ACTIONS: the page has that list in its bundle.
    extraActions: actions,
    values,
    errors,
    filtered: Object.values(values).some(Boolean),
  };
}

const RESULT_TONE: Record<string, Tone> = { ok: "success", denied: "danger", failed: "danger", pending: "warning", unknown: "warning" };
const RESULTS = ["ok", "denied", "failed", "pending", "unknown"] as const;
const TARGET_TYPES = [
  "order",
  "staff",
  "pay_account",
  "hold",
  "refund",
  "customer",
  "approval",
  "api_key",
  "role",
  "route",
  "orders",
  "audit_log",
  "campaign",
  "campaign_template",
  "reminder",
  "reminders",
  "coin_payout",
  "coin_batch",
  "coin_wallet",
  "coin_settings",
  "coin_payouts",
  "reconciliation",
  "report",
] as const;
const resultLabel = (t: TFunction<"audit">, r: string) => ((RESULTS as readonly string[]).includes(r) ? t(`result.${r as (typeof RESULTS)[number]}`) : r);
const typeLabel = (t: TFunction<"audit">, type: string) => ((TARGET_TYPES as readonly string[]).includes(type) ? t(`targetTypes.${type as (typeof TARGET_TYPES)[number]}`) : type);

// The cells' look is in app/styles.css (`.a-table`, by column): said once for the table, not on 50 rows.
function targetCell({ targetType: type, targetLabel: label, targetSub: sub, targetHref: href }: Row, typeLabel: (type: string) => string) {
  if (type === null) return <span className="text-slate-400">—</span>;
  // The label is bold (app/styles.css, `.a-table` column 4), link or not.
  return (
    <div>
      <div>{sub ? `${typeLabel(type)} · ${sub}` : typeLabel(type)}</div>
      <div onPointerEnter={titleOnHover(sub ? `${label} · ${sub}` : label)}>{href ? <RowLink to={href}>{label}</RowLink> : label}</div>
    </div>
  );
}

/** `order.status_changed` → `order.`, <wbr>, `status_changed`: it may break after a dot, whole words kept. */
function actionParts(action: string): React.ReactNode[] {
  // After each dot and underscore (auth.<wbr>sessions_<wbr>ended_<wbr>others), never inside a word.
  const parts = action.split(/(?<=[._])/);
  const out: React.ReactNode[] = [];
  parts.forEach((part, i) => {
    if (i > 0) out.push(<wbr key={i} />);
    out.push(part);
  });
  return out;
}

/**
 * The whole text of a cut-off cell as its tooltip, set when the pointer enters the cell instead of
 * carried in a title attribute on every row of the page (it repeated the cell's text).
 */
const titleOnHover = (text: string | (() => string)) => (e: React.PointerEvent<HTMLElement>) => {
  e.currentTarget.title = typeof text === "string" ? text : text();
};

const columnsFor = (t: TFunction<"audit">, language: string): Column<Row>[] => {
  // Labels repeated on every row: translated once per table.
  const types = memoByKey((type) => typeLabel(t, type));
  const results = memoByKey((result) => resultLabel(t, result));
  const system = <span className="text-xs text-slate-500">{t("table.system")}</span>;
  return [
    { key: "at", header: t("table.time"), cell: (r) => wibTime(r.at, language, { wrap: true, styledBy: "table" }) },
    {
      key: "actor",
      header: t("table.actor"),
      cell: (r) =>
        r.actorName !== null && r.actorEmail !== null ? (
          <div onPointerEnter={titleOnHover(r.actorEmail)}>
            <div>{r.actorName}</div>
            <div>{r.actorEmail}</div>
          </div>
        ) : r.actorEmail ? (
          <div onPointerEnter={titleOnHover(r.actorEmail)}>
            {r.actorEmail}
          </div>
        ) : (
          system
        ),
    },
    // May break after a dot or underscore (order.<wbr>status_<wbr>changed): narrow at 1280 px, whole words kept.
    { key: "action", header: t("table.action"), cell: (r) => <code>{actionParts(r.action)}</code> },
    { key: "target", header: t("table.target"), cell: (r) => targetCell(r, types) },
    // Right-aligned, on one line; no amount: an empty cell that `.a-table` draws as a grey dash.
    { key: "amount", header: t("table.amount"), align: "right", styledBy: "table", cell: (r) => (r.amount === null ? null : formatIdr(r.amount)) },
    {
      key: "result",
      header: t("table.result"),
      cell: (r) => (
        <span className={badgeClasses(RESULT_TONE[r.result] ?? "neutral")}>
          {results(r.result)}
        </span>
      ),
    },
    {
      key: "detail",
      header: t("table.details"),
      // The column that takes what the others leave (`.a-table`): its text wraps (two lines at most), so the table never overflows.
      styledBy: "table",
      cell: (r) => (
        <div>
          {r.summary.length ? (
            <p onPointerEnter={titleOnHover(() => pairs(r.summary).map(([key, value]) => `${key}: ${value}`).join(" · "))}>
              {pairs(r.summary).map(([key, value], i) => (
                <Fragment key={`${key}-${i}`}>
                  {i > 0 ? " · " : null}
                  <span>{key}</span> <span>{value}</span>
                </Fragment>
              ))}
            </p>
          ) : null}
          <AuditRawButton id={r.id.toString()} />
        </div>
      ),
    },
  ];
};

export default function AuditPage() {
  const { t, i18n } = useTranslation("audit");
  const columns = useMemo(() => columnsFor(t, i18n.language), [t, i18n.language]);
  const { rows: packed, newer, older, staleCursor, staff, extraActions, values, errors, filtered } = useLoaderData<typeof loader>();
  const rows = useMemo(() => fromColumns(packed), [packed]);
  const actions = useMemo(() => filterActions(extraActions), [extraActions]);
  const navigation = useNavigation();
  const { search } = useLocation();
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/audit";
  // No link while a date is invalid (the export would answer 400): the field shows the error.
  const exportTo = exportHref("/audit/export.csv", search, errors);
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          exportTo ? (
            <a href={exportTo} download className={buttonClasses("secondary")} data-testid="audit-export">
              <Download aria-hidden className="size-4" />
              {t("export")}
            </a>
          ) : null
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
            {/* An option without a value submits its text: the action, said once. */}
            {actions.map((a) => (
              <option key={a}>{a}</option>
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
      <StaleCursorNotice show={staleCursor} />
      <AuditRawDialogs>
        <DataTable
          tableClassName="a-table"
          columns={columns}
          rows={rows}
          rowKey={(r) => r.id.toString()}
          caption={t("table.caption")}
          empty={
            <EmptyState icon={ScrollText} title={filtered ? t("empty.filtered") : t("empty.none")}>
              {filtered ? t("empty.filteredText") : t("empty.noneText")}
            </EmptyState>
          }
        />
      </AuditRawDialogs>
      <Pagination newerCursor={newer} olderCursor={older} label={t("pages")} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
