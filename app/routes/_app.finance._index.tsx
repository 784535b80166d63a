import type { LoaderFunctionArgs } from "@remix-run/node";
import { Banknote } from "lucide-react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SectionPlaceholder } from "~/components/layout/section-placeholder";
import { sectionTitle } from "~/components/meta";

// A placeholder until the section is built: authorised like the real page will be.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "finance:read");
  return null;
}

export const meta = sectionTitle("finance");

export default function FinancePage() {
  const { t } = useTranslation("shell");
  return (
    <SectionPlaceholder
      title={t("nav.finance")}
      icon={Banknote}
      description={t("placeholder.finance.description")}
      plans={t("placeholder.finance.plans")}
    />
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
