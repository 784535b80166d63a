import { ConfirmDialog, Button, Field, Textarea, Money } from "~/components/ui";
import type { ConfirmResult } from "~/components/ui";
import { fieldError, formError } from "~/lib/action-data";

export interface HoldRowView {
  id: string;
  orderId: string;
  amount: bigint;
  status: string;
}

function FormMessage({ result }: { result: ConfirmResult }) {
  const m = formError(result);
  return m ? (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
      {m}
    </p>
  ) : null;
}

/** Capture (full amount only) and release (with a reason) of one hold; each dialog is one intent. */
export function HoldActions({ hold, canCapture, canRelease, keys }: { hold: HoldRowView; canCapture: boolean; canRelease: boolean; keys: { capture: string; release: string } }) {
  if (hold.status !== "authorised") return null;
  return (
    <div className="flex flex-wrap justify-end gap-2">
      {canCapture ? (
        <ConfirmDialog
          trigger={<Button size="sm">Capture</Button>}
          title={`Capture ${hold.orderId}?`}
          description={
            <>
              <p>
                GoPay will take the full <Money minor={hold.amount} /> held for order {hold.orderId} from the customer.
              </p>
              <p className="mt-2">GoPay has no partial capture: it is the whole amount or nothing, and it cannot be undone here (refund it afterwards if needed).</p>
            </>
          }
          confirmLabel="Capture in full"
          intent="capture"
          hidden={{ holdId: hold.id, idempotencyKey: keys.capture }}
        >
          {(r) => <FormMessage result={r} />}
        </ConfirmDialog>
      ) : null}
      {canRelease ? (
        <ConfirmDialog
          danger
          trigger={
            <Button size="sm" variant="secondary">
              Release
            </Button>
          }
          title={`Release ${hold.orderId}?`}
          description={
            <p>
              GoPay will give the held <Money minor={hold.amount} /> back to the customer. The hold cannot be captured afterwards.
            </p>
          }
          confirmLabel="Release hold"
          intent="release"
          hidden={{ holdId: hold.id, idempotencyKey: keys.release }}
        >
          {(r) => (
            <>
              <Field label="Reason" error={fieldError(r, "reason")} hint="Recorded in the audit log.">
                <Textarea name="reason" rows={2} required minLength={3} maxLength={500} />
              </Field>
              <FormMessage result={r} />
            </>
          )}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
