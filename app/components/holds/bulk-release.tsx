import { useRevalidator } from "@remix-run/react";
import { useRef, useState } from "react";
import { Button, Field, Input } from "~/components/ui";

export interface BulkItem {
  id: string;
  orderId: string;
}
type Outcome = { status: string; message: string };

/**
 * Releases the selected holds one request per hold (each its own intent and idempotency key, so
 * one failure never repeats or blocks another), with a progress bar and a result per hold.
 * Keys are made once per hold for this batch: pressing "Retry failed" would be a new intent only
 * for holds whose release definitely failed.
 */
export function BulkRelease({ selected, onClear }: { selected: BulkItem[]; onClear: () => void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [running, setRunning] = useState(false);
  const [results, setResults] = useState<Record<string, Outcome>>({});
  const keys = useRef(new Map<string, string>());
  const revalidator = useRevalidator();
  const done = Object.keys(results).length;

  async function run() {
    if (reason.trim().length < 3) {
      setError("Give a reason for the release (at least 3 characters).");
      return;
    }
    setError(undefined);
    setRunning(true);
    setResults({});
    const items = [...selected];
    for (const item of items) {
      if (!keys.current.has(item.id)) keys.current.set(item.id, crypto.randomUUID());
      const body = new FormData();
      body.set("holdId", item.id);
      body.set("idempotencyKey", keys.current.get(item.id)!);
      body.set("reason", reason);
      let outcome: Outcome;
      try {
        const res = await fetch("/holds/bulk-release", { method: "POST", body, headers: { Accept: "application/json" } });
        outcome = res.ok ? ((await res.json()) as Outcome) : { status: "failed", message: `HTTP ${res.status}: ${await res.text()}` };
      } catch (e) {
        outcome = { status: "unknown", message: e instanceof Error ? e.message : "Network error" };
      }
      setResults((r) => ({ ...r, [item.id]: outcome }));
    }
    setRunning(false);
    revalidator.revalidate();
  }

  if (selected.length === 0 && done === 0) return null;
  const ok = Object.values(results).filter((r) => r.status === "succeeded").length;
  return (
    <section aria-label="Bulk release" className="mb-4 rounded-lg border border-amber-200 bg-amber-50 p-4">
      <div className="flex flex-wrap items-end gap-3">
        <p className="text-sm font-medium text-slate-900">{selected.length} hold{selected.length === 1 ? "" : "s"} selected</p>
        <Field label="Reason for the release" error={error} className="min-w-64 flex-1">
          <Input value={reason} onChange={(e) => setReason(e.target.value)} disabled={running} maxLength={500} />
        </Field>
        <Button variant="danger" onClick={run} pending={running} disabled={running || selected.length === 0}>
          Release {selected.length} selected
        </Button>
        <Button variant="ghost" onClick={() => { setResults({}); onClear(); }} disabled={running}>
          Clear
        </Button>
      </div>
      {done > 0 || running ? (
        <div className="mt-3">
          <label className="text-sm text-slate-700">
            Progress: {done} of {selected.length || done} ({ok} released)
            <progress className="ml-2 align-middle" max={selected.length || done} value={done} />
          </label>
          <ul className="mt-2 max-h-48 overflow-y-auto text-sm" aria-live="polite">
            {Object.entries(results).map(([id, r]) => (
              <li key={id} className={r.status === "succeeded" ? "text-emerald-800" : r.status === "unknown" ? "text-amber-800" : "text-red-800"}>
                <span className="font-medium">{selected.find((s) => s.id === id)?.orderId ?? id}</span>:{" "}
                {r.status === "succeeded" ? "released" : r.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
