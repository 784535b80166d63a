import { Form } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatCount } from "~/lib/count";
import { Card, DayInput, Field, Input, Select, StatusButton, TimeInput } from "~/components/ui";
import type { FieldErrors } from "~/lib/action-data";
import type { SegmentKey } from "~/services/campaigns/segments-list";
import type { TemplateParamType } from "~db/schema/campaign-templates";
import { AudienceReport, type ReportProblem } from "./audience-report";

export interface WizardTemplate {
  id: string;
  name: string;
  kind: "push" | "reminder";
  params: Array<{ name: string; type: string; min: number; max: number; label?: string }>;
}

export interface WizardCheck {
  rowCount: number | null;
  columns: string[];
  included: number;
  excludedTotal: number;
  excluded: Partial<Record<string, number>>;
  problems: ReportProblem[];
  sample: Array<{ line: number | null; params: Record<string, string> }>;
}

const FIELDS = [
  "first_name",
  "name",
  "phone",
  "email",
  "last_order_id",
  "last_order_amount",
  "last_unpaid_order_id",
  "last_unpaid_amount",
  "last_unpaid_due",
] as const;
const MAX_BYTES = 20 * 1024 * 1024;
const MODES = ["now", "at", "local"] as const;
const FIXED = "fixed";

/**
 * The new-campaign form: one multipart form (the CSV travels with every submit, so "Check" and
 * "Save" read the same file), four sections. Checking never saves; saving checks again.
 */
