import { Form, Link } from "@remix-run/react";
import { Plus, Trash2 } from "~/components/ui/icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Button, buttonClasses, Card, Field, Input, Select, StatusButton, Textarea } from "~/components/ui";
import type { FieldErrors } from "~/lib/action-data";

type ParamType = "text" | "number" | "rupiah" | "date";
export interface TemplateFormValues {
  id?: string;
  name: string;
  kind: "push" | "reminder";
  description: string | null;
  params: Array<{ name: string; type: ParamType; min: number; max: number; label?: string }>;
}

const PARAM_TYPES: ParamType[] = ["text", "number", "rupiah", "date"];
let rowSeq = 0;
const newRow = (p?: TemplateFormValues["params"][number]) => ({
  key: ++rowSeq,
  name: p?.name ?? "",
  type: p?.type ?? ("text" as ParamType),
  min: p ? String(p.min) : "1",
  max: p ? String(p.max) : "",
  label: p?.label ?? "",
});

/**
 * Create or edit a template: the name exactly as registered with GoPay, its kind, and its
 * parameters as rows (name, type, min–max characters, label). Rows are plain repeated fields, so
 * the server reads them in order; adding and removing rows is local until saved.
 */
export function TemplateForm({
  initial,
  errors,
  cancelTo,
}: {
  initial?: TemplateFormValues;
  errors?: FieldErrors;
  cancelTo: string;
}) {
  const { t } = useTranslation("campaigns");
  const [rows, setRows] = useState(() => (initial?.params.length ? initial.params.map(newRow) : [newRow()]));
  const editing = Boolean(initial?.id);
  const paramError = (i: number) => errors?.[`params.${i}`];
  return (
    <Card
      title={
        editing
          ? t("build.templates.form.editTitle", { name: initial!.name })
          : t("build.templates.form.createTitle")
      }
    >
      <Form method="post" className="space-y-4" noValidate>
        {editing ? <input type="hidden" name="id" value={initial!.id} /> : null}
        <div className="grid gap-4 md:grid-cols-3">
          <Field
            className="md:col-span-2"
            label={t("build.templates.form.name")}
            hint={t("build.templates.form.nameHint")}
            error={errors?.name}
          >
            <Input
              name="name"
              defaultValue={initial?.name}
              required
              autoComplete="off"
              spellCheck={false}
              className="font-mono"
            />
          </Field>
          <Field label={t("build.templates.form.kind")} error={errors?.kind}>
            <Select name="kind" defaultValue={initial?.kind ?? "push"}>
              <option value="push">{t("build.kinds.push")}</option>
              <option value="reminder">{t("build.kinds.reminder")}</option>
            </Select>
          </Field>
        </div>
        <Field
          label={t("build.templates.form.descriptionLabel")}
          hint={t("build.templates.form.descriptionHint", { example: "{{title}}" })}
          error={errors?.description}
        >
          <Textarea name="description" defaultValue={initial?.description ?? ""} rows={2} />
        </Field>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800">{t("build.templates.form.params")}</legend>
          <p className="text-xs text-slate-500">{t("build.templates.form.paramsHint")}</p>
          {errors?.params ? <p className="text-xs font-medium text-red-700">{errors.params}</p> : null}
          <div className="space-y-2">
            {rows.map((r, i) => (
              <div key={r.key} className="grid grid-cols-12 items-end gap-2">
                <Field
                  className="col-span-3"
                  label={t("build.templates.form.paramName")}
                  error={paramError(i)}
                >
                  <Input
                    name="paramName"
                    defaultValue={r.name}
                    className="font-mono"
                    autoComplete="off"
                    spellCheck={false}
                  />
                </Field>
                <Field className="col-span-2" label={t("build.templates.form.paramType")}>
                  <Select name="paramType" defaultValue={r.type}>
                    {PARAM_TYPES.map((p) => (
                      <option key={p} value={p}>
                        {t(`build.paramTypes.${p}`)}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field className="col-span-2" label={t("build.templates.form.paramMin")}>
                  <Input name="paramMin" defaultValue={r.min} inputMode="numeric" />
                </Field>
                <Field className="col-span-2" label={t("build.templates.form.paramMax")}>
                  <Input name="paramMax" defaultValue={r.max} inputMode="numeric" />
                </Field>
                <Field className="col-span-2" label={t("build.templates.form.paramLabel")}>
                  <Input name="paramLabel" defaultValue={r.label} />
                </Field>
                <div className="col-span-1 pb-0.5">
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={t("build.templates.form.removeParam", { n: i + 1 })}
                    disabled={rows.length === 1}
                    onClick={() => setRows((list) => list.filter((x) => x.key !== r.key))}
                  >
                    <Trash2 aria-hidden className="size-4" />
                  </Button>
                </div>
              </div>
            ))}
          </div>
          <Button variant="secondary" size="sm" onClick={() => setRows((list) => [...list, newRow()])}>
            <Plus aria-hidden className="size-4" />
            {t("build.templates.form.addParam")}
          </Button>
        </fieldset>
        {errors?.form ? <p className="text-sm font-medium text-red-700">{errors.form}</p> : null}
        <div className="flex gap-2">
          <StatusButton intent={editing ? "update" : "create"}>{t("build.templates.form.save")}</StatusButton>
          <Link to={cancelTo} className={buttonClasses("ghost")}>
            {t("build.templates.form.cancel")}
          </Link>
        </div>
      </Form>
    </Card>
  );
}
