import { forwardRef, type InputHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { dayMonthYear } from "~/lib/time";
import { Input } from "./input";

/**
 * A calendar day typed as day-month-year (`21-11-2026`). Not `<input type="date">`: that one
 * shows the browser's locale (`mm/dd/yyyy` on an en-US machine) in a WIB back office. The server
 * reads it with isoDay() (app/lib/time.ts), which also takes `/` or `.` and an older link's
 * `2026-11-21`, and answers a field error for anything else.
 */
export const DayInput = forwardRef<HTMLInputElement, Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "defaultValue"> & { defaultValue?: string }>(
  function DayInput({ defaultValue, ...rest }, ref) {
    const { t } = useTranslation();
    return (
      <Input
        ref={ref}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        maxLength={10}
        placeholder={t("time.dayPlaceholder")}
        title={t("time.dayFormat")}
        defaultValue={defaultValue ? dayMonthYear(defaultValue) : ""}
        {...rest}
      />
    );
  },
);
