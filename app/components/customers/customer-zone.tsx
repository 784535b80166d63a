import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, Select, StatusButton } from "~/components/ui";
import { fieldError, type ActionData } from "~/lib/action-data";

export const ZONE_CHOICES = ["WIB", "WITA", "WIT"] as const;
type ZoneChoice = (typeof ZONE_CHOICES)[number];

/**
 * The customer's time zone on the case view: what campaigns will use ("Not set — WIB is used"), and
 * for staff who may edit customers a choice to set or clear it. A campaign's CSV zone column still
 * wins over it (said in the hint).
 */
export function CustomerZone({ zone, canEdit }: { zone: ZoneChoice | null; canEdit: boolean }) {
  const { t } = useTranslation("customers");
  const answer = useActionData<ActionData>();
  const error = answer?.intent === "setZone" ? fieldError(answer, "zone") : undefined;
  const shown = zone ? t(`zone.names.${zone}`) : t("zone.notSet");
  if (!canEdit)
    return (
      <span data-testid="customer-zone" data-zone={zone ?? ""}>
        {shown}
      </span>
    );
  return (
    <div className="space-y-2">
      <span data-testid="customer-zone" data-zone={zone ?? ""}>
        {shown}
      </span>
      <Form method="post" className="flex flex-wrap items-end gap-2" aria-label={t("zone.formLabel")}>
        <Field label={t("zone.label")} hint={t("zone.hint")} error={error} className="min-w-0 flex-1 sm:min-w-[12rem]">
          <Select name="zone" defaultValue={zone ?? ""} key={zone ?? ""}>
            <option value="">{t("zone.notSetOption")}</option>
            {ZONE_CHOICES.map((z) => (
              <option key={z} value={z}>
                {t(`zone.names.${z}`)}
              </option>
            ))}
          </Select>
        </Field>
        <StatusButton intent="setZone" variant="secondary">
          {t("zone.save")}
        </StatusButton>
      </Form>
    </div>
  );
}
