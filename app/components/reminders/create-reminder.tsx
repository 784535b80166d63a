import { Form, Link, useLocation, useNavigation } from "@remix-run/react";
import { Search } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Badge, Button, Card, Field, Input, Money, Select, Textarea, withParams } from "~/components/ui";
import { fieldError, formError, type ActionData } from "~/lib/action-data";
import { formatPhone } from "~/lib/phone";
import {
  REMINDER_TEMPLATES,
  REMINDER_TEMPLATE_NAMES,
  type ReminderTemplateName,
} from "~/services/reminders/templates";

export interface CustomerChoiceView {
  id: string;
  name: string | null;
  phone: string | null;
  tokenPresent: boolean;
}
export interface TargetView {
  customer: CustomerChoiceView;
  orders: { id: string; orderId: string; amount: bigint; params: Record<string, string> }[];
}

const limitOf = (template: ReminderTemplateName, name: string) =>
  REMINDER_TEMPLATES[template].find((p) => p.name === name);

/**
 * Create one reminder: find the customer (name, phone, email, ids), pick one of their pending
 * orders (its "payment due" text is filled in) or none, choose the template, check the text against
 * the template's limits as it is typed. The server checks the same limits before calling GoPay.
 */
export function CreateReminder({
  query,
  choices,
  target,
  requestId,
  answer,
}: {
  query: string;
  choices: CustomerChoiceView[];
  target: TargetView | null;
  requestId: string;
  answer: ActionData | undefined;
}) {
  const { t } = useTranslation("reminders");
  const { search } = useLocation();
  const navigation = useNavigation();
  const sending = navigation.state === "submitting" && navigation.formData?.get("intent") === "create";
  const first = target?.orders[0];
  const [orderId, setOrderId] = useState(first?.id ?? "");
  const [template, setTemplate] = useState<ReminderTemplateName>("LOKET_PAYMENT_REMINDER");
  const [values, setValues] = useState<Record<string, string>>(() => ({
    description: "",
    cta: "Bayarkan",
    order_id: first?.orderId ?? "",
    ...(first?.params ?? {}),
  }));
  const errors = answer?.intent === "create" ? answer : undefined;

  const pickOrder = (id: string) => {
    setOrderId(id);
    const o = target?.orders.find((x) => x.id === id);
    if (o) setValues((v) => ({ ...v, ...o.params, order_id: o.orderId }));
  };
  const count = (name: string) => {
    const rule = limitOf(template, name);
    const n = (values[name] ?? "").trim().length;
    return rule ? t("create.count", { n, min: rule.min, max: rule.max }) : undefined;
  };

  const hint = { description: count("description"), cta: count("cta"), orderId: count("order_id") };
  const needsOrderId = Boolean(limitOf(template, "order_id"));
  const customerError = formError(errors) ?? fieldError(errors, "customer");

  return (
    <Card title={t("create.title")} description={t("create.description")}>
      <Form method="get" className="flex flex-wrap items-end gap-2" aria-label={t("create.searchLabel")}>
        {[...new URLSearchParams(search)]
          .filter(([k]) => !["customer", "customerId"].includes(k))
          .map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
        <Field label={t("create.customer")} className="min-w-64 flex-1">
          <Input
            name="customer"
            type="search"
            defaultValue={query}
            placeholder={t("create.customerPlaceholder")}
          />
        </Field>
        <Button type="submit" variant="secondary">
          <Search aria-hidden className="size-4" />
          {t("create.find")}
        </Button>
      </Form>
      {query && !target ? (
        choices.length ? (
          <ul
            className="mt-3 divide-y divide-slate-100 rounded-md border border-slate-200"
            aria-label={t("create.matches")}
          >
            {choices.map((c) => (
              <li key={c.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
                <span>
                  <span className="font-medium text-slate-900">{c.name ?? "—"}</span>
                  {c.phone ? <span className="ml-2 text-slate-600">{formatPhone(c.phone)}</span> : null}
                </span>
                {c.tokenPresent ? (
                  <Link
                    className="text-brand-700 hover:underline"
                    to={withParams(search, { customerId: c.id })}
                  >
                    {t("create.choose")}
                  </Link>
                ) : (
                  <Badge tone="warning">{t("create.noMiniApp")}</Badge>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-3 text-sm text-slate-600">{t("create.noMatch")}</p>
        )
      ) : null}
      {target ? (
        <Form
          method="post"
          className="mt-4 space-y-3 border-t border-slate-100 pt-4"
          aria-label={t("create.formLabel")}
        >
          <input type="hidden" name="intent" value="create" />
          <input type="hidden" name="customerId" value={target.customer.id} />
          <input type="hidden" name="requestId" value={requestId} />
          <p className="text-sm text-slate-800">
            {t("create.for")} <span className="font-medium">{target.customer.name ?? "—"}</span>
            {target.customer.phone ? (
              <span className="ml-2 text-slate-600">{formatPhone(target.customer.phone)}</span>
            ) : null}{" "}
            <Link
              className="ml-2 text-brand-700 hover:underline"
              to={withParams(search, { customerId: null })}
            >
              {t("create.change")}
            </Link>
          </p>
          {!target.customer.tokenPresent ? (
            <p className="text-sm text-amber-800">{t("create.noMiniAppLong")}</p>
          ) : null}
          <div className="grid gap-3 sm:grid-cols-2">
            <Field
              label={t("create.order")}
              error={fieldError(errors, "orderId") ?? fieldError(errors, "order")}
            >
              <Select name="orderId" value={orderId} onChange={(e) => pickOrder(e.target.value)}>
                <option value="">{t("create.noOrder")}</option>
                {target.orders.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.orderId}
                  </option>
                ))}
              </Select>
            </Field>
            <Field
              label={t("create.template")}
              error={fieldError(errors, "templateName") ?? fieldError(errors, "template")}
            >
              <Select
                name="templateName"
                value={template}
                onChange={(e) => setTemplate(e.target.value as ReminderTemplateName)}
              >
                {REMINDER_TEMPLATE_NAMES.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          {orderId ? (
            <p className="text-xs text-slate-600">
              {t("create.orderAmount")}{" "}
              <Money minor={target.orders.find((o) => o.id === orderId)?.amount ?? 0n} />
            </p>
          ) : null}
          <Field label={t("create.text")} hint={hint.description} error={fieldError(errors, "description")}>
            <Textarea
              name="description"
              rows={2}
              value={values.description ?? ""}
              onChange={(e) => setValues((v) => ({ ...v, description: e.target.value }))}
            />
          </Field>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label={t("create.cta")} hint={hint.cta} error={fieldError(errors, "cta")}>
              <Input
                name="cta"
                value={values.cta ?? ""}
                onChange={(e) => setValues((v) => ({ ...v, cta: e.target.value }))}
              />
            </Field>
            {needsOrderId ? (
              <Field
                label={t("create.orderIdParam")}
                hint={hint.orderId}
                error={fieldError(errors, "order_id")}
              >
                <Input
                  name="order_id"
                  value={values.order_id ?? ""}
                  onChange={(e) => setValues((v) => ({ ...v, order_id: e.target.value }))}
                />
              </Field>
            ) : null}
          </div>
          {customerError ? <p className="text-sm text-red-700">{customerError}</p> : null}
          <div className="flex justify-end">
            <Button type="submit" pending={sending} disabled={!target.customer.tokenPresent}>
              {t("create.send")}
            </Button>
          </div>
        </Form>
      ) : null}
    </Card>
  );
}
