import type { LoaderFunctionArgs } from "@remix-run/node";
import { Megaphone } from "lucide-react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SectionPlaceholder } from "~/components/layout/section-placeholder";
import { sectionTitle } from "~/components/meta";

// A placeholder until the section is built: authorised like the real page will be.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "campaigns:read");
  return null;
}

export const meta = sectionTitle("campaigns");

export default function CampaignsPage() {
  const { t } = useTranslation("shell");
  return (
    <SectionPlaceholder
      title={t("nav.campaigns")}
      icon={Megaphone}
      description={t("placeholder.campaigns.description")}
      plans={t("placeholder.campaigns.plans")}
    />
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
