import type { LucideIcon } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { PageHeader } from "../ui/page-header";

/** An honest page for a section that is not built yet: no fake numbers, just what it will do. */
export function SectionPlaceholder({
  title,
  description,
  icon,
  plans,
}: {
  title: string;
  description: string;
  icon: LucideIcon;
  plans: string;
}) {
  const { t } = useTranslation("shell");
  return (
    <>
      <PageHeader title={title} description={description} />
      <Card>
        <EmptyState icon={icon} title={t("placeholder.notBuilt")}>
          {plans}
        </EmptyState>
      </Card>
    </>
  );
}
