import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";

/**
 * /settings leads everyone somewhere: admins to the first settings tab, every other role to its
 * own sign-in settings (the user menu's "Security"), the part of /settings that is theirs, rather
 * than a 403 for an address that reads as "my settings".
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "account:security");
  // why this wins over the layout's 403 for non-admins: Remix answers a loader's redirect before
  // any sibling loader's error (tests/e2e/settings-access.spec.ts holds it to that).
  throw redirect(can(me.role, "settings:read") ? "/settings/staff" : "/settings/security");
}

// why a component that renders nothing: a route module without a default export is a resource
// route, whose thrown Response went out bare (text/plain, English, no layout); with one, anything
// this loader throws renders in the app's error boundary like every other page.
export default function SettingsIndex() {
  return null;
}

export { GeneralErrorBoundary as ErrorBoundary };