export function CampaignWizard({
  templates,
  segments,
  maxRows,
  check,
  errors,
}: {
  templates: WizardTemplate[];
  segments: Array<{ segment: string; total: number; reachable: number }>;
  maxRows: number;
  check?: WizardCheck;
  errors?: FieldErrors;
}) {
  const { t, i18n } = useTranslation("campaigns");
  const [kind, setKind] = useState<"push" | "reminder">("push");
  const ofKind = templates.filter((x) => x.kind === kind);
  const [templateId, setTemplateId] = useState(ofKind[0]?.id ?? "");
  const template = templates.find((x) => x.id === templateId && x.kind === kind) ?? ofKind[0];
  const [audienceType, setAudienceType] = useState<"csv" | "segment">("csv");
  const [sources, setSources] = useState<Record<string, string>>({});
  const [mode, setMode] = useState<"now" | "at" | "local">("now");
  const [fileError, setFileError] = useState<string | null>(null);
  const columns = check?.columns ?? [];

  return (
    <Form
      method="post"
      encType="multipart/form-data"
      className="space-y-6"
      noValidate
      onSubmit={(e) => {
        const input = e.currentTarget.elements.namedItem("file") as HTMLInputElement | null;
        const file = input?.files?.[0];
        if (audienceType === "csv" && file && file.size > MAX_BYTES) {
          e.preventDefault();
          setFileError(t("build.wizard.fileTooBig"));
        } else setFileError(null);
      }}
    >
      <Card title={t("build.wizard.basics")}>
        <div className="grid gap-4 md:grid-cols-3">
          <Field label={t("build.wizard.name")} error={errors?.name}>
            <Input name="name" required maxLength={200} />
          </Field>
          <Field label={t("build.wizard.kind")}>
            <Select
              name="kind"
              value={kind}
              onChange={(e) => {
                const k = e.target.value as "push" | "reminder";
                setKind(k);
                setTemplateId(templates.find((x) => x.kind === k)?.id ?? "");
              }}
            >
              <option value="push">{t("build.kinds.push")}</option>
              <option value="reminder">{t("build.kinds.reminder")}</option>
            </Select>
          </Field>
          <Field
            label={t("build.wizard.template")}
            hint={
              template
                ? t("build.wizard.templateHint", { count: template.params.length, name: template.name })
                : t("build.wizard.noTemplates")
            }
            error={errors?.templateId}
          >
            <Select
              name="templateId"
              value={template?.id ?? ""}
              onChange={(e) => setTemplateId(e.target.value)}
            >
              {ofKind.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </Card>

      <Card title={t("build.wizard.audience")}>
        <fieldset className="space-y-3">
          <legend className="sr-only">{t("build.wizard.audience")}</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="audienceType"
                value="csv"
                checked={audienceType === "csv"}
                onChange={() => setAudienceType("csv")}
              />
              {t("build.wizard.audienceCsv")}
            </label>
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="audienceType"
                value="segment"
                checked={audienceType === "segment"}
                onChange={() => setAudienceType("segment")}
              />
              {t("build.wizard.audienceSegment")}
            </label>
          </div>
          <div hidden={audienceType !== "csv"}>
            <Field
              label={t("build.wizard.file")}
              hint={t("build.wizard.fileHint", { rows: formatCount(maxRows, i18n.language) })}
              error={fileError ?? errors?.file}
            >
              <Input name="file" type="file" accept=".csv,text/csv" className="h-auto py-1.5" />
            </Field>
          </div>
          <div hidden={audienceType !== "segment"}>
            <Field label={t("build.wizard.segment")} error={errors?.segment}>
              <Select name="segment" defaultValue={segments[0]?.segment}>
                {segments.map((s) => (
                  <option key={s.segment} value={s.segment}>
                    {t(`build.segments.${s.segment as SegmentKey}`)} —{" "}
                    {t("build.segments.count", {
                      total: formatCount(s.total, i18n.language),
                      reachable: formatCount(s.reachable, i18n.language),
                    })}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        </fieldset>
      </Card>

      <Card title={t("build.wizard.params")} description={t("build.wizard.paramsHint")}>
        {errors?.params ? <p className="mb-3 text-sm font-medium text-red-700">{errors.params}</p> : null}
        <div className="space-y-4">
          {(template?.params ?? []).map((p) => {
            const src = sources[p.name] ?? FIXED;
            return (
              <fieldset
                key={`${template!.id}-${p.name}`}
                className="grid gap-2 rounded-md border border-slate-200 p-3 md:grid-cols-4"
              >
                <legend className="px-1 text-sm font-medium text-slate-800">
                  <code className="font-mono">{p.name}</code>
                  {p.label ? ` — ${p.label}` : ""}{" "}
                  <span className="text-xs font-normal text-slate-500">
                    {t("build.wizard.limits", {
                      type: t(`build.paramTypes.${p.type as TemplateParamType}`),
                      min: p.min,
                      max: p.max,
                    })}
                  </span>
                </legend>
                <Field label={t("build.wizard.source", { param: p.name })}>
                  <Select
                    name={`src.${p.name}`}
                    value={src}
                    onChange={(e) => setSources((s) => ({ ...s, [p.name]: e.target.value }))}
                  >
                    <option value="fixed">{t("build.wizard.sourceFixed")}</option>
                    {audienceType === "csv" ? (
                      <option value="column">{t("build.wizard.sourceColumn")}</option>
                    ) : null}
                    <option value="field">{t("build.wizard.sourceField")}</option>
                  </Select>
                </Field>
                {src === "fixed" ? (
                  <Field
                    className="md:col-span-3"
                    label={t("build.wizard.value", { param: p.name })}
                    error={errors?.[`param.${p.name}`]}
                  >
                    <Input name={`val.${p.name}`} maxLength={p.max + 200} />
                  </Field>
                ) : null}
                {src === "column" ? (
                  <Field
                    label={t("build.wizard.column", { param: p.name })}
                    hint={columns.length ? undefined : t("build.wizard.columnHint")}
                    error={errors?.[`param.${p.name}`]}
                  >
                    {columns.length ? (
                      <Select
                        name={`col.${p.name}`}
                        defaultValue={columns.includes(p.name) ? p.name : columns[0]}
                      >
                        {columns.map((c) => (
                          <option key={c} value={c}>
                            {c}
                          </option>
                        ))}
                      </Select>
                    ) : (
                      <Input name={`col.${p.name}`} defaultValue={p.name} />
                    )}
                  </Field>
                ) : null}
                {src === "field" ? (
                  <Field
                    label={t("build.wizard.field", { param: p.name })}
                    error={errors?.[`param.${p.name}`]}
                  >
                    <Select name={`fld.${p.name}`} defaultValue="first_name">
                      {FIELDS.map((f) => (
                        <option key={f} value={f}>
                          {t(`build.fields.${f}`)}
                        </option>
                      ))}
                    </Select>
                  </Field>
                ) : null}
                {src !== "fixed" ? (
                  <Field className="md:col-span-2" label={t("build.wizard.fallback", { param: p.name })}>
                    <Input name={`fb.${p.name}`} />
                  </Field>
                ) : null}
              </fieldset>
            );
          })}
        </div>
      </Card>

      <Card title={t("build.wizard.delivery")}>
        <div className="grid gap-4 md:grid-cols-4">
          <Field
            label={t("build.wizard.throttle")}
            hint={t("build.wizard.throttleHint")}
            error={errors?.throttle}
          >
            <Input name="throttle" type="number" min={1} max={10000} defaultValue={50} inputMode="numeric" />
          </Field>
          <Field
            label={t("build.wizard.quietStart")}
            hint={t("build.wizard.quietHint")}
            error={errors?.quietStart}
          >
            <TimeInput name="quietStart" defaultValue="21:00" />
          </Field>
          <Field label={t("build.wizard.quietEnd")} error={errors?.quietEnd}>
            <TimeInput name="quietEnd" defaultValue="08:00" />
          </Field>
        </div>
        <fieldset className="mt-4 space-y-3">
          <legend className="text-sm font-medium text-slate-800">{t("build.wizard.schedule")}</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            {MODES.map((m) => (
              <label key={m} className="flex items-center gap-2">
                <input
                  type="radio"
                  name="scheduleMode"
                  value={m}
                  checked={mode === m}
                  onChange={() => setMode(m)}
                />
                {t(
                  m === "now"
                    ? "build.wizard.scheduleNow"
                    : m === "at"
                      ? "build.wizard.scheduleAt"
                      : "build.wizard.scheduleLocal",
                )}
              </label>
            ))}
          </div>
          {mode === "at" ? (
            <div className="grid gap-4 md:grid-cols-4">
              <Field label={t("build.wizard.atDate")} error={errors?.atDate}>
                <DayInput name="atDate" />
              </Field>
              <Field label={t("build.wizard.atTime")} error={errors?.atTime}>
                <TimeInput name="atTime" defaultValue="09:00" />
              </Field>
              <Field label={t("build.wizard.zone")}>
                <Select name="atZone" defaultValue="WIB">
                  {(["WIB", "WITA", "WIT"] as const).map((z) => (
                    <option key={z} value={z}>
                      {t(`build.zones.${z}`)}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
          ) : null}
          {mode === "local" ? (
            <div className="grid gap-4 md:grid-cols-4">
              <Field label={t("build.wizard.date")} error={errors?.localDate}>
                <DayInput name="localDate" />
              </Field>
              <Field label={t("build.wizard.time")} error={errors?.localTime}>
                <TimeInput name="localTime" defaultValue="09:00" />
              </Field>
            </div>
          ) : null}
        </fieldset>
      </Card>

      {errors?.form ? <p className="text-sm font-medium text-red-700">{errors.form}</p> : null}
      <div className="flex flex-wrap gap-2">
        <StatusButton variant="secondary" intent="check">
          {t("build.wizard.check")}
        </StatusButton>
        <StatusButton intent="create">{t("build.wizard.create")}</StatusButton>
      </div>

      {check ? <CheckResult check={check} /> : null}
    </Form>
  );
}

function CheckResult({ check }: { check: WizardCheck }) {
  const { t } = useTranslation("campaigns");
  return (
    <Card title={t("build.wizard.checked")}>
      <div className="space-y-4" aria-live="polite">
        <p className="flex flex-wrap gap-x-4 text-sm text-slate-800" data-testid="check-summary">
          {check.rowCount !== null ? <span>{t("build.wizard.read", { rows: check.rowCount })}</span> : null}
          <span className="font-medium text-emerald-800">
            {t("build.wizard.valid", { count: check.included })}
          </span>
          <span className="font-medium text-amber-800">
            {t("build.wizard.excluded", { count: check.excludedTotal })}
          </span>
          {check.columns.length ? (
            <span className="text-slate-600">
              {t("build.wizard.columnsFound", { columns: check.columns.join(", ") })}
            </span>
          ) : null}
        </p>
        {check.included === 0 ? (
          <p className="text-sm font-medium text-red-700">{t("build.wizard.nobody")}</p>
        ) : null}
        <AudienceReport
          excluded={check.excluded}
          problems={check.problems}
          total={check.excludedTotal}
          reasonsCaption={t("build.wizard.reasonsCaption")}
          problemsCaption={t("build.wizard.problemsCaption")}
        />
        {check.sample.length ? (
          <div>
            <h3 className="mb-1 text-xs font-semibold text-slate-700">{t("build.wizard.sample")}</h3>
            <ul className="space-y-1 text-sm">
              {check.sample.map((s, i) => (
                <li key={i} className="rounded bg-slate-50 px-2 py-1">
                  {s.line !== null ? (
                    <span className="mr-2 font-mono text-xs text-slate-500">
                      {t("build.problem.line", { line: s.line })}
                    </span>
                  ) : null}
                  {Object.entries(s.params).map(([k, v]) => (
                    <span key={k} className="mr-3">
                      <code className="font-mono text-xs text-slate-500">{k}</code> {v}
                    </span>
                  ))}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </Card>
  );
}
