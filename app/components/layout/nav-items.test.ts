import { describe, expect, it } from "vitest";
import { permissionsOf } from "~/auth/permissions";
import { visibleNav } from "./nav-items";

const labels = (role: Parameters<typeof permissionsOf>[0]) => visibleNav(permissionsOf(role)).map((i) => i.key);

describe("visibleNav", () => {
  it("shows an admin every section", () => {
    expect(labels("admin")).toEqual([
      "overview", "orders", "holds", "customers", "accounts", "campaigns", "coins", "finance", "approvals", "audit", "settings",
    ]);
  });

  it("hides what a role cannot read", () => {
    expect(labels("campaigns")).toEqual(["overview", "customers", "campaigns"]);
    expect(labels("support")).not.toContain("settings");
    expect(labels("support")).not.toContain("coins");
    expect(labels("viewer")).not.toContain("settings");
  });

  it("shows nothing without permissions", () => {
    expect(visibleNav([])).toEqual([]);
  });
});
