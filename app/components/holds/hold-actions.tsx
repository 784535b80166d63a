import { useCallback, useEffect, useId, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { ConfirmDialog, Button, Field, Textarea, Money } from "~/components/ui";
import type { ConfirmResult } from "~/components/ui";
import { fieldError, formError } from "~/lib/action-data";

/** What an authorised hold's buttons need: its id and a fresh idempotency key per intent (from the loader). */
export interface HoldAct {
  holdId: string;
  capture: string;
  release: string;
}

export interface HoldRowView {
  orderId: string;
  amount: bigint;
  act: HoldAct;
}

type Intent = "capture" | "release";
interface Target {
  hold: HoldRowView;
  intent: Intent;
  button: HTMLButtonElement;
}

function FormMessage({ result }: { result: ConfirmResult }) {
  const m = formError(result);
  return m ? (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
      {m}
    </p>
  ) : null;
}

/**
 * Gives the focus to the dialog's confirm button as it opens. Radix focuses the first control in
 * the dialog, its close (X) button, which is never what the user came for: capture has nothing to
 * fill in (GoPay captures the full amount), so confirming is the first act; Escape and Cancel still
 * close. An Enter held down from the press that opened the dialog repeats, and must not capture:
 * a repeated key does not press the button. Rendered inside the dialog's form (ConfirmDialog's
 * children), so it finds that form's own submit button.
 */
function FocusConfirmOnOpen() {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const button = ref.current?.closest("form")?.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (!button) return;
    // why before Radix: its focus scope moves focus only if none of its controls has it yet.
    button.focus();
    const held = (e: KeyboardEvent) => {
      if (e.repeat) e.preventDefault();
    };
    button.addEventListener("keydown", held);
    return () => button.removeEventListener("keydown", held);
  }, []);
  return <span ref={ref} hidden />;
}

/**
 * Capture (full amount only) and release (with a reason) for a table of holds: one confirm dialog
 * for the whole table, opened by plain buttons in the rows (a Radix dialog per button was up to 100
 * dialog roots, fetchers and trigger attributes on a page of 50 holds). Each button says what a Radix
 * trigger says (aria-haspopup, aria-expanded, aria-controls while open) and gets the focus back on
 * close. `buttons(hold)` draws a row's buttons; `dialog` goes once after the table. `size`: "md"
 * beside a page's other actions (the order page), "sm" in a table's rows.
 */
export function useHoldActions({ canCapture, canRelease, size = "sm" }: { canCapture: boolean; canRelease: boolean; size?: "sm" | "md" }) {
  const { t } = useTranslation("holds");
  const dialogId = useId();
  const [target, setTarget] = useState<Target | null>(null);
  const [open, setOpen] = useState(false);
  const onOpenChange = useCallback((next: boolean) => setOpen(next), []);

  // Each label translated once per table, not once per row.
  const captureLabel = t("actions.capture");
  const releaseLabel = t("actions.release");

  function buttons(hold: HoldRowView) {
    const button = (intent: Intent) => {
      const expanded = open && target?.hold.orderId === hold.orderId && target.intent === intent;
      return (
        <Button
          size={size}
          variant={intent === "capture" ? "primary" : "secondary"}
          aria-haspopup="dialog"
          aria-expanded={expanded}
          aria-controls={expanded ? dialogId : undefined}
          onClick={(e) => {
            setTarget({ hold, intent, button: e.currentTarget });
            setOpen(true);
          }}
        >
          {intent === "capture" ? captureLabel : releaseLabel}
        </Button>
      );
    };
    const capture = canCapture ? button("capture") : null;
    const release = canRelease ? button("release") : null;
    // The buttons stack when the row is tight instead of scrolling out of sight (app/styles.css `.h-table`).
    return (
      <div>
        {capture}
        {release}
      </div>
    );
  }

  const dialog = target ? (
    <HoldDialog
      key={`${target.hold.orderId} ${target.intent}`}
      target={target}
      open={open}
      onOpenChange={onOpenChange}
      id={dialogId}
    />
  ) : null;
  return { buttons, dialog };
}

function HoldDialog({
  target,
  open,
  onOpenChange,
  id,
}: {
  target: Target;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  id: string;
}) {
  const { t } = useTranslation("holds");
  const { hold, intent, button } = target;
  const common = { open, onOpenChange, id, returnFocusTo: button, intent };
  if (intent === "capture") {
    return (
      <ConfirmDialog
        {...common}
        title={t("actions.captureTitle", { orderId: hold.orderId })}
        description={
          <>
            <p>
              <Trans
                t={t}
                i18nKey="actions.captureText"
                values={{ orderId: hold.orderId }}
                components={[<Money key="m" minor={hold.amount} />]}
              />
            </p>
            <p className="mt-2">{t("actions.captureNote")}</p>
          </>
        }
        confirmLabel={t("actions.captureConfirm")}
        hidden={{ holdId: hold.act.holdId, idempotencyKey: hold.act.capture }}
      >
        {(r) => (
          <>
            <FocusConfirmOnOpen />
            <FormMessage result={r} />
          </>
        )}
      </ConfirmDialog>
    );
  }
  return (
    <ConfirmDialog
      {...common}
      danger
      title={t("actions.releaseTitle", { orderId: hold.orderId })}
      description={
        <p>
          <Trans t={t} i18nKey="actions.releaseText" components={[<Money key="m" minor={hold.amount} />]} />
        </p>
      }
      confirmLabel={t("actions.releaseConfirm")}
      hidden={{ holdId: hold.act.holdId, idempotencyKey: hold.act.release }}
    >
      {(r) => (
        <>
          <Field label={t("actions.reason")} error={fieldError(r, "reason")} hint={t("actions.reasonHint")}>
            {/* why autoFocus: the reason is what the user types first (Radix would focus the close button). */}
            <Textarea name="reason" rows={2} required minLength={3} maxLength={500} autoFocus />
          </Field>
          <FormMessage result={r} />
        </>
      )}
    </ConfirmDialog>
  );
}
