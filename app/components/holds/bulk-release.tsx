import * as Dialog from "@radix-ui/react-dialog";
import { useRevalidator } from "@remix-run/react";
import { AlertTriangle, X } from "~/components/ui/icons";
import { useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Button, Field, Input, Money } from "~/components/ui";

export interface BulkItem {
  id: string;
  orderId: string;
  /** The held amount, when the row is on this page (null: selected on another page). */
  amount?: bigint | null;
}
type Outcome = { status: string; message: string; orderId: string };

/**
 * Releases the selected holds one request per hold (each its own intent and idempotency key, so
 * one failure never repeats or blocks another), with a progress bar and a result per hold.
 * Like a single release it asks first, repeating what will happen. Once the batch has run the
 * selection, the reason and the keys are cleared: the results stay, and nothing can send the same
 * batch again (a new batch is a new selection, new intents).
 */
export function BulkRelease({ selected, onClear }: { selected: BulkItem[]; onClear: () => void }) {
  const { t } = useTranslation("holds");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState(false);
  const [batch, setBatch] = useState<BulkItem[]>([]);
  const [results, setResults] = useState<Record<string, Outcome>>({});
  // why a ref: a second click lands before React re-renders `running`; this closes the window.
  const inFlight = useRef(false);
  const resultsRef = useRef<HTMLDivElement>(null);
  const releaseRef = useRef<HTMLButtonElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const revalidator = useRevalidator();
  const done = Object.keys(results).length;
  const known = selected.filter((s) => s.amount !== null && s.amount !== undefined);
  const total = known.reduce((sum, s) => sum + (s.amount ?? 0n), 0n);

  function ask() {
    if (reason.trim().length < 3) {
      setError(t("errors.reason"));
      return;
    }
    setError(undefined);
    setConfirming(true);
  }

  async function run() {
    if (inFlight.current) return;
    inFlight.current = true;
    setConfirming(false);
    setRunning(true);
    setResults({});
    const items = [...selected];
    setBatch(items);
    const why = reason;
    for (const item of items) {
      const body = new FormData();
      body.set("intent", "release");
      body.set("holdId", item.id);
      body.set("idempotencyKey", crypto.randomUUID());
      body.set("reason", why);
      let outcome: Outcome;
      try {
        const res = await fetch("/holds/bulk-release", { method: "POST", body, headers: { Accept: "application/json" } });
        const answer = res.headers.get("Content-Type")?.includes("json") ? ((await res.json()) as { status?: string; message?: string }) : null;
        outcome = answer?.status
          ? { status: answer.status, message: answer.message ?? "", orderId: item.orderId }
          : { status: "failed", message: `HTTP ${res.status}`, orderId: item.orderId };
      } catch (e) {
        outcome = { status: "unknown", message: e instanceof Error ? e.message : t("bulk.networkError"), orderId: item.orderId };
      }
      setResults((r) => ({ ...r, [item.id]: outcome }));
    }
    // The batch has run: the selection and the reason go, so the button cannot send it again.
    onClear();
    setReason("");
    setRunning(false);
    inFlight.current = false;
    revalidator.revalidate();
    resultsRef.current?.focus();
  }

  if (selected.length === 0 && done === 0 && !running) return null;
  const ok = Object.values(results).filter((r) => r.status === "succeeded").length;
  return (
    <section aria-label={t("bulk.label")} className="mb-4 rounded-lg border border-amber-200 bg-amber-50 p-4">
      {selected.length > 0 && !running ? (
        <div className="flex flex-wrap items-end gap-3">
          <p className="text-sm font-medium text-slate-900">{t("bulk.selected", { count: selected.length })}</p>
          <Field label={t("bulk.reason")} error={error} className="min-w-64 flex-1">
            <Input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              onKeyDown={(e) => {
                if (e.key !== "Enter") return;
                // why: the dialog opens (and takes the focus) during this keydown; left alone, the same
                // Enter's keypress would then press the dialog's focused button at once.
                e.preventDefault();
                ask();
              }}
            />
          </Field>
          <Button variant="danger" onClick={ask} ref={releaseRef}>
            {t("bulk.release", { count: selected.length })}
          </Button>
          <Button variant="ghost" onClick={() => { setResults({}); onClear(); }}>
            {t("bulk.clear")}
          </Button>
        </div>
      ) : null}
      {done > 0 || running ? (
        <div className={selected.length > 0 && !running ? "mt-3 border-t border-amber-200 pt-3" : ""} ref={resultsRef} tabIndex={-1} aria-label={t("bulk.results")}>
          <div className="flex flex-wrap items-center gap-3">
            <label className="text-sm text-slate-700">
              {t(running ? "bulk.progress" : "bulk.lastBatch", { done, total: batch.length, ok })}
              <progress className="ml-2 align-middle" max={batch.length || 1} value={done} />
            </label>
            {!running ? (
              <Button variant="ghost" size="sm" onClick={() => setResults({})}>
                {t("bulk.dismiss")}
              </Button>
            ) : null}
          </div>
          <ul className="mt-2 max-h-48 overflow-y-auto text-sm" aria-live="polite">
            {Object.entries(results).map(([id, r]) => (
              <li key={id} className={r.status === "succeeded" ? "text-emerald-800" : r.status === "unknown" ? "text-amber-800" : "text-red-800"}>
                <span className="font-medium">{r.orderId}</span>: {r.status === "succeeded" ? t("bulk.released") : r.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Dialog.Root open={confirming} onOpenChange={setConfirming}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40 backdrop-blur-[1px]" />
          <Dialog.Content
            // why: Radix would focus the close (X) button. Releasing many holds cannot be undone and the
            // reason is already typed, so the focus goes to the safe choice: Enter keeps the holds, Tab
            // reaches the release button.
            onOpenAutoFocus={(e) => {
              e.preventDefault();
              keepRef.current?.focus();
            }}
            // why: the dialog has no Trigger (it opens after the reason is checked); focus goes back to the button, or to the results once it ran.
            onCloseAutoFocus={(e) => {
              e.preventDefault();
              (releaseRef.current ?? resultsRef.current)?.focus();
            }}
            className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl focus:outline-none">
            <div className="flex items-start gap-3">
              <div className="flex size-9 shrink-0 items-center justify-center rounded-full bg-red-50 text-red-600">
                <AlertTriangle aria-hidden className="size-5" />
              </div>
              <div className="min-w-0 flex-1">
                <Dialog.Title className="text-base font-semibold text-slate-900">{t("bulk.confirmTitle", { count: selected.length })}</Dialog.Title>
                <Dialog.Description asChild>
                  <div className="mt-1 space-y-2 text-sm text-slate-600">
                    <p>
                      {known.length === selected.length && known.length > 0 ? (
                        <Trans t={t} i18nKey="bulk.confirmTextTotal" components={[<Money key="m" minor={total} />]} />
                      ) : (
                        t("bulk.confirmText")
                      )}
                    </p>
                    <ul className="max-h-32 overflow-y-auto rounded-md bg-slate-50 px-3 py-2 text-slate-800">
                      {selected.map((s) => (
                        <li key={s.id}>
                          {s.orderId}
                          {s.amount !== null && s.amount !== undefined ? (
                            <>
                              : <Money minor={s.amount} />
                            </>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                    <p>{t("bulk.reasonLine", { reason: reason.trim() })}</p>
                  </div>
                </Dialog.Description>
              </div>
              <Dialog.Close asChild>
                <button type="button" className="rounded p-1 text-slate-400 hover:text-slate-700" aria-label={t("dialog.close", { ns: "common" })}>
                  <X aria-hidden className="size-4" />
                </button>
              </Dialog.Close>
            </div>
            <div className="mt-4 flex justify-end gap-2">
              <Dialog.Close asChild>
                <Button variant="secondary" ref={keepRef}>
                  {t("bulk.keep")}
                </Button>
              </Dialog.Close>
              <Button variant="danger" onClick={run}>
                {t("bulk.confirm", { count: selected.length })}
              </Button>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </section>
  );
}
