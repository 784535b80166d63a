import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Banknote } from "lucide-react";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SectionPlaceholder } from "~/components/layout/section-placeholder";
import { pageTitle } from "~/components/meta";

// A placeholder until the Finance section is built: authorised like the real page will be.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "finance:read");
  return null;
}

export const meta: MetaFunction = () => pageTitle("Finance");

export default function FinancePage() {
  return (
    <SectionPlaceholder
      title="Finance"
      icon={Banknote}
      description="Reconciliation, reports and exports."
      plans="This section will reconcile Loket's records with GoPay's settlement and offer reports and CSV exports."
    />
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
