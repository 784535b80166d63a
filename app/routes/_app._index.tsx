import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { AlertTriangle, ReceiptText, RotateCcw, ShieldCheck } from "lucide-react";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/components/meta";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";

// The overview reads nothing yet: a later issue fills these cards (recharts, app/components/charts)
// from real data — today's volume, refunds, holds expiring and failures. Until then each card says
// honestly that there is nothing to show rather than drawing made-up numbers.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "overview:read");
  return null;
}

export const meta: MetaFunction = () => pageTitle("Overview");

const CARDS = [
  { title: "Payments today", description: "Volume and count, WIB day", icon: ReceiptText, empty: "No payments yet" },
  { title: "Refunds", description: "Requested and settled today", icon: RotateCcw, empty: "No refunds yet" },
  { title: "Holds expiring", description: "Pre-auth holds lapsing in 24 hours", icon: ShieldCheck, empty: "No holds yet" },
  { title: "Failures and unknown outcomes", description: "Calls to GoPay that need a look", icon: AlertTriangle, empty: "No failures recorded" },
] as const;

export default function Overview() {
  return (
    <>
      <PageHeader title="Overview" description="Today's payments at a glance. Times in WIB." />
      <div className="grid gap-4 md:grid-cols-2">
        {CARDS.map((c) => (
          <Card key={c.title} title={c.title} description={c.description}>
            <EmptyState icon={c.icon} title={c.empty}>
              Figures appear here once Loket records them.
            </EmptyState>
          </Card>
        ))}
      </div>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
