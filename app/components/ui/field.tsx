import { cloneElement, isValidElement, useId, type ReactElement } from "react";
import { cx } from "./cx";

export const controlClasses = (invalid: boolean) =>
  cx(
    "block w-full rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-inset",
    "placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:outline-none disabled:bg-slate-50 disabled:text-slate-500",
    invalid ? "ring-red-400 focus:ring-red-600" : "ring-slate-300 focus:ring-brand-600",
  );

type ControlProps = {
  id?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
  className?: string;
};

/**
 * A label, the control, a hint and the field's error. Wires id, aria-invalid and
 * aria-describedby into the child control so screen readers read the hint and the error.
 */
export function Field({
  label,
  hint,
  error,
  children,
  className,
  id: idProp,
}: {
  label: React.ReactNode;
  hint?: React.ReactNode;
  error?: string | null;
  children: ReactElement<ControlProps>;
  className?: string;
  id?: string;
}) {
  const generated = useId();
  const id = idProp ?? children.props.id ?? generated;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [children.props["aria-describedby"], hintId, errorId].filter(Boolean).join(" ") || undefined;
  const control = isValidElement(children)
    ? cloneElement(children, { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })
    : children;
  return (
    <div className={cx("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {control}
      {hint ? (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
