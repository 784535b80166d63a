import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decode as decodeAccountCursor } from "~/services/accounts/list.server";
import {
  decodeCursor as decodeAuditCursor,
  encodeCursor as encodeAuditCursor,
} from "~/services/audit.server";
import { decodeCampaignCursor, decodeRecipientCursor } from "~/services/campaigns/recipients-log.server";
import { decodeCoinCursor } from "~/services/coins/list.server";
import { decodeCursor as decodeCustomerCursor } from "~/services/customers/list.server";
import { decodeHoldCursor } from "~/services/holds/list.server";
import { decodeDifferenceCursor } from "~/services/reconciliation/list.server";
import { decodeCursor as decodeReminderCursor } from "~/services/reminders/list.server";
import { decodeRowCursor } from "~/services/reports/rows.server";

/**
 * Every keyset list's cursor decoder (orders: app/services/orders/cursor.test.ts) refuses what it
 * cannot page from — nothing, garbage, a cursor cut short, one Postgres would refuse — so the list
 * starts at page one and says so (app/lib/stale-cursor.ts), never a 500 and never another page.
 */
const ID = "00000000-0000-4000-8000-000000000001";
const json = (v: unknown) => Buffer.from(JSON.stringify(v), "utf8").toString("base64url");
const text = (v: string) => Buffer.from(v, "utf8").toString("base64url");

// Shaped like a timestamp or an id, but not one Postgres accepts (22007 / 22008 / 22P02).
const BAD_TIMES = [
  "1",
  "March 7",
  "2026-02-30 10:00:00+00",
  "2026-13-01 10:00:00+00",
  "2026-01-01 25:00:00+00",
  "2026-01-01 10:00:00+99",
];
const BAD_UUIDS = ["-".repeat(36), "0".repeat(36), "g0000000-0000-4000-8000-000000000001", `${ID}x`];
const TIME = "2026-03-01 07:00:00.123456+07";

type Decode = (raw: string | undefined) => unknown;

/** The (time, uuid) JSON pair most lists write: customers, reminders, holds, accounts and unbind events, report rows, coins. */
const timeIdLists: Array<[string, Decode]> = [
  ["customers", decodeCustomerCursor],
  ["reminders", decodeReminderCursor],
  ["holds", decodeHoldCursor],
  ["accounts, unbind events", decodeAccountCursor],
  ["report rows", decodeRowCursor],
  ["coin payouts", decodeCoinCursor],
];

describe.each(timeIdLists)("%s cursor: a (time, id) JSON pair", (_name, decode) => {
  const good = json([TIME, ID]);

  it("decodes a cursor as the list writes it", () => {
    expect(decode(good)).toBeTruthy();
  });

  it("refuses nothing, garbage and every cut-short copy", () => {
    for (const raw of [undefined, "", "garbage", "x".repeat(40), "%%%"])
      expect(decode(raw), String(raw)).toBeUndefined();
    for (let cut = 1; cut < good.length; cut++)
      expect(decode(good.slice(0, good.length - cut)), `cut ${cut}`).toBeUndefined();
  });

  it("refuses the wrong shape: not a pair, not strings, another list's cursor", () => {
    expect(decode(json({ at: TIME, id: ID }))).toBeUndefined();
    expect(decode(json([TIME]))).toBeUndefined();
    expect(decode(json([TIME, ID, "extra"]))).toBeUndefined();
    expect(decode(json([1772323200000, ID]))).toBeUndefined();
    expect(decode(json(["created_desc", TIME, ID]))).toBeUndefined(); // an orders cursor
    expect(decode(json([TIME, "42"]))).toBeUndefined(); // an audit cursor
  });

  it("refuses times and ids Postgres would refuse (a 500, not a page)", () => {
    for (const time of BAD_TIMES) expect(decode(json([time, ID])), time).toBeUndefined();
    for (const id of BAD_UUIDS) expect(decode(json([TIME, id])), id).toBeUndefined();
  });
});

