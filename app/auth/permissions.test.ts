import { describe, expect, it } from "vitest";
import { ROLES } from "~db/schema";
import { PERMISSIONS, can, permissionsOf, type Permission } from "./permissions";

const all = Object.keys(PERMISSIONS) as Permission[];
const MONEY: Permission[] = ["orders:refund", "orders:cancel", "holds:capture", "holds:release", "coins:disburse"];

// The architecture's role table (shared/architecture.md "Who uses it, for what"), as assertions.
describe("permission table matches the roles' jobs", () => {
  it("admin can do everything", () => {
    expect(permissionsOf("admin")).toEqual(all);
  });

  it("support never manages settings or decides approvals, but refunds and cancels", () => {
    const p = permissionsOf("support");
    expect(p.filter((x) => x.startsWith("settings:"))).toEqual([]);
    expect(p).not.toContain("approvals:decide");
    expect(p).toEqual(expect.arrayContaining(["orders:read", "orders:refund", "orders:cancel", "orders:resync"]));
    expect(p).not.toContain("holds:capture");
    expect(p).not.toContain("finance:reconcile");
  });

  it("viewer only reads", () => {
    // account:* is one's own sign-in (second factor, password, sessions): every role manages its own.
    for (const p of permissionsOf("viewer").filter((p) => !p.startsWith("account:"))) expect(p).toMatch(/:read$/);
    expect(can("viewer", "settings:read")).toBe(false);
  });

  it("campaigns never move money and cannot read orders", () => {
    for (const p of MONEY) expect(can("campaigns", p)).toBe(false);
    expect(can("campaigns", "campaigns:manage")).toBe(true);
    expect(can("campaigns", "orders:read")).toBe(false);
  });

  it("finance captures, releases, disburses and decides, but does not manage settings", () => {
    for (const p of ["holds:capture", "holds:release", "coins:disburse", "approvals:decide", "audit:read", "finance:reconcile"] as const) {
      expect(can("finance", p)).toBe(true);
    }
    expect(permissionsOf("finance").filter((x) => x.startsWith("settings:"))).toEqual([]);
  });

  it("only admins reach settings; every permission names only real roles", () => {
    for (const p of all) for (const r of PERMISSIONS[p]) expect(ROLES).toContain(r);
    for (const r of ROLES) expect(can(r, "settings:staff")).toBe(r === "admin");
    expect(can(null, "overview:read")).toBe(false);
  });
});
