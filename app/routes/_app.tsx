import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { requireStaff } from "~/auth/guard.server";
import { permissionsOf } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AppShell } from "~/components/layout/app-shell";
import { IdleWarning } from "~/components/session/idle-warning";
import { getToast } from "~/lib/toast.server";

/** The signed-in shell: who is signed in, what they may see, and the one-shot toast. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const { toast, headers } = getToast(request);
  return data(
    {
      staff: { name: staff.name, email: staff.email, role: staff.role, language: staff.language },
      toast,
    },
    { headers },
  );
}

export default function AppLayout() {
  const { staff, toast } = useLoaderData<typeof loader>();
  // What the role may do is a function of the role (app/auth/permissions.ts, shared with the
  // browser): worked out here rather than sent as ~30 strings on every page.
  const permissions = useMemo(() => permissionsOf(staff.role), [staff.role]);
  return (
    <AppShell staff={staff} permissions={permissions} toast={toast}>
      <Outlet />
      <IdleWarning />
    </AppShell>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