describe("audit cursor: a (time, bigint id) JSON pair", () => {
  const good = encodeAuditCursor({ at: "2026-03-01T00:00:00.123456Z", id: "12345" });

  it("decodes what it encodes", () => {
    expect(decodeAuditCursor(good)).toEqual({ at: "2026-03-01T00:00:00.123456Z", id: "12345" });
  });

  it("refuses every cut-short copy (the id's last digits cut off would be another page)", () => {
    for (let cut = 1; cut < good.length; cut++)
      expect(decodeAuditCursor(good.slice(0, good.length - cut)), `cut ${cut}`).toBeUndefined();
  });

  it("refuses nothing, garbage, the former `time|id` text, bad times and ids past bigint", () => {
    for (const raw of [null, undefined, "", "garbage"])
      expect(decodeAuditCursor(raw), String(raw)).toBeUndefined();
    expect(decodeAuditCursor(text("2026-03-01T00:00:00.123456Z|12345"))).toBeUndefined();
    for (const time of BAD_TIMES) expect(decodeAuditCursor(json([time, "5"])), time).toBeUndefined();
    for (const id of ["99999999999999999999", "-1", "1.5", ID, ""])
      expect(decodeAuditCursor(json(["2026-03-01T00:00:00Z", id])), id).toBeUndefined();
  });
});

describe("campaigns cursor: `time|id` text", () => {
  const good = text(`2026-03-01T00:00:00.123456|${ID}`);

  it("decodes a cursor as the list writes it (created_at in UTC to the microsecond)", () => {
    expect(decodeCampaignCursor(good)).toEqual({ at: "2026-03-01T00:00:00.123456Z", id: ID });
  });

  it("refuses nothing, garbage and every cut-short copy", () => {
    for (const raw of [null, undefined, "", "garbage"])
      expect(decodeCampaignCursor(raw), String(raw)).toBeUndefined();
    for (let cut = 1; cut < good.length; cut++)
      expect(decodeCampaignCursor(good.slice(0, good.length - cut)), `cut ${cut}`).toBeUndefined();
  });

  it("refuses times and ids shaped right that Postgres would refuse (a 500 before)", () => {
    for (const time of [
      "2026-02-30T10:00:00.000000",
      "2026-13-01T10:00:00.000000",
      "2026-01-01T25:00:00.000000",
    ]) {
      expect(decodeCampaignCursor(text(`${time}|${ID}`)), time).toBeUndefined();
    }
    for (const id of BAD_UUIDS.filter((u) => u.length === 36))
      expect(decodeCampaignCursor(text(`2026-03-01T00:00:00.000000|${id}`)), id).toBeUndefined();
  });
});

describe("campaign recipients cursor: the row's bigserial id", () => {
  it("decodes an id", () => {
    expect(decodeRecipientCursor("42")).toBe("42");
    expect(decodeRecipientCursor("123456789012345678")).toBe("123456789012345678");
  });

  it("refuses nothing, words, signs, decimals and ids past bigint (19 digits could be: a 500 before)", () => {
    for (const raw of [
      null,
      undefined,
      "",
      "garbage",
      "-1",
      "1.5",
      "1e3",
      " 42",
      "9999999999999999999",
      "99999999999999999999",
    ]) {
      expect(decodeRecipientCursor(raw), String(raw)).toBeUndefined();
    }
  });
});

describe("reconciliation differences cursor: the last row's uuid", () => {
  it("decodes a uuid, refuses anything else (a uuid cut short too)", () => {
    expect(decodeDifferenceCursor(ID)).toBe(ID);
    for (const raw of [null, undefined, "", "garbage", ID.slice(0, -1), ...BAD_UUIDS])
      expect(decodeDifferenceCursor(raw), String(raw)).toBeUndefined();
  });
});

describe("list pages", () => {
  it("every route that pages a list shows StaleCursorNotice (a new list: add it, and a row in tests/integration/list-cursors.test.ts)", () => {
    const dir = path.resolve(process.cwd(), "app/routes");
    const source = (f: string) => readFileSync(path.join(dir, f), "utf8");
    const pages = readdirSync(dir).filter((f) => f.endsWith(".tsx"));
    const paging = pages.filter((f) =>
      /<Pagination\b|<OrderPager\b|\bAFTER\b|get\("(after|before)"\)|cursorParams\(/.test(source(f)),
    );
    expect(paging.length, paging.join(", ")).toBeGreaterThanOrEqual(12);
    expect(paging.filter((f) => !/<StaleCursorNotice\b/.test(source(f)))).toEqual([]);
  });
});
