import { Form, Link, useNavigation } from "@remix-run/react";
import { Search } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button, buttonClasses, ChipGroup, Field, Input, Select } from "~/components/ui";
import {
  CHANNEL_LABELS,
  OPTION_LABELS,
  RANGE_LABELS,
  RANGE_PRESETS,
  STATUS_LABELS,
} from "~/services/orders/options";
import type { OrderSearchField, OrderSearchValues } from "~/services/orders/search-params";

/**
 * The /orders search form: a plain GET form, so the URL is the view (shareable, back button,
 * works without JavaScript). "/" focuses the search box from anywhere on the page.
 */
export function OrderFilters({
  values,
  errors,
}: {
  values: OrderSearchValues;
  errors: Partial<Record<OrderSearchField, string>>;
}) {
  const navigation = useNavigation();
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
    <Form method="get" role="search" aria-label="Search orders" className="mb-4 space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      {sortParts ? (
        <>
          <input type="hidden" name="sort" value={sortParts[0]} />
          <input type="hidden" name="dir" value={sortParts[1]} />
        </>
      ) : null}
      <div className="flex flex-wrap items-end gap-3">
        <Field
          label="Search"
          hint="Order id (or part of it), GoPay reference, phone (0812…, +62812…) or email. Press / to focus."
          error={errors.q}
          className="min-w-72 flex-1"
        >
          <Input
            ref={searchRef}
            name="q"
            type="search"
            defaultValue={values.q}
            placeholder="ORD-0001234, 0812 3456 7890, budi@example.com"
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <Button type="submit" pending={searching} className="mb-5">
          <Search aria-hidden className="size-4" /> Search
        </Button>
        <Link to="/orders" className={buttonClasses("ghost", "md", "mb-5")}>
          Clear
        </Link>
      </div>
      <div className="flex flex-wrap gap-x-6 gap-y-3">
        <ChipGroup legend="Status" name="status" options={STATUS_LABELS} selected={values.status} />
        <ChipGroup legend="Channel" name="channel" options={CHANNEL_LABELS} selected={values.channel} />
        <ChipGroup legend="Payment option" name="option" options={OPTION_LABELS} selected={values.option} />
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
        <Field label="Created (WIB)" error={errors.range}>
          <Select name="range" value={range} onChange={(e) => setRange(e.target.value)}>
            <option value="">Any time</option>
            {RANGE_PRESETS.map((r) => (
              <option key={r} value={r}>
                {RANGE_LABELS[r]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="From" error={errors.from}>
          <Input name="from" type="date" defaultValue={values.from} onChange={() => setRange("custom")} disabled={range !== "custom" && range !== ""} />
        </Field>
        <Field label="To" error={errors.to}>
          <Input name="to" type="date" defaultValue={values.to} onChange={() => setRange("custom")} disabled={range !== "custom" && range !== ""} />
        </Field>
        <Field label="Min amount (Rp)" error={errors.min}>
          <Input name="min" inputMode="decimal" defaultValue={values.min} placeholder="10.000" autoComplete="off" />
        </Field>
        <Field label="Max amount (Rp)" error={errors.max}>
          <Input name="max" inputMode="decimal" defaultValue={values.max} placeholder="5.000.000" autoComplete="off" />
        </Field>
      </div>
    </Form>
  );
}
