import { useFormAction, useNavigation } from "@remix-run/react";
import { forwardRef } from "react";
import { Button, type ButtonProps } from "./button";

/**
 * True while a form posting to `formAction` (default: this route's action) is submitting, and —
 * when `intent` is given — only for a submission carrying that intent (Epic Stack's useIsPending).
 */
export function useIsPending({ formAction, intent }: { formAction?: string; intent?: string } = {}): boolean {
  const nav = useNavigation();
  const action = useFormAction();
  if (nav.state === "idle" || !nav.formMethod || nav.formMethod.toUpperCase() === "GET") return false;
  if ((nav.formAction ?? "") !== (formAction ?? action)) return false;
  return intent ? nav.formData?.get("intent") === intent : true;
}

export interface StatusButtonProps extends Omit<ButtonProps, "type"> {
  /** The form's action, if not this route's. */
  formAction?: string;
  /** Pending only for submissions whose `intent` field equals this (the button's own value). */
  intent?: string;
  /** For fetcher forms: pass `fetcher.state !== "idle"`. */
  pendingOverride?: boolean;
}

/** A submit button that is pending (disabled + spinner) while its form submits. */
export const StatusButton = forwardRef<HTMLButtonElement, StatusButtonProps>(function StatusButton(
  { formAction, intent, pendingOverride, pending, ...rest },
  ref,
) {
  const navPending = useIsPending({ formAction, intent });
  return (
    <Button
      ref={ref}
      {...rest}
      type="submit"
      name={intent ? "intent" : rest.name}
      value={intent ?? rest.value}
      formAction={formAction}
      pending={pending || pendingOverride || navPending}
    />
  );
});
