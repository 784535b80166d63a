import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ROLES } from "~db/schema";
import { requireStaff } from "~/auth/guard.server";
import { clientIp } from "~/auth/request-meta.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";
import { Card, DateTime, Field, Input, Money, PageHeader, StatusButton } from "~/components/ui";
import { db } from "~/db/client.server";
import { defineAction, parseAction, requestT } from "~/lib/action.server";
import { formatIdr, rupiahField } from "~/lib/money";
import { redirectWithToast } from "~/lib/toast.server";
import { say } from "~/lib/words";
import { listRoleLimits, setRefundLimit } from "~/services/staff/limits.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("settings:limits.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "settings:limits");
  return { limits: await listRoleLimits(db()) };
}

const LimitsAction = defineAction(
  z.discriminatedUnion("intent", [
    // Empty means "no limit"; "0" means the role may not refund at all.
    z.object({
      intent: z.literal("set-refund-limit"),
      role: z.enum(ROLES),
      refundLimit: rupiahField({ optional: true }),
    }),
  ]),
  { "set-refund-limit": "settings:limits" },
);

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseAction(request, LimitsAction, { target: "role" });
  if (!parsed.ok) return parsed.reply;
  const { staff, input } = parsed;
  const { role, refundLimit: limit } = input;
  await setRefundLimit(db(), {
    actor: { id: staff.id, email: staff.email },
    role,
    refundLimit: limit,
    ip: clientIp(context),
  });
  const t = await requestT(request);
  return redirectWithToast("/settings/limits", {
    type: "success",
    title: say(
      t,
      {
        key: "settings:limits.saved",
        params: {
          role: say(t, { key: `common:roles.${role}` }, role),
          limit:
            limit === null
              ? say(t, { key: "settings:limits.unlimited" }, "Unlimited").toLowerCase()
              : formatIdr(limit),
        },
      },
      `Refund limit for ${role}: ${limit === null ? "unlimited" : formatIdr(limit)}`,
    ),
  });
}

/** Rupiah text for the input: whole rupiah with id-ID grouping (`1.000.000`), sen after a comma. */
function toInput(minor: bigint | null): string {
  if (minor === null) return "";
  return formatIdr(minor).replace(/^Rp\s/, "");
}

export default function LimitsSettings() {
  const { limits } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["settings", "common"]);
  return (
    <div className="space-y-6">
      <PageHeader title={t("limits.title")} description={t("limits.description")} />
      <div className="grid gap-4 md:grid-cols-2">
        {limits.map((l) => {
          const errors = result?.target === l.role ? result.errors : undefined;
          return (
            <Card
              key={l.role}
              title={<span className="capitalize">{t(`common:roles.${l.role}`)}</span>}
              description={t(`limits.help.${l.role}`)}
              actions={
                <span className="text-sm text-slate-700">
                  {l.refundLimit === null ? t("limits.unlimited") : <Money minor={l.refundLimit} />}
                </span>
              }
            >
              <Form method="post" className="flex items-end gap-2" noValidate>
                <input type="hidden" name="role" value={l.role} />
                <Field
                  className="flex-1"
                  label={t("limits.field", { role: t(`common:roles.${l.role}`) })}
                  hint={
                    l.updatedAt ? (
                      <>
                        {t("limits.lastChanged")} <DateTime value={l.updatedAt} />
                      </>
                    ) : (
                      t("limits.neverChanged")
                    )
                  }
                  error={errors?.refundLimit ?? errors?.form}
                >
                  <Input
                    name="refundLimit"
                    inputMode="decimal"
                    placeholder={t("limits.unlimited")}
                    defaultValue={toInput(l.refundLimit)}
                  />
                </Field>
                {/* The button carries the intent (Enter in the field submits through it too); a hidden copy would send it twice. */}
                <StatusButton variant="secondary" intent="set-refund-limit">
                  {t("limits.save")}
                </StatusButton>
              </Form>
            </Card>
          );
        })}
      </div>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
