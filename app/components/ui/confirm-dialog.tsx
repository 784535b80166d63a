import * as Dialog from "@radix-ui/react-dialog";
import { useFetcher } from "@remix-run/react";
import { AlertTriangle, X } from "./icons";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { isRefusal, type ActionData } from "~/lib/action-data";
import { Button } from "./button";
import { cx } from "./cx";

/** The action's last answer: the one ActionData shape (app/lib/action-data.ts); `ok: false` keeps the dialog open. */
export type ConfirmResult = ActionData | undefined;

export interface ConfirmDialogProps {
  /**
   * The element that opens the dialog (a Button); focus returns to it on close. Without one, the
   * caller opens it (`open`, `onOpenChange`): one dialog serves many buttons, e.g. a table's rows.
   */
  trigger?: React.ReactElement;
  /** Without a trigger: whether the dialog is open. */
  open?: boolean;
  /** Without a trigger: asked to open or close (Escape, Cancel, the close button, a finished action). */
  onOpenChange?: (open: boolean) => void;
  /** Without a trigger: where focus returns on close (the button that opened it), as it does to a trigger. */
  returnFocusTo?: HTMLElement | null;
  /** The dialog's id, for the opening button's `aria-controls` (a trigger gets it by itself). */
  id?: string;
  title: string;
  /** Repeats what will happen: amount, id, status, and what cannot be undone. */
  description: React.ReactNode;
  /** Extra fields (reason, amount…). A function gets the action's last answer to show field errors. */
  children?: React.ReactNode | ((result: ConfirmResult) => React.ReactNode);
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  /** Posted as `intent` with the form. */
  intent?: string;
  /** Where to post; default: the current route's action. */
  action?: string;
  /** Hidden fields sent with the form (order id, idempotency key of this intent…). */
  hidden?: Record<string, string>;
  /** Called once the action answered without errors (a redirect also closes the dialog). */
  onDone?: (result: ConfirmResult) => void;
}

function hasErrors(r: ConfirmResult): boolean {
  return isRefusal(r);
}

/**
 * The confirmation for a destructive or money action, on Radix Dialog: focus is trapped, Escape
 * and Cancel close it, focus returns to the trigger. The confirm button posts through a fetcher,
 * is pending while it runs, and cannot be pressed twice: the form refuses a second submit until
 * the first has answered. A validation answer keeps the dialog open with the errors shown.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { t } = useTranslation();
  const { trigger, title, description, children, confirmLabel, cancelLabel = t("dialog.cancel"), danger, intent, action, hidden, onDone, returnFocusTo, id } = props;
  const [openState, setOpenState] = useState(false);
  const open = props.open ?? openState;
  const onOpenChange = props.onOpenChange;
  const setOpen = useCallback(
    (next: boolean) => {
      setOpenState(next);
      onOpenChange?.(next);
    },
    [onOpenChange],
  );
  const fetcher = useFetcher<ConfirmResult>();
  const busy = fetcher.state !== "idle";
  const sent = useRef(false);
  // A redirect leaves fetcher.data as it was (Remix keeps the last answer), so an answer counts
  // only if it is new since this submit; the errors shown are only this dialog session's.
  const dataAtSubmit = useRef<ConfirmResult | undefined>(undefined);
  const [answer, setAnswer] = useState<ConfirmResult | undefined>(undefined);

  useEffect(() => {
    if (!sent.current || fetcher.state !== "idle") return;
    sent.current = false;
    const fresh = fetcher.data !== dataAtSubmit.current;
    if (fresh && hasErrors(fetcher.data)) {
      setAnswer(fetcher.data);
      return;
    }
    setAnswer(undefined);
    setOpen(false);
    onDone?.(fresh ? fetcher.data : undefined);
  }, [fetcher.state, fetcher.data, onDone, setOpen]);

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (busy && !next) return;
        if (!next) setAnswer(undefined);
        setOpen(next);
      }}
    >
      {trigger ? <Dialog.Trigger asChild>{trigger}</Dialog.Trigger> : null}
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40 backdrop-blur-[1px]" />
        <Dialog.Content
          // why spread: an `id` of undefined would replace the id Radix gives a trigger's aria-controls.
          {...(id ? { id } : {})}
          onCloseAutoFocus={
            trigger
              ? undefined
              : (e) => {
                  // why: Radix returns focus to its Trigger; there is none, so to the button that opened it.
                  e.preventDefault();
                  returnFocusTo?.focus();
                }
          }
          className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl focus:outline-none"
        >
          <div className="flex items-start gap-3">
            {danger ? (
              <div className="flex size-9 shrink-0 items-center justify-center rounded-full bg-red-50 text-red-600">
                <AlertTriangle aria-hidden className="size-5" />
              </div>
            ) : null}
            <div className="min-w-0 flex-1">
              <Dialog.Title className="text-base font-semibold text-slate-900">{title}</Dialog.Title>
              <Dialog.Description asChild>
                <div className="mt-1 text-sm text-slate-600">{description}</div>
              </Dialog.Description>
            </div>
            <Dialog.Close asChild>
              <button type="button" className="rounded p-1 text-slate-400 hover:text-slate-700" aria-label={t("dialog.close")} disabled={busy}>
                <X aria-hidden className="size-4" />
              </button>
            </Dialog.Close>
          </div>
          <fetcher.Form
            method="post"
            action={action}
            className="mt-4 space-y-4"
            onSubmit={(e) => {
              // why: the button is disabled while busy, but Enter in a field could still submit.
              if (busy || sent.current) {
                e.preventDefault();
                return;
              }
              sent.current = true;
              dataAtSubmit.current = fetcher.data;
            }}
          >
            {hidden ? Object.entries(hidden).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />) : null}
            {intent ? <input type="hidden" name="intent" value={intent} /> : null}
            {typeof children === "function" ? children(answer) : children}
            <div className={cx("flex justify-end gap-2", children ? "pt-2" : "")}>
              <Dialog.Close asChild>
                <Button variant="secondary" disabled={busy}>
                  {cancelLabel}
                </Button>
              </Dialog.Close>
              <Button type="submit" variant={danger ? "danger" : "primary"} pending={busy}>
                {confirmLabel}
              </Button>
            </div>
          </fetcher.Form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
