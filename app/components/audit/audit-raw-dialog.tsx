import * as Dialog from "@radix-ui/react-dialog";
import { Braces, X } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";

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

/** The row as stored — request and detail JSON, ids, key, IP — one click from the compact row. */
export function AuditRawDialog({ raw }: { raw: AuditRaw }) {
  const { t } = useTranslation("audit");
  const ids = { entry: raw.id, action: raw.action, targetType: raw.targetType, targetId: raw.targetId, actorId: raw.actorId, idempotencyKey: raw.idempotencyKey, ip: raw.ip };
  return (
    <Dialog.Root>
      <Dialog.Trigger asChild>
        <button type="button" className="a-raw" aria-label={t("raw.open", { id: raw.id })} title={t("raw.button")}>
          <Braces aria-hidden className="size-4" />
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40 backdrop-blur-[1px]" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 flex max-h-[85vh] w-[calc(100vw-2rem)] max-w-2xl -translate-x-1/2 -translate-y-1/2 flex-col rounded-lg bg-white p-5 shadow-xl focus:outline-none">
          <div className="flex items-start gap-3">
            <div className="min-w-0 flex-1">
              <Dialog.Title className="text-base font-semibold text-slate-900">{t("raw.title", { id: raw.id })}</Dialog.Title>
              <Dialog.Description className="mt-1 text-sm text-slate-600">{t("raw.description")}</Dialog.Description>
            </div>
            <Dialog.Close asChild>
              <button type="button" className="rounded p-1 text-slate-400 hover:text-slate-700" aria-label={t("raw.close")}>
                <X aria-hidden className="size-4" />
              </button>
            </Dialog.Close>
          </div>
          <div className="mt-4 space-y-3 overflow-y-auto text-xs">
            <Block label={t("raw.entry")} value={ids} />
            <Block label={t("table.request")} value={raw.request} />
            <Block label={t("table.detail")} value={raw.detail} />
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function Block({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <section>
      <h3 className="font-medium text-slate-700">{label}</h3>
      <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 font-mono whitespace-pre-wrap break-all text-slate-800">{JSON.stringify(value, null, 2)}</pre>
    </section>
  );
}
