import { useTranslation } from "react-i18next";
import { cx } from "./cx";

/**
 * A multi-choice filter as a row of chips, each a visible checkbox with its label, sharing one `name`, so a GET
 * form submits every ticked value (`status=paid&status=refunded`) and works without JavaScript.
 * `selected` are the values ticked on render; the group is keyed by them so a navigation resets it.
 */
export function ChipGroup({
  legend,
  name,
  options,
  selected,
  className,
}: {
  legend: string;
  name: string;
  options: Record<string, string>;
  selected: readonly string[];
  className?: string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className={cx("min-w-0", className)} key={selected.join(",")}>
      <legend className="mb-1 text-sm font-medium text-slate-800">
        {legend}
        {selected.length ? <span className="ml-1 font-normal text-slate-500">{t("chosen", { count: selected.length })}</span> : null}
      </legend>
      <div className="flex flex-wrap gap-1.5">
        {Object.entries(options).map(([value, label]) => (
          <label
            key={value}
            className={cx(
              "inline-flex h-8 cursor-pointer items-center gap-1.5 rounded-full border px-3 text-sm transition-colors select-none",
              "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
              "has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50 has-[:checked]:text-brand-800",
              "has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600 has-[:focus-visible]:ring-offset-1",
            )}
          >
            <input
              type="checkbox"
              name={name}
              value={value}
              defaultChecked={selected.includes(value)}
              className="chip-input size-3.5 accent-brand-600"
            />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
