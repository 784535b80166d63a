import { Form, Link } from "@remix-run/react";
import { Search } from "~/components/ui/icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Badge, Button, buttonClasses, Card, Field, Input, StatusButton } from "~/components/ui";
import type { FieldErrors } from "~/lib/action-data";
import { formatPhone } from "~/lib/phone";
import { PayloadView } from "./payload-view";

export interface TestCandidate {
  id: string;
  name: string | null;
  phone: string | null;
  merchantUserId: string | null;
  tokenPresent: boolean;
}

export interface TestAnswer {
  status: "sent" | "failed" | "unknown";
  requestId: string;
  httpStatus?: number;
  code?: string;
  message?: string;
  reminderId?: string;
  payload: { method: string; path: string; headers: Record<string, string>; body: unknown };
}

/**
 * "Send a test" of one template to one customer: find the customer (GET, keeps the page), fill the
 * parameters (live character counts against the limits), send. GoPay's answer is shown as it came.
 * After an unknown outcome the form keeps the same Request-Id, so a retry can never send twice.
 */
export function TemplateTest({
  template,
  q,
  candidates,
  requestId,
  answer,
  errors,
  closeTo,
}: {
  template: {
    id: string;
    name: string;
    kind: "push" | "reminder";
    params: Array<{ name: string; min: number; max: number; label?: string }>;
  };
  q: string;
  candidates: TestCandidate[];
  requestId: string;
  answer?: TestAnswer;
  errors?: FieldErrors;
  closeTo: string;
}) {
  const { t } = useTranslation("campaigns");
  const [values, setValues] = useState<Record<string, string>>({});
  const keepId = answer?.status === "unknown" ? answer.requestId : requestId;
  return (
    <Card
      title={t("build.templates.testSend.title", { name: template.name })}
      description={t("build.templates.testSend.description", {
        kind: t(`build.kinds.${template.kind}`).toLowerCase(),
      })}
      actions={
        <Link to={closeTo} className={buttonClasses("ghost", "sm")}>
          {t("build.templates.testSend.close")}
        </Link>
      }
    >
      <div className="space-y-4">
        <Form method="get" className="flex items-end gap-2" role="search">
          <input type="hidden" name="test" value={template.id} />
          <Field
            className="flex-1"
            label={t("build.templates.testSend.search")}
            hint={t("build.templates.testSend.searchHint")}
          >
            <Input name="customer" defaultValue={q} type="search" autoComplete="off" />
          </Field>
          <Button type="submit" variant="secondary">
            <Search aria-hidden className="size-4" />
            {t("build.templates.testSend.find")}
          </Button>
        </Form>
        {q && candidates.length === 0 ? (
          <p className="text-sm text-slate-600">{t("build.templates.testSend.noMatch", { q })}</p>
        ) : null}
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="templateId" value={template.id} />
          <input type="hidden" name="requestId" value={keepId} />
          {candidates.length ? (
            <fieldset className="space-y-1">
              <legend className="text-sm font-medium text-slate-800">
                {t("build.templates.testSend.pick")}
              </legend>
              {candidates.map((c, i) => (
                <label key={c.id} className="flex items-center gap-2 text-sm text-slate-800">
                  <input
                    type="radio"
                    name="customerId"
                    value={c.id}
                    defaultChecked={i === 0 && c.tokenPresent}
                    disabled={!c.tokenPresent}
                  />
                  <span className="font-medium">{c.name ?? c.merchantUserId ?? c.id.slice(0, 8)}</span>
                  <span className="text-slate-500">{formatPhone(c.phone)}</span>
                  {!c.tokenPresent ? (
                    <Badge tone="warning">{t("build.templates.testSend.noToken")}</Badge>
                  ) : null}
                </label>
              ))}
              {errors?.customerId ? (
                <p className="text-xs font-medium text-red-700">{errors.customerId}</p>
              ) : null}
            </fieldset>
          ) : null}
          <fieldset className="grid gap-3 md:grid-cols-2">
            <legend className="mb-1 text-sm font-medium text-slate-800">
              {t("build.templates.testSend.values")}
            </legend>
            {template.params.map((p) => {
              const n = (values[p.name] ?? "").length;
              const out = n > 0 && (n < p.min || n > p.max);
              return (
                <Field
                  key={p.name}
                  label={p.label ? `${p.label} (${p.name})` : p.name}
                  hint={
                    <span className={out ? "font-medium text-red-700" : undefined}>
                      {t("build.templates.testSend.count", { n, min: p.min, max: p.max })}
                    </span>
                  }
                  error={errors?.[`value:${p.name}`]}
                >
                  <Input
                    name={`value:${p.name}`}
                    value={values[p.name] ?? ""}
                    onChange={(e) => setValues((v) => ({ ...v, [p.name]: e.target.value }))}
                  />
                </Field>
              );
            })}
          </fieldset>
          {errors?.form ? <p className="text-sm font-medium text-red-700">{errors.form}</p> : null}
          <StatusButton intent="test" disabled={candidates.length === 0}>
            {answer?.status === "unknown"
              ? t("build.templates.testSend.retry")
              : t("build.templates.testSend.send")}
          </StatusButton>
        </Form>
        {answer ? <TestAnswerView answer={answer} kind={template.kind} /> : null}
      </div>
    </Card>
  );
}

function TestAnswerView({ answer, kind }: { answer: TestAnswer; kind: "push" | "reminder" }) {
  const { t } = useTranslation("campaigns");
  const tone =
    answer.status === "sent"
      ? "border-emerald-200 bg-emerald-50"
      : answer.status === "failed"
        ? "border-red-200 bg-red-50"
        : "border-amber-200 bg-amber-50";
  const line =
    answer.status === "sent"
      ? kind === "reminder" && answer.reminderId
        ? t("build.templates.testSend.sentReminder", { id: answer.reminderId, status: answer.httpStatus })
        : t("build.templates.testSend.sent", { status: answer.httpStatus })
      : answer.status === "failed"
        ? t("build.templates.testSend.failed", {
            status: answer.httpStatus ?? "—",
            code: answer.code ?? "—",
            message: answer.message ?? "",
          })
        : t("build.templates.testSend.unknown", { message: answer.message ?? "" });
  return (
    <section aria-live="polite" className={`space-y-2 rounded-md border p-3 ${tone}`}>
      <h3 className="text-sm font-semibold text-slate-900">{t("build.templates.testSend.answer")}</h3>
      <p className="text-sm text-slate-800" data-testid="test-answer">
        {line}
      </p>
      <p className="text-xs text-slate-600">
        {t("build.templates.testSend.requestId")}: <code className="font-mono">{answer.requestId}</code>
      </p>
      <PayloadView payload={answer.payload} summary={t("build.templates.testSend.payload")} />
    </section>
  );
}
