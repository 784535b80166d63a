import type { Role } from "~db/schema/staff";

/**
 * Permissions as data: who may do what. The server checks these in every loader and action
 * (requireStaff / requirePermission); the UI only mirrors them to hide what a role cannot use.
 */
export const PERMISSIONS = {
  "overview:read": ["admin", "support", "finance", "campaigns", "viewer"],
  "orders:read": ["admin", "support", "finance", "viewer"],
  "orders:export": ["admin", "support", "finance"],
  "orders:refund": ["admin", "support", "finance"],
  "orders:cancel": ["admin", "support", "finance"],
  "orders:resync": ["admin", "support", "finance"],
  "holds:read": ["admin", "support", "finance", "viewer"],
  "holds:capture": ["admin", "finance"],
  "holds:release": ["admin", "finance"],
  "accounts:read": ["admin", "support", "finance", "viewer"],
  "accounts:manage": ["admin", "support", "finance"],
  "accounts:export": ["admin", "support", "finance"],
  /** The customer case view and search. Campaigns too: audiences and previews are people (they see
   *  identity and mini-app state; orders and accounts stay behind orders:read / accounts:read). */
  "customers:read": ["admin", "support", "finance", "campaigns", "viewer"],
  /** What Loket keeps about a customer beyond what GoPay and the mini app tell it (today: the time
   *  zone campaigns send by). Campaigns needs it; support is who hears "I live in Makassar". */
  "customers:edit": ["admin", "support", "campaigns"],
  "campaigns:read": ["admin", "campaigns", "viewer"],
  "campaigns:manage": ["admin", "campaigns"],
  "coins:read": ["admin", "finance", "viewer"],
  "coins:disburse": ["admin", "finance"],
  "finance:read": ["admin", "finance", "viewer"],
  "finance:export": ["admin", "finance"],
  /** start, pause, resume or cancel a reconciliation run; resolve (resync) or ignore its differences */
  "finance:reconcile": ["admin", "finance"],
  "approvals:read": ["admin", "support", "finance", "viewer"],
  "approvals:decide": ["admin", "finance"],
  "audit:read": ["admin", "finance", "viewer"],
  /** one's own sign-in: second factor, recovery codes, password, re-authentication */
  "account:security": ["admin", "support", "finance", "campaigns", "viewer"],
  /** one's own sessions: list them, end one, sign out everywhere else (/settings/sessions) */
  "account:sessions": ["admin", "support", "finance", "campaigns", "viewer"],
  "settings:read": ["admin"],
  "settings:staff": ["admin"],
  "settings:limits": ["admin"],
  "settings:api-keys": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}
