import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { isReauthenticated, reauthenticatedUntil, REAUTH_REQUIRED } from "~/auth/reauth.server";
import { clientIp } from "~/auth/request-meta.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { ReauthPanel } from "~/components/security/reauth";
import { Card, DateTime, Field, Input, PageHeader, StatusButton } from "~/components/ui";
import { db } from "~/db/client.server";
import { fieldError, formError } from "~/lib/action-data";
import { defineAction, parseAction, refuse, requestT } from "~/lib/action.server";
import { formatIdr, MAX_TRANSACTION_MINOR, rupiahField } from "~/lib/money";
import { redirectWithToast } from "~/lib/toast.server";
import { say } from "~/lib/words";
import { getCoinSettings, updateCoinSettings, type CoinLimitsInput } from "~/services/coins/settings.server";
import { secondFactorStatus } from "~/services/staff/second-factor.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("coins:settings.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "settings:limits");
  const [settings, until, mine] = await Promise.all([
    getCoinSettings(db()),
    reauthenticatedUntil(db(), me.sessionId),
    secondFactorStatus(db(), me.id),
  ]);
  return { settings, reauthUntil: until?.toISOString() ?? null, meEnrolled: !!mine?.enrolled };
}

// Every limit: the one rupiah parser, whole rupiah, more than Rp 0, at most what one GoPay call moves.
const money = () => rupiahField({ positive: true, max: MAX_TRANSACTION_MINOR });
const CoinSettingsAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("save-coin-limits"),
      monthlyBudget: money(),
      perRecipientCap: money(),
      perPayoutCeiling: money(),
      approvalThreshold: money(),
    }),
  ]),
  { "save-coin-limits": "settings:limits" },
);

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseAction(request, CoinSettingsAction);
  if (!parsed.ok) return parsed.reply;
  const { staff, input } = parsed;
  const t = await requestT(request);
  // Money controls: a fresh password + code, as for staff changes (app/auth/reauth.server.ts).
  if (!(await isReauthenticated(db(), staff.sessionId))) {
    return refuse(
      {
        form: say(t, REAUTH_REQUIRED, "Confirm it's you first (password and code), then try again."),
        reauth: "1",
      },
      { intent: input.intent },
    );
  }
  await updateCoinSettings(db(), {
    monthlyBudget: input.monthlyBudget,
    perRecipientCap: input.perRecipientCap,
    perPayoutCeiling: input.perPayoutCeiling,
    approvalThreshold: input.approvalThreshold,
    actor: { id: staff.id, email: staff.email },
    ip: clientIp(context),
  });
  return redirectWithToast("/settings/coins", {
    type: "success",
    title: say(t, { key: "coins:settings.saved" }, "Coin limits saved"),
  });
}

// The form's fields (the page renders them: not imported from the .server module).
const COIN_LIMIT_FIELDS = [
  "monthlyBudget",
  "perRecipientCap",
  "perPayoutCeiling",
  "approvalThreshold",
] as const satisfies readonly (keyof CoinLimitsInput)[];

/** Rupiah text for the input: id-ID grouping without the `Rp` (`1.000.000`). */
const toInput = (minor: bigint) => (minor > 0n ? formatIdr(minor).replace(/^Rp\s/, "") : "");

export default function CoinSettingsPage() {
  const { settings, reauthUntil, meEnrolled } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["coins", "security"]);
  return (
    <div className="space-y-6">
      <PageHeader title={t("settings.title")} description={t("settings.description")} />
      <ReauthPanel until={reauthUntil} needsCode={meEnrolled} note={t("security:reauth.needed")} />
      <Card
        title={t("settings.limits")}
        description={
          settings.updatedAt ? (
            <>
              {t("settings.lastChanged")} <DateTime value={settings.updatedAt} />
            </>
          ) : (
            t("settings.neverChanged")
          )
        }
      >
        <Form
          method="post"
          className="grid max-w-3xl gap-4 md:grid-cols-2"
          noValidate
          data-testid="coin-settings-form"
        >
          {COIN_LIMIT_FIELDS.map((f) => (
            <Field
              key={f}
              label={t(`settings.fields.${f}`)}
              hint={t(`settings.hints.${f}`)}
              error={fieldError(result, f)}
            >
              <Input
                name={f}
                inputMode="numeric"
                autoComplete="off"
                placeholder="0"
                defaultValue={toInput(settings[f])}
              />
            </Field>
          ))}
          {formError(result) ? (
            <p role="alert" className="text-sm text-red-700 md:col-span-2">
              {formError(result)}
            </p>
          ) : null}
          <div className="md:col-span-2">
            <StatusButton intent="save-coin-limits">{t("settings.save")}</StatusButton>
          </div>
        </Form>
      </Card>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
