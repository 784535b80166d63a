import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Coins } from "lucide-react";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SectionPlaceholder } from "~/components/layout/section-placeholder";
import { pageTitle } from "~/components/meta";

// A placeholder until the Coins section is built: authorised like the real page will be.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "coins:read");
  return null;
}

export const meta: MetaFunction = () => pageTitle("Coins");

export default function CoinsPage() {
  return (
    <SectionPlaceholder
      title="Coins"
      icon={Coins}
      description="GoPay Coins disbursements."
      plans="This section will show GoPay Coins batches, their approvals and what each recipient received."
    />
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
