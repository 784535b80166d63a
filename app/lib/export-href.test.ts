import { describe, expect, it } from "vitest";
import { exportHref } from "./export-href";

describe("exportHref", () => {
  it("keeps the filters and drops the page cursors", () => {
    expect(exportHref("/coins/export.csv", "?status=paid&after=abc&before=def", {})).toBe("/coins/export.csv?status=paid");
    expect(exportHref("/audit/export.csv", "?after=abc", {})).toBe("/audit/export.csv");
    expect(exportHref("/audit/export.csv", "", { from: undefined })).toBe("/audit/export.csv");
  });

  it("gives no link while a filter is invalid (the export route would answer 400)", () => {
    expect(exportHref("/coins/export.csv", "?from=abc", { from: "Enter a date as DD-MM-YYYY." })).toBeNull();
    expect(exportHref("/audit/export.csv", "?from=xx", { from: "dateFormat" })).toBeNull();
  });
});
