import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ShieldCheck } from "lucide-react";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SectionPlaceholder } from "~/components/layout/section-placeholder";
import { pageTitle } from "~/components/meta";

// A placeholder until the Holds section is built: authorised like the real page will be.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "holds:read");
  return null;
}

export const meta: MetaFunction = () => pageTitle("Holds");

export default function HoldsPage() {
  return (
    <SectionPlaceholder
      title="Holds"
      icon={ShieldCheck}
      description="Pre-authorised payments waiting to be captured or released."
      plans="This section will list pre-auth holds with their expiry, so finance can capture or release them before they lapse."
    />
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
