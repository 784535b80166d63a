import type { LoaderFunctionArgs } from "@remix-run/node";
import { Coins } from "lucide-react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SectionPlaceholder } from "~/components/layout/section-placeholder";
import { sectionTitle } from "~/components/meta";

// A placeholder until the section is built: authorised like the real page will be.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "coins:read");
  return null;
}

export const meta = sectionTitle("coins");

export default function CoinsPage() {
  const { t } = useTranslation("shell");
  return (
    <SectionPlaceholder
      title={t("nav.coins")}
      icon={Coins}
      description={t("placeholder.coins.description")}
      plans={t("placeholder.coins.plans")}
    />
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
