import { Form, Link, useNavigation, useSubmit } from "@remix-run/react";
import { Search } from "~/components/ui/icons";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button, buttonClasses, ChipGroup, DayInput, Field, Input, Select } from "~/components/ui";
import { CHANNEL_VALUES, OPTION_VALUES, RANGE_PRESETS, STATUS_VALUES } from "~/services/orders/options";
import type { OrderSearchField, OrderSearchValues } from "~/services/orders/search-params";

/**
 * The /orders search form: a plain GET form, so the URL is the view (shareable, back button,
 * works without JavaScript). "/" focuses the search box from anywhere on the page. With
 * JavaScript, ticking a chip or picking a preset range applies it at once; typed fields (search,
 * days, amounts) apply on Enter or the button — without JavaScript the button applies everything.
 */
export function OrderFilters({
  values,
  errors,
}: {
  values: OrderSearchValues;
  errors: Partial<Record<OrderSearchField, string>>;
}) {
  const { t } = useTranslation("orders");
  const labels = useMemo(
    () => ({
      status: Object.fromEntries(STATUS_VALUES.map((v) => [v, t(`status.${v}`)])),
      channel: Object.fromEntries(CHANNEL_VALUES.map((v) => [v, t(`channel.${v}`)])),
      option: Object.fromEntries(OPTION_VALUES.map((v) => [v, t(`option.${v}`)])),
    }),
    [t],
  );
  const navigation = useNavigation();
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  // The chips re-render after the navigation they start: keep the keyboard where it was.
  const refocus = useRef<string | null>(null);
  function applyChoice(e: React.FormEvent<HTMLFormElement>) {
    const el = e.target;
    const chip = el instanceof HTMLInputElement && el.type === "checkbox";
    const preset = el instanceof HTMLSelectElement && el.name === "range" && el.value !== "custom";
    if (!chip && !preset) return;
    refocus.current = chip ? `input[name="${el.name}"][value="${CSS.escape(el.value)}"]` : `select[name="range"]`;
    submit(e.currentTarget, { preventScrollReset: true });
  }
  useEffect(() => {
    if (navigation.state !== "idle" || !refocus.current) return;
    formRef.current?.querySelector<HTMLElement>(refocus.current)?.focus();
    refocus.current = null;
  }, [navigation.state, values]);
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/orders";
  const searchRef = useRef<HTMLInputElement>(null);
  const [range, setRange] = useState(values.range || (values.from || values.to ? "custom" : ""));
  useEffect(() => setRange(values.range || (values.from || values.to ? "custom" : "")), [values.range, values.from, values.to]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement | null;
      if (e.key !== "/" || e.metaKey || e.ctrlKey || e.altKey) return;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      e.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const sortParts = values.sort === "created_desc" ? null : values.sort.split("_");
  return (
    <Form ref={formRef} method="get" role="search" aria-label={t("filters.label")} onChange={applyChoice} className="mb-4 space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      {sortParts ? (
        <>
          <input type="hidden" name="sort" value={sortParts[0]} />
          <input type="hidden" name="dir" value={sortParts[1]} />
        </>
      ) : null}
      <div className="flex flex-wrap items-end gap-3">
        <Field
          label={t("filters.search")}
          hint={t("filters.searchHint")}
          error={errors.q}
          className="min-w-72 flex-1"
        >
          <Input
            ref={searchRef}
            name="q"
            type="search"
            defaultValue={values.q}
            placeholder={t("filters.searchPlaceholder")}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <Button type="submit" pending={searching} className="mb-5">
          <Search aria-hidden className="size-4" /> {t("filters.search")}
        </Button>
        <Link to="/orders" className={buttonClasses("ghost", "md", "mb-5")}>
          {t("filters.clear")}
        </Link>
      </div>
      <div className="flex flex-wrap gap-x-6 gap-y-3">
        <ChipGroup legend={t("filters.status")} name="status" options={labels.status} selected={values.status} />
        <ChipGroup legend={t("filters.channel")} name="channel" options={labels.channel} selected={values.channel} />
        <ChipGroup legend={t("filters.option")} name="option" options={labels.option} selected={values.option} />
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
        <Field label={t("filters.created")} error={errors.range}>
          <Select name="range" value={range} onChange={(e) => setRange(e.target.value)}>
            <option value="">{t("filters.anyTime")}</option>
            {RANGE_PRESETS.map((r) => (
              <option key={r} value={r}>
                {t(`range.${r}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("filters.from")} error={errors.from}>
          <DayInput key={values.from} name="from" defaultValue={values.from} onChange={() => setRange("custom")} disabled={range !== "custom" && range !== ""} />
        </Field>
        <Field label={t("filters.to")} error={errors.to}>
          <DayInput key={values.to} name="to" defaultValue={values.to} onChange={() => setRange("custom")} disabled={range !== "custom" && range !== ""} />
        </Field>
        <Field label={t("filters.min")} error={errors.min}>
          <Input name="min" inputMode="decimal" defaultValue={values.min} placeholder="10.000" autoComplete="off" />
        </Field>
        <Field label={t("filters.max")} error={errors.max}>
          <Input name="max" inputMode="decimal" defaultValue={values.max} placeholder="5.000.000" autoComplete="off" />
        </Field>
      </div>
    </Form>
  );
}
