import { Form } from "@remix-run/react";
import { RefreshCw, Wallet } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { Card, DateTime, Field, Input, Money, StatusButton } from "~/components/ui";
import { fieldError, type ActionData } from "~/lib/action-data";

const WALLET_FIELD = "wallet";

/**
 * The merchant coin wallet: the last balance GoPay (the sandbox's stand-in endpoint) reported and
 * when. Where no balance endpoint exists (production GoPay documents none), finance types the
 * balance the merchant portal shows.
 */
export function WalletCard({
  balance,
  refreshedAt,
  unavailable,
  note = null,
  canAct,
  result,
}: {
  balance: bigint | null;
  refreshedAt: Date | string | null;
  unavailable: boolean;
  /** Why the page could not refresh the balance just now (the last known one is shown). */
  note?: "timeout" | "unavailable" | "error" | null;
  canAct: boolean;
  result?: ActionData;
}) {
  const { t } = useTranslation("coins");
  const walletError = fieldError(result, WALLET_FIELD);
  return (
    <Card
      title={
        <span className="inline-flex items-center gap-2">
          <Wallet aria-hidden className="size-4 text-slate-500" /> {t("wallet.title")}
        </span>
      }
      actions={
        canAct ? (
          <Form method="post" replace>
            <StatusButton
              size="sm"
              variant="secondary"
              intent="refresh-wallet"
              aria-label={t("wallet.refresh")}
            >
              <RefreshCw aria-hidden className="size-4" /> {t("wallet.refresh")}
            </StatusButton>
          </Form>
        ) : null
      }
    >
      <p className="text-2xl font-semibold text-slate-900 tabular-nums" data-testid="wallet-balance">
        {balance === null ? t("wallet.unknown") : <Money minor={balance} />}
      </p>
      <p className="mt-1 text-xs text-slate-500" data-testid="wallet-refreshed">
        {refreshedAt ? (
          <>
            {t("wallet.refreshedAt")} <DateTime value={refreshedAt} />
          </>
        ) : (
          t("wallet.never")
        )}
      </p>
      {note && !walletError ? (
        <p className="mt-2 text-sm text-amber-800" role="status" data-testid="wallet-note">
          {note === "unavailable"
            ? t("wallet.unavailable")
            : t(balance === null ? "wallet.notRefreshedNone" : "wallet.notRefreshed")}
        </p>
      ) : null}
      {walletError ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {walletError}
        </p>
      ) : null}
      {unavailable && canAct ? (
        <Form method="post" className="mt-3 flex items-end gap-2" noValidate>
          <Field
            className="flex-1"
            label={t("wallet.enterLabel")}
            hint={t("wallet.enterHint")}
            error={fieldError(result, "balance")}
          >
            <Input name="balance" inputMode="numeric" autoComplete="off" />
          </Field>
          <StatusButton size="sm" variant="secondary" intent="set-wallet">
            {t("wallet.enterSave")}
          </StatusButton>
        </Form>
      ) : null}
      <p className="mt-3 text-xs text-slate-500">{t("wallet.standIn")}</p>
    </Card>
  );
}
