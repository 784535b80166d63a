import * as Dialog from "@radix-ui/react-dialog";
import { Button } from "~/components/ui";
import { X } from "~/components/ui/icons";
import {
  createContext,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
} from "react";
import { useTranslation } from "react-i18next";

/** What GET /audit/:entryId/raw answers (routes/_app.audit.$entryId.raw.ts). */
export interface AuditRaw {
  id: string;
  action: string;
  request: unknown;
  detail: unknown;
  idempotencyKey: string | null;
  ip: string | null;
  targetType: string | null;
  targetId: string | null;
  actorId: string | null;
}

interface RawDialogContext {
  openId: string | null;
  contentId: string;
  open: (id: string, button: HTMLButtonElement) => void;
}
const RawContext = createContext<RawDialogContext | null>(null);

/**
 * One raw-data dialog for the whole table, opened by each row's plain button: a Radix Dialog per
 * row put the same trigger attributes and a dialog root on 50 rows. The entry's JSON is fetched
 * when the dialog opens (entries never change, so once per page), not carried in the page's data.
 */
export function AuditRawDialogs({ children }: { children: ReactNode }) {
  const [openId, setOpenId] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement | null>(null);
  const contentId = useId();
  const value = useMemo<RawDialogContext>(
    () => ({
      openId,
      contentId,
      open: (id, el) => {
        button.current = el;
        setOpenId(id);
      },
    }),
    [openId, contentId],
  );
  return (
    <RawContext.Provider value={value}>
      {children}
      <RawDialog id={openId} contentId={contentId} returnFocusTo={button} onClose={() => setOpenId(null)} />
    </RawContext.Provider>
  );
}

/** A row's button: announced as Radix's trigger is (has a dialog popup, expanded while its dialog is open). */
export function AuditRawButton({ id }: { id: string }) {
  const { t } = useTranslation("audit");
  const ctx = useContext(RawContext);
  const expanded = ctx?.openId === id;
  return (
    // No type or class: it is in no form, and `.a-table` styles it by its place (app/styles.css).
    <button
      aria-label={t("raw.open", { id })}
      // Its tooltip, set when the pointer comes (a title on each of 50 rows repeated the word).
      onPointerEnter={(e) => {
        e.currentTarget.title = t("raw.button");
      }}
      aria-haspopup="dialog"
      aria-expanded={expanded}
      aria-controls={expanded ? ctx?.contentId : undefined}
      onClick={(e) => ctx?.open(id, e.currentTarget)}
    >
      {/* The icon: the button's ::before in `.a-table` (app/styles.css). */}
    </button>
  );
}

type Load = { id: string; state: "loading" | "failed" } | { id: string; state: "done"; raw: AuditRaw };

/** The entry's raw data while `id` is set: from the page's cache, else fetched (again on retry). */
function useRawEntry(id: string | null): { load: Load | null; retry: () => void } {
  const [cache] = useState(() => new Map<string, AuditRaw>());
  const [attempt, setAttempt] = useState(0);
  const [load, setLoad] = useState<Load | null>(null);
  useEffect(() => {
    if (id === null) return;
    const known = cache.get(id);
    if (known) {
      setLoad({ id, state: "done", raw: known });
      return;
    }
    setLoad({ id, state: "loading" });
    const abort = new AbortController();
    fetch(`/audit/${encodeURIComponent(id)}/raw`, {
      headers: { Accept: "application/json" },
      signal: abort.signal,
    })
      .then(async (res) => {
        // Not ok, or a redirect to the sign-in page (an HTML answer): the entry did not arrive.
        if (!res.ok || !res.headers.get("content-type")?.includes("application/json"))
          throw new Error(`GET raw entry: ${res.status}`);
        return (await res.json()) as AuditRaw;
      })
      .then(
        (raw) => {
          cache.set(id, raw);
          setLoad({ id, state: "done", raw });
        },
        () => {
          if (!abort.signal.aborted) setLoad({ id, state: "failed" });
        },
      );
    return () => abort.abort();
  }, [id, attempt, cache]);
  // A state left from another entry (before the effect has run for this one) is this one loading.
  return { load: load && load.id === id ? load : null, retry: () => setAttempt((n) => n + 1) };
}

/** The row as stored — request and detail JSON, ids, key, IP — one click from the compact row. */
function RawDialog({
  id,
  contentId,
  returnFocusTo,
  onClose,
}: {
  id: string | null;
  contentId: string;
  returnFocusTo: RefObject<HTMLButtonElement | null>;
  onClose: () => void;
}) {
  const { t } = useTranslation("audit");
  const { load, retry } = useRawEntry(id);
  return (
    <Dialog.Root open={id !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40 backdrop-blur-[1px]" />
        <Dialog.Content
          id={contentId}
          // No Dialog.Trigger to return to: focus goes back to the row's button that opened it.
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            returnFocusTo.current?.focus();
          }}
          className="fixed top-1/2 left-1/2 z-50 flex max-h-[85vh] w-[calc(100vw-2rem)] max-w-2xl -translate-x-1/2 -translate-y-1/2 flex-col rounded-lg bg-white p-5 shadow-xl focus:outline-none"
        >
          <div className="flex items-start gap-3">
            <div className="min-w-0 flex-1">
              <Dialog.Title className="text-base font-semibold text-slate-900">
                {t("raw.title", { id })}
              </Dialog.Title>
              <Dialog.Description className="mt-1 text-sm text-slate-600">
                {t("raw.description")}
              </Dialog.Description>
            </div>
            <Dialog.Close asChild>
              <button
                type="button"
                className="rounded p-1 text-slate-400 hover:text-slate-700"
                aria-label={t("raw.close")}
              >
                <X aria-hidden className="size-4" />
              </button>
            </Dialog.Close>
          </div>
          <div className="mt-4 space-y-3 overflow-y-auto text-xs">
            {load?.state === "done" ? (
              <RawBlocks raw={load.raw} />
            ) : load?.state === "failed" ? (
              <div role="alert" className="flex items-center gap-3 text-sm text-red-700">
                {t("raw.failed")}
                <Button variant="secondary" size="sm" onClick={retry}>
                  {t("raw.retry")}
                </Button>
              </div>
            ) : (
              <p role="status" className="text-sm text-slate-500">
                {t("raw.loading")}
              </p>
            )}
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function RawBlocks({ raw }: { raw: AuditRaw }) {
  const { t } = useTranslation("audit");
  const ids = {
    entry: raw.id,
    action: raw.action,
    targetType: raw.targetType,
    targetId: raw.targetId,
    actorId: raw.actorId,
    idempotencyKey: raw.idempotencyKey,
    ip: raw.ip,
  };
  return (
    <>
      <Block label={t("raw.entry")} value={ids} />
      <Block label={t("table.request")} value={raw.request} />
      <Block label={t("table.detail")} value={raw.detail} />
    </>
  );
}

function Block({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <section>
      <h3 className="font-medium text-slate-700">{label}</h3>
      <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 font-mono whitespace-pre-wrap break-all text-slate-800">
        {JSON.stringify(value, null, 2)}
      </pre>
    </section>
  );
}
