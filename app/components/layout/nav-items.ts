import {
  BadgeCheck,
  Banknote,
  Coins,
  LayoutDashboard,
  Megaphone,
  ReceiptText,
  ScrollText,
  Settings,
  ShieldCheck,
  UsersRound,
  Wallet,
  type LucideIcon,
} from "~/components/ui/icons";
import type { Permission } from "~/auth/permissions";
import type enShell from "~/locales/en/shell";

/** A section's name is `shell:nav.<key>`. */
export type NavKey = Exclude<keyof typeof enShell.nav, "label">;

export interface NavItem {
  to: string;
  key: NavKey;
  icon: LucideIcon;
  permission: Permission;
}

/** The shell's sections, in order; each is shown only to roles with its read permission. */
export const NAV_ITEMS: NavItem[] = [
  { to: "/", key: "overview", icon: LayoutDashboard, permission: "overview:read" },
  { to: "/orders", key: "orders", icon: ReceiptText, permission: "orders:read" },
  { to: "/holds", key: "holds", icon: ShieldCheck, permission: "holds:read" },
  { to: "/customers", key: "customers", icon: UsersRound, permission: "customers:read" },
  { to: "/accounts", key: "accounts", icon: Wallet, permission: "accounts:read" },
  { to: "/campaigns", key: "campaigns", icon: Megaphone, permission: "campaigns:read" },
  { to: "/coins", key: "coins", icon: Coins, permission: "coins:read" },
  { to: "/finance", key: "finance", icon: Banknote, permission: "finance:read" },
  { to: "/approvals", key: "approvals", icon: BadgeCheck, permission: "approvals:read" },
  { to: "/audit", key: "audit", icon: ScrollText, permission: "audit:read" },
  { to: "/settings", key: "settings", icon: Settings, permission: "settings:read" },
];

export function visibleNav(permissions: readonly string[]): NavItem[] {
  const have = new Set(permissions);
  return NAV_ITEMS.filter((i) => have.has(i.permission));
}
