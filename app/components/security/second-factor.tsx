import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, Input, StatusButton } from "~/components/ui";

const groupsOfFour = (s: string) => s.match(/.{1,4}/g)?.join(" ") ?? s;

/** Scan (QR as server-rendered SVG) or type the key, then confirm with a code. Sign-in and Settings → Security share it. */
export function EnrolForm({ qr, secret, error, intent, hidden = {} }: { qr: string; secret: string; error?: string; intent?: string; hidden?: Record<string, string> }) {
  const { t } = useTranslation("security");
  return (
    <Form method="post" className="space-y-4" noValidate>
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <p className="text-sm text-slate-700">{t("enrol.scan")}</p>
      <div role="img" aria-label={t("enrol.qrLabel")} className="mx-auto size-48" dangerouslySetInnerHTML={{ __html: qr }} />
      <div className="text-sm text-slate-700">
        <p>{t("enrol.manual")}</p>
        <code className="mt-1 block rounded bg-slate-100 px-2 py-1 font-mono text-sm break-all select-all" data-testid="totp-secret">
          {groupsOfFour(secret)}
        </code>
      </div>
      <p className="text-sm text-slate-700">{t("enrol.type")}</p>
      <Field label={t("enrol.codeLabel")} error={error}>
        <Input name="code" autoComplete="one-time-code" inputMode="numeric" required spellCheck={false} className="font-mono tracking-widest" />
      </Field>
      <StatusButton className="w-full" intent={intent}>
        {t("enrol.submit")}
      </StatusButton>
    </Form>
  );
}

/** The ten recovery codes, once, right after they were made. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const { t } = useTranslation("security");
  return (
    <div role="status" className="rounded-md bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200">
      <p className="font-medium">{t("recovery.title")}</p>
      <p className="mt-1">{t("recovery.description")}</p>
      <ul aria-label={t("recovery.listLabel")} className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 font-mono text-base select-all" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </div>
  );
}
