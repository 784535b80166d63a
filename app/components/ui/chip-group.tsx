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
          // `chip`: app/styles.css (the filters repeat it on every option).
          <label key={value} className="chip">
            <input
              type="checkbox"
              name={name}
              value={value}
              defaultChecked={selected.includes(value)}
              className="chip-input"
            />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
