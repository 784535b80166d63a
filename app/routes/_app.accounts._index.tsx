import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Wallet } from "lucide-react";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SectionPlaceholder } from "~/components/layout/section-placeholder";
import { pageTitle } from "~/components/meta";

// A placeholder until the Accounts section is built: authorised like the real page will be.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "accounts:read");
  return null;
}

export const meta: MetaFunction = () => pageTitle("Accounts");

export default function AccountsPage() {
  return (
    <SectionPlaceholder
      title="Accounts"
      icon={Wallet}
      description="Customers' linked GoPay accounts."
      plans="This section will list linked GoPay accounts and unbind events."
    />
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
