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
  Wallet,
  type LucideIcon,
} from "lucide-react";
import type { Permission } from "~/auth/permissions";

export interface NavItem {
  to: string;
  label: string;
  icon: LucideIcon;
  permission: Permission;
}

/** The shell's sections, in order; each is shown only to roles with its read permission. */
export const NAV_ITEMS: NavItem[] = [
  { to: "/", label: "Overview", icon: LayoutDashboard, permission: "overview:read" },
  { to: "/orders", label: "Orders", icon: ReceiptText, permission: "orders:read" },
  { to: "/holds", label: "Holds", icon: ShieldCheck, permission: "holds:read" },
  { to: "/accounts", label: "Accounts", icon: Wallet, permission: "accounts:read" },
  { to: "/campaigns", label: "Campaigns", icon: Megaphone, permission: "campaigns:read" },
  { to: "/coins", label: "Coins", icon: Coins, permission: "coins:read" },
  { to: "/finance", label: "Finance", icon: Banknote, permission: "finance:read" },
  { to: "/approvals", label: "Approvals", icon: BadgeCheck, permission: "approvals:read" },
  { to: "/audit", label: "Audit", icon: ScrollText, permission: "audit:read" },
  { to: "/settings", label: "Settings", icon: Settings, permission: "settings:read" },
];

export function visibleNav(permissions: readonly string[]): NavItem[] {
  const have = new Set(permissions);
  return NAV_ITEMS.filter((i) => have.has(i.permission));
}
