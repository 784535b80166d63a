import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Megaphone } from "lucide-react";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SectionPlaceholder } from "~/components/layout/section-placeholder";
import { pageTitle } from "~/components/meta";

// A placeholder until the Campaigns section is built: authorised like the real page will be.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "campaigns:read");
  return null;
}

export const meta: MetaFunction = () => pageTitle("Campaigns");

export default function CampaignsPage() {
  return (
    <SectionPlaceholder
      title="Campaigns"
      icon={Megaphone}
      description="Payment reminders and push campaigns to customers."
      plans="This section will let the campaigns team schedule, preview and cancel reminders and push campaigns."
    />
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
