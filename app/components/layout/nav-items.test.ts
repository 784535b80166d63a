import { describe, expect, it } from "vitest";
import { permissionsOf } from "~/auth/permissions";
import { visibleNav } from "./nav-items";

const labels = (role: Parameters<typeof permissionsOf>[0]) => visibleNav(permissionsOf(role)).map((i) => i.label);

describe("visibleNav", () => {
  it("shows an admin every section", () => {
    expect(labels("admin")).toEqual([
      "Overview", "Orders", "Holds", "Accounts", "Campaigns", "Coins", "Finance", "Approvals", "Audit", "Settings",
    ]);
  });

  it("hides what a role cannot read", () => {
    expect(labels("campaigns")).toEqual(["Overview", "Campaigns"]);
    expect(labels("support")).not.toContain("Settings");
    expect(labels("support")).not.toContain("Coins");
    expect(labels("viewer")).not.toContain("Settings");
  });

  it("shows nothing without permissions", () => {
    expect(visibleNav([])).toEqual([]);
  });
});
