import { describe, expect, it } from "vitest";
import { statusMessageOf, unbindSourceFromStatusMessage } from "./unbind-source";

describe("unbindSourceFromStatusMessage", () => {
  it("tells an in-app unlink from a phone-number change", () => {
    expect(unbindSourceFromStatusMessage("Midtrans account unlinked by user")).toBe("customer_app");
    expect(unbindSourceFromStatusMessage("Midtrans account phone number changed")).toBe("phone_change");
  });
  it("anything else, or nothing, is plain gopay", () => {
    expect(unbindSourceFromStatusMessage("Midtrans account_linked notification")).toBe("gopay");
    expect(unbindSourceFromStatusMessage("")).toBe("gopay");
    expect(unbindSourceFromStatusMessage(undefined)).toBe("gopay");
    expect(unbindSourceFromStatusMessage(42)).toBe("gopay");
  });
  it("reads status_message from a raw body and survives garbage", () => {
    expect(statusMessageOf('{"status_message":"x","account_status":"DISABLED"}')).toBe("x");
    expect(statusMessageOf("not json")).toBeUndefined();
    expect(statusMessageOf("null")).toBeUndefined();
  });
});
