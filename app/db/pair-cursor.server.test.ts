import { describe, expect, it } from "vitest";
import { isBigintText, isTimestampText, isUuid } from "./errors.server";
import { decodePairCursor, encodePairCursor } from "./pair-cursor.server";

describe("pair cursors", () => {
  const at = "2026-03-10 10:00:00.123456+00";
  const id = "9f484d5b-9592-4415-8030-60f4add79c6c";
  it("round-trips a (time, id) pair", () => {
    expect(decodePairCursor(encodePairCursor(at, id), isTimestampText, isUuid)).toEqual([at, id]);
    expect(decodePairCursor(encodePairCursor(at, "42"), isTimestampText, isBigintText)).toEqual([at, "42"]);
  });
  it("refuses what a cast would refuse, a copy cut short, and anything not a pair", () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    for (const raw of [
      encodePairCursor(at, id).slice(0, -3),
      encodePairCursor("2026-02-30 10:00:00+00", id),
      encodePairCursor(at, "not-a-uuid"),
      b64([at]),
      b64([at, id, "x"]),
      b64({ at, id }),
      b64([at, 5]),
      "garbage",
      "",
      null,
      undefined,
    ]) {
      expect(decodePairCursor(raw, isTimestampText, isUuid), String(raw)).toBeUndefined();
    }
    expect(decodePairCursor(encodePairCursor(at, "9999999999999999999"), isTimestampText, isBigintText)).toBeUndefined();
  });
});
