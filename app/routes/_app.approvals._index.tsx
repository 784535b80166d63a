import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { BadgeCheck } from "lucide-react";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SectionPlaceholder } from "~/components/layout/section-placeholder";
import { pageTitle } from "~/components/meta";

// A placeholder until the Approvals section is built: authorised like the real page will be.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "approvals:read");
  return null;
}

export const meta: MetaFunction = () => pageTitle("Approvals");

export default function ApprovalsPage() {
  return (
    <SectionPlaceholder
      title="Approvals"
      icon={BadgeCheck}
      description="Requests waiting for a second person."
      plans="This section will list refunds and disbursements that need a second pair of eyes, for someone other than the requester to approve."
    />
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
