import { Form, Link, useLocation, useNavigation } from "@remix-run/react";
import { Search } from "~/components/ui/icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Badge, Button, Card, Field, Input, Money, Select, Textarea, withParams } from "~/components/ui";
import { fieldError, formError, type ActionData } from "~/lib/action-data";
import { formatPhone } from "~/lib/phone";
import { PAYMENT_DUE_TEMPLATE, type ReminderTemplateView } from "~/services/reminders/templates";

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

/** The wording GoPay shows for these parameters, when the registry knows it (our own labels otherwise). */
const KNOWN_LABELS: Record<string, "text" | "cta" | "orderIdParam"> = {
  description: "text",
  cta: "cta",
  order_id: "orderIdParam",
};

/**
 * Create one reminder: find the customer (name, phone, email, ids), pick one of their pending
 * orders (its "payment due" text is filled in) or none, choose one of the reminder templates in
 * Loket's registry (/campaigns/templates), and fill its parameters, each counted against the
 * registry's limits as it is typed. The server checks the same registry before calling GoPay.
 */
export function CreateReminder({
  query,
  choices,
  target,
  templates,
  requestId,
  answer,
}: {
  query: string;
  choices: CustomerChoiceView[];
  target: TargetView | null;
  /** The registry's reminder templates (never empty: the page says so instead). */
  templates: ReminderTemplateView[];
  requestId: string;
  answer: ActionData | undefined;
}) {
  const { t } = useTranslation("reminders");
  const { search } = useLocation();
  const navigation = useNavigation();
  const sending = navigation.state === "submitting" && navigation.formData?.get("intent") === "create";
  const first = target?.orders[0];
  const [orderId, setOrderId] = useState(first?.id ?? "");
  const [templateName, setTemplate] = useState<string>(
    (templates.find((x) => x.name === PAYMENT_DUE_TEMPLATE) ?? templates[0])?.name ?? "",
  );
  const template = templates.find((x) => x.name === templateName) ?? templates[0];
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
  const count = (rule: { min: number; max: number }, name: string) =>
    t("create.count", { n: (values[name] ?? "").trim().length, min: rule.min, max: rule.max });
  const labelOf = (p: { name: string; label?: string }) =>
    KNOWN_LABELS[p.name] ? t(`create.${KNOWN_LABELS[p.name]}`) : (p.label ?? p.name);
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
                value={template?.name ?? ""}
                onChange={(e) => setTemplate(e.target.value)}
              >
                {templates.map((x) => (
                  <option key={x.id} value={x.name}>
                    {x.name}
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
          <div className="grid gap-3 sm:grid-cols-2">
            {(template?.params ?? []).map((p) => {
              const field = `param:${p.name}`;
              // A sentence gets a text area over the whole row; a short value (CTA, an order id) a field.
              const long = p.max > 80 || p.name === "description";
              const props = {
                name: field,
                value: values[p.name] ?? "",
                onChange: (e: { target: { value: string } }) =>
                  setValues((v) => ({ ...v, [p.name]: e.target.value })),
              };
              return (
                <Field
                  key={p.name}
                  label={labelOf(p)}
                  hint={count(p, p.name)}
                  error={fieldError(errors, field)}
                  className={long ? "sm:col-span-2" : undefined}
                >
                  {long ? <Textarea rows={2} {...props} /> : <Input {...props} />}
                </Field>
              );
            })}
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
