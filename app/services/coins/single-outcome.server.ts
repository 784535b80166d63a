import { formatIdr } from "~/lib/money";
import type { MoneyOutcome } from "~/lib/outcome";
import type { PayResult } from "./pay.server";
import { coinRefusalSaid } from "./refusal";
import type { SinglePayoutResult } from "./single.server";

/**
 * A coin payout's result in the one outcome vocabulary (toast or field error), English with the
 * words for the staff member's language. Unknown is said as "waiting for GoPay", never as failed.
 */
export function coinPayoutOutcome(r: PayResult): MoneyOutcome {
  switch (r.kind) {
    case "paid": {
      const amount = formatIdr(r.payout.amount);
      return {
        status: "succeeded",
        title: `Paid ${amount} in GoPay Coins`,
        words: { title: { key: "coins:outcome.paid", params: { amount } } },
      };
    }
    case "failed": {
      // What happened and what to do, in words; GoPay's code only as the detail at the end.
      const said = coinRefusalSaid(r.code, r.message);
      return { status: "failed", title: said.title, description: said.description, words: said.words };
    }
    case "unknown":
      return {
        status: "unknown",
        title: "Sent: waiting for GoPay's answer",
        description:
          "The answer was lost. Try it again from the list: the same request is replayed, never paid twice.",
        words: { title: { key: "coins:outcome.unknown" }, description: { key: "coins:outcome.unknownText" } },
      };
    case "insufficient": {
      const needed = formatIdr(r.needed);
      return {
        status: "failed",
        title: "The coin wallet is short",
        description: `Top up at least ${needed}, then try it again from the list. Nothing was paid.`,
        words: {
          title: { key: "coins:outcome.insufficient" },
          description: { key: "coins:outcome.insufficientText", params: { needed } },
        },
      };
    }
    case "skipped":
      return {
        status: "unknown",
        title: `Nothing was sent again. This payout's status: ${r.status}`,
        words: { title: { key: "coins:outcome.skipped", params: { status: r.status } } },
      };
  }
}

/** A single payout request's answer: refused at its field, waiting for approval, or what GoPay did. */
export function singlePayoutOutcome(r: SinglePayoutResult): MoneyOutcome {
  switch (r.kind) {
    case "rejected":
      return { status: "refused", field: r.field, message: r.message, words: { message: r.words } };
    case "awaiting_approval": {
      const amount = formatIdr(r.payout.amount);
      return {
        status: "awaiting_approval",
        title: "Waiting for approval",
        description: `${amount} is at or above the approval threshold: another finance or admin user must approve it in Approvals.`,
        words: {
          title: { key: "coins:outcome.awaiting" },
          description: { key: "coins:outcome.awaitingText", params: { amount } },
        },
      };
    }
    case "replay":
      return {
        status: "unknown",
        title: `This payout was already sent. Status: ${r.payout.status}`,
        words: { title: { key: "coins:outcome.replay", params: { status: r.payout.status } } },
      };
    case "sent":
      return coinPayoutOutcome(r.result);
  }
}
