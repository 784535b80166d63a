import { Form } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Card, DayInput, Field, Input, Select, StatusButton, TimeInput } from "~/components/ui";
import { fieldError, type ActionData } from "~/lib/action-data";
import { ZONES } from "~/services/campaigns/types";

/** The schedule of a draft: now, at a date and time in a zone, or at a time in each recipient's zone; quiet hours; throttle. */
export function ScheduleForm({
  answer,
  defaults,
}: {
  answer: ActionData | undefined;
  defaults: { quietStart: string; quietEnd: string; throttle: number };
}) {
  const { t } = useTranslation("campaigns");
  const v = answer?.ok === false && answer.intent === "schedule" ? (answer.values ?? {}) : {};
  const [mode, setMode] = useState(v.mode ?? "now");
  const err = (f: string) => (answer?.intent === "schedule" ? fieldError(answer, f) : undefined);
  const formErr = err("form");
  return (
    <Card>
      <Form method="post" className="space-y-4" aria-labelledby="schedule-title">
        <div>
          <h2 id="schedule-title" className="text-sm font-semibold text-slate-900">
            {t("delivery.scheduleForm.title")}
          </h2>
          <p className="text-sm text-slate-600">{t("delivery.scheduleForm.description")}</p>
        </div>
        {/* Each row aligned at the top, its fields of fixed widths: a field's message goes under it
            (wrapping in its width) and the row's inputs stay on one line whichever field has one.
            Aligned at the bottom, a message lifted its own input above the others. */}
        <div className="flex flex-wrap items-start gap-3">
          <Field label={t("delivery.scheduleForm.mode")} error={err("mode")} className="w-72">
            <Select name="mode" value={mode} onChange={(e) => setMode(e.currentTarget.value)}>
              <option value="now">{t("delivery.scheduleForm.modeNow")}</option>
              <option value="at">{t("delivery.scheduleForm.modeAt")}</option>
              <option value="local">{t("delivery.scheduleForm.modeLocal")}</option>
            </Select>
          </Field>
          {mode !== "now" ? (
            <>
              <Field label={t("delivery.scheduleForm.date")} error={err("date")} className="w-40">
                <DayInput name="date" defaultValue={v.date ?? ""} required />
              </Field>
              <Field label={t("delivery.scheduleForm.time")} error={err("time")} className="w-32">
                <TimeInput name="time" defaultValue={v.time ?? "09:00"} required />
              </Field>
            </>
          ) : null}
          {mode === "at" ? (
            <Field label={t("delivery.scheduleForm.zone")} className="w-28">
              <Select name="zone" defaultValue={v.zone ?? "WIB"}>
                {ZONES.map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </Select>
            </Field>
          ) : null}
        </div>
        <div className="flex flex-wrap items-start gap-3">
          <Field label={t("delivery.scheduleForm.quietStart")} error={err("quietStart")} className="w-32">
            <TimeInput name="quietStart" defaultValue={v.quietStart ?? defaults.quietStart} required />
          </Field>
          <Field label={t("delivery.scheduleForm.quietEnd")} error={err("quietEnd")} className="w-32">
            <TimeInput name="quietEnd" defaultValue={v.quietEnd ?? defaults.quietEnd} required />
          </Field>
          <Field label={t("delivery.scheduleForm.throttle")} error={err("throttle")} className="w-64">
            <Input
              name="throttle"
              type="number"
              min={0}
              max={10000}
              step={1}
              defaultValue={v.throttle ?? String(defaults.throttle)}
              required
              className="w-32"
            />
          </Field>
          {/* Level with the inputs: below a label's line (text-sm, 1.25rem) and the field's gap (0.25rem). */}
          <StatusButton intent="schedule" className="mt-6">
            {t("delivery.scheduleForm.submit")}
          </StatusButton>
        </div>
        {formErr ? (
          <p role="alert" className="text-sm text-red-700">
            {formErr}
          </p>
        ) : null}
      </Form>
    </Card>
  );
}
