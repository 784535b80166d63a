import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { CoinPayoutStatus } from "~db/schema/coins";
import { Button, DayInput, Field, Input, Select, buttonClasses } from "~/components/ui";

// The statuses as the schema lists them (a type-only import keeps drizzle out of the browser bundle).
const STATUSES = [
  "awaiting_approval",
  "queued",
  "paying",
  "paid",
  "failed",
  "unknown",
  "rejected",
  "cancelled",
] as const satisfies readonly CoinPayoutStatus[];

type Values = Partial<Record<"status" | "kind" | "from" | "to" | "customer" | "batch" | "requester", string>>;

/** The /coins list filters: a GET form (the view is a shareable URL; the CSV export takes the same). */
export function CoinFilters({
  values,
  errors,
  requesters,
}: {
  values: Values;
  errors: Values;
  requesters: { id: string; email: string }[];
}) {
  const { t } = useTranslation("coins");
  const err = (k: keyof Values) => (errors[k] ? t(errors[k] as "list.errors.day") : undefined);
  return (
    <Form
      method="get"
      className="grid gap-3 sm:grid-cols-3 lg:grid-cols-7"
      aria-label={t("list.filters.label")}
      data-testid="coin-filters"
    >
      <Field label={t("list.filters.status")} error={err("status")}>
        <Select name="status" defaultValue={values.status ?? ""}>
          <option value="">{t("list.filters.any")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t("list.filters.kind")}>
        <Select name="kind" defaultValue={values.kind ?? ""}>
          <option value="">{t("list.filters.any")}</option>
          <option value="single">{t("list.filters.single")}</option>
          <option value="batch">{t("list.filters.batch")}</option>
        </Select>
      </Field>
      <Field label={t("list.filters.from")} error={err("from")}>
        <DayInput key={values.from} name="from" defaultValue={values.from} />
      </Field>
      <Field label={t("list.filters.to")} error={err("to")}>
        <DayInput key={values.to} name="to" defaultValue={values.to} />
      </Field>
      <Field label={t("list.filters.customer")}>
        <Input
          name="customer"
          defaultValue={values.customer}
          placeholder={t("list.filters.customerPlaceholder")}
        />
      </Field>
      <Field label={t("list.filters.requester")} error={err("requester")}>
        <Select name="requester" defaultValue={values.requester ?? ""}>
          <option value="">{t("list.filters.anyone")}</option>
          {requesters.map((r) => (
            <option key={r.id} value={r.id}>
              {r.email}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t("list.filters.batchId")} error={err("batch")}>
        <Input name="batch" defaultValue={values.batch} placeholder={t("list.filters.batchPlaceholder")} />
      </Field>
      <div className="flex gap-2 sm:col-span-3 lg:col-span-7">
        <Button type="submit" size="sm">
          {t("list.filters.apply")}
        </Button>
        <Link to="/coins" className={buttonClasses("ghost", "sm")}>
          {t("list.filters.reset")}
        </Link>
      </div>
    </Form>
  );
}
