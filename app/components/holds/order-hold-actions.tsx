import { useHoldActions, type HoldAct } from "./hold-actions";

/**
 * Capture and release on a pre-auth order's own page, beside its other actions: the same buttons
 * and dialog as a row of /holds, posting to the order page's action (the same hold service), so a
 * finance user who found the order does not have to find its hold again. Only while the hold is
 * authorised and not past its expiry (the loader gives `act` then).
 */
export function OrderHoldActions({
  orderId,
  amount,
  act,
  canCapture,
  canRelease,
}: {
  orderId: string;
  amount: bigint;
  act: HoldAct;
  canCapture: boolean;
  canRelease: boolean;
}) {
  const { buttons, dialog } = useHoldActions({ canCapture, canRelease, size: "md" });
  return (
    // The table's wrapper div dissolves into this row: the buttons sit side by side like the others.
    <div className="flex items-center gap-2 [&>div]:contents">
      {buttons({ orderId, amount, act })}
      {dialog}
    </div>
  );
}
