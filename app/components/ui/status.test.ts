import { describe, expect, it } from "vitest";
import { statusLabel, statusTone } from "./status";

describe("statusLabel / statusTone", () => {
  it("maps known statuses to human labels and tones", () => {
    expect(statusLabel("partially_refunded")).toBe("Partially refunded");
    expect(statusTone("partially_refunded")).toBe("info");
    expect(statusLabel("paid")).toBe("Paid");
    expect(statusTone("paid")).toBe("success");
    expect(statusLabel("failed")).toBe("Failed");
    expect(statusTone("failed")).toBe("danger");
    expect(statusLabel("unknown")).toBe("Unknown — checking");
    expect(statusTone("unknown")).toBe("warning");
  });

  it("is case-insensitive (GoPay's ENABLED/DISABLED)", () => {
    expect(statusLabel("ENABLED")).toBe("Enabled");
    expect(statusTone("ENABLED")).toBe("success");
    expect(statusLabel("DISABLED")).toBe("Disabled");
  });

  it("humanises statuses it does not know and shows them neutrally", () => {
    expect(statusLabel("WAITING_FOR_USER")).toBe("Waiting for user");
    expect(statusTone("WAITING_FOR_USER")).toBe("neutral");
    expect(statusLabel("")).toBe("—");
  });

  it("treats US and UK spellings alike", () => {
    expect(statusLabel("authorized")).toBe(statusLabel("authorised"));
    expect(statusLabel("canceled")).toBe(statusLabel("cancelled"));
  });
});
