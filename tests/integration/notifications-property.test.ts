import { eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { orders } from "../../db/schema";
import { useTestDb } from "../support/db";
import { insertOrder } from "../support/factories";
import { installKeys, postSnap, snapBody, snapRequest } from "./notifications-support";

/**
 * Property: for any arrival order of one payment's notifications, duplicates included, the order
 * ends in the same state as when they arrive in the order GoPay sent them.
 */
const t = useTestDb();
let keys: ReturnType<typeof installKeys>;
beforeAll(() => {
  keys = installKeys();
});

// Real lifecycles (contract §7): pending → paid → refunds, or pending → a terminal failure.
const LIFECYCLES: ((id: string) => string[])[] = [
  (id) => [
    snapBody({ orderId: id, status: "03" }),
    snapBody({ orderId: id, status: "00", payOption: "GOPAY_SAVINGS", finishedTime: "2025-01-02T10:05:00+07:00" }),
    snapBody({ orderId: id, status: "04", payOption: "GOPAY_SAVINGS", finishedTime: "2025-01-02T10:05:00+07:00", refunds: [{ partnerRefundNo: `${id}-a`, amount: "20000.00" }] }),
    snapBody({
      orderId: id,
      status: "04",
      payOption: "GOPAY_SAVINGS",
      finishedTime: "2025-01-02T10:05:00+07:00",
      refunds: [
        { partnerRefundNo: `${id}-a`, amount: "20000.00" },
        { partnerRefundNo: `${id}-b`, amount: "30000.00" },
      ],
    }),
  ],
  (id) => [snapBody({ orderId: id, status: "03" }), snapBody({ orderId: id, status: "08", finishedTime: "2025-01-02T10:15:00+07:00" })],
  (id) => [snapBody({ orderId: id, status: "03" }), snapBody({ orderId: id, status: "06", finishedTime: "2025-01-02T10:07:00+07:00" })],
];

let n = 0;
async function finalState(lifecycle: number, arrival: (bodies: string[]) => string[]) {
  const o = await insertOrder(t.db, { status: "pending", gopayReference: null, paymentOption: null, paidAt: null, orderId: `PROP-${++n}-${Date.now()}` });
  // Bodies name the order; build them for this order, then deliver in the given arrival order.
  for (const body of arrival(LIFECYCLES[lifecycle]!(o.orderId))) {
    const res = await postSnap(snapRequest(body, keys.privateKey));
    expect(res.status).toBe(200);
  }
  const [r] = await t.db.select().from(orders).where(eq(orders.id, o.id));
  return {
    status: r!.status,
    statusRank: r!.statusRank,
    gopayStatus: r!.gopayStatus,
    paidAmount: r!.paidAmount,
    refundedAmount: r!.refundedAmount,
    paymentOption: r!.paymentOption,
    paidAt: r!.paidAt?.toISOString() ?? null,
    closedAt: r!.closedAt?.toISOString() ?? null,
    gopayReferenceSet: r!.gopayReference === `REF-${o.orderId}`,
  };
}

it("any permutation with duplicates ends where in-order delivery ends", { timeout: 240_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: LIFECYCLES.length - 1 }),
      // Each arrival is an index into the lifecycle; every notification arrives at least once.
      fc.array(fc.nat(), { minLength: 0, maxLength: 4 }),
      fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
      async (lifecycle, extra, shuffleKeys) => {
        const arrive = (bodies: string[]) => {
          const list = [...bodies, ...extra.map((i) => bodies[i % bodies.length]!)];
          return list.map((b, i) => ({ b, k: shuffleKeys[i % shuffleKeys.length]! * 31 + i })).sort((x, y) => x.k - y.k).map((x) => x.b);
        };
        const expected = await finalState(lifecycle, (bodies) => bodies);
        const actual = await finalState(lifecycle, arrive);
        expect(actual).toEqual(expected);
      },
    ),
    { numRuns: 30 },
  );
});
