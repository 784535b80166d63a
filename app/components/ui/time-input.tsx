import { forwardRef, type InputHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { Input } from "./input";

/**
 * A time of day typed 24-hour (`21:00`), like every other time in Loket. Not `<input type="time">`:
 * that one shows the browser's locale (`09:00 PM`, with an AM/PM segment, on an en-US machine). The
 * server reads it with isoTime() (app/lib/time.ts), which also takes `21.00` (as Indonesians write
 * it) and `2100`, and answers a field error for anything else.
 */
export const TimeInput = forwardRef<HTMLInputElement, Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "defaultValue"> & { defaultValue?: string }>(
  function TimeInput({ defaultValue, ...rest }, ref) {
    const { t } = useTranslation();
    return (
      <Input
        ref={ref}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        maxLength={5}
        placeholder={t("time.timePlaceholder")}
        title={t("time.timeFormat")}
        defaultValue={defaultValue ?? ""}
        {...rest}
      />
    );
  },
);
