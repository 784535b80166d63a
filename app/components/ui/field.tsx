import { cloneElement, isValidElement, useId, type ReactElement } from "react";
import { cx } from "./cx";

/**
 * An input, select or textarea: `.control` and its ring (`.control-ok` or `.control-invalid`) in
 * styles.css. `w-full` stays a utility: it wins over a caller's width utility (`w-32`) as it did
 * when the whole string was utilities (Tailwind orders `.w-full` after `.w-32`), so those inputs keep
 * the width they have.
 */
export const controlClasses = (invalid: boolean) => cx("control", invalid ? "control-invalid" : "control-ok", "w-full");

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
