import { describe, expect, it } from "vitest";
import { sameOrigin } from "../../server/app";

describe("sameOrigin (the front's cross-site check)", () => {
  const demo = "http://localhost:3000";
  it("accepts the app's own origin, and its other loopback spellings on the same port (a new user types 127.0.0.1)", () => {
    for (const origin of ["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"]) {
      expect(sameOrigin({ origin }, demo)).toBe(true);
    }
    expect(sameOrigin({ referer: "http://127.0.0.1:3000/orders/X" }, demo)).toBe(true);
  });
  it("refuses another port, scheme or host, null and look-alikes, even for a loopback app", () => {
    for (const origin of ["http://localhost:3001", "https://localhost:3000", "http://127.0.0.2:3000", "null", "http://localhost.evil.test:3000", "http://evil.test"]) {
      expect(sameOrigin({ origin }, demo)).toBe(false);
    }
    expect(sameOrigin({}, demo)).toBe(false);
  });
  it("adds no aliases for a public origin", () => {
    const app = "https://loket.example.id";
    expect(sameOrigin({ origin: "https://loket.example.id" }, app)).toBe(true);
    for (const origin of ["http://localhost", "https://127.0.0.1", "http://loket.example.id", "https://loket.example.id.evil.test"]) {
      expect(sameOrigin({ origin }, app)).toBe(false);
    }
  });
});
