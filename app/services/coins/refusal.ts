import type { Words } from "~/lib/words";

/**
 * A coin payout turned down for good (pay.server.ts `failed`), said as what happened and what
 * finance can do about it — never as GoPay's "code: message". Known by the code the row stores:
 * GoPay's responseCode, else the HTTP status it answered, or Loket's own `no_token` (the payout
 * was not even sent). GoPay's code stays as a secondary detail at the end; GoPay's own words
 * (English, technical) are quoted only for a code Loket has no sentence for.
 */
export type CoinRefusal =
  "fraud" | "noReward" | "noToken" | "invalid" | "auth" | "notPermitted" | "notFound" | "rateLimit" | "other";

const BY_CODE: Record<string, CoinRefusal> = {
  // contract §3: cashback 4060 suspected fraud (non-retriable), 40006 no reward configuration.
  "4060": "fraud",
  "40006": "noReward",
  no_token: "noToken",
  // The sandbox's (and GoPay's) field validation code, and the bare HTTP statuses (no responseCode).
  "310": "invalid",
  "400": "invalid",
  "401": "auth",
  "403": "notPermitted",
  "404": "notFound",
  "429": "rateLimit",
};

/** The English each sentence is in app/locales/en/coins.ts (`coins:outcome.refusal.*`); checked equal by refusal.test.ts. */
const ENGLISH: Record<CoinRefusal, string> = {
  fraud:
    "GoPay's fraud checks turned down coins for this customer, so nothing was paid. Sending it again will be refused too: make it up to them another way, or ask GoPay about their account. (GoPay code {{code}})",
  noReward:
    "GoPay has no coin reward set up for this merchant, so nothing was paid. Ask your GoPay contact to set up GoPay Coins rewards, then pay again. (GoPay code {{code}})",
  noToken:
    "Loket has no usable mini-app token for this customer, so nothing was paid. Ask them to open the mini-app again, then pay again.",
  invalid:
    "GoPay found the payout invalid, so nothing was paid. Check the amount and the description, then pay again. (GoPay code {{code}})",
  auth: "GoPay did not accept Loket's credentials, so nothing was paid. Ask an admin to check Loket's GoPay mini-app credentials before paying again. (GoPay code {{code}})",
  notPermitted:
    "GoPay does not allow this payout, so nothing was paid. Ask your GoPay contact whether coin payouts are enabled for this merchant. (GoPay code {{code}})",
  notFound:
    "GoPay could not find this customer's GoPay account, so nothing was paid. Ask them to open the mini-app again, then pay again. (GoPay code {{code}})",
  rateLimit:
    "GoPay is receiving too many requests, so nothing was paid. Wait a minute, then pay again. (GoPay code {{code}})",
  other:
    "GoPay turned down the payout, so nothing was paid. GoPay's reason: “{{message}}”. If that can be put right, pay again. (GoPay code {{code}})",
};

export function coinRefusal(code: string): CoinRefusal {
  return BY_CODE[code] ?? "other";
}

/** The refusal's title and sentence, in English (jobs, tests) and as words for the staff member's language. */
export function coinRefusalSaid(
  code: string,
  message: string,
): { title: string; description: string; words: { title: Words; description: Words } } {
  const kind = coinRefusal(code);
  const params = { code, message };
  // Loket's own refusal (no token) is not GoPay's: the title does not say GoPay refused it.
  const title =
    kind === "noToken"
      ? { key: "coins:outcome.notPaid", en: "Coins not paid" }
      : { key: "coins:outcome.failed", en: "GoPay refused the payout" };
  return {
    title: title.en,
    description: ENGLISH[kind].replace(
      /\{\{(\w+)\}\}/g,
      (_, name: keyof typeof params) => params[name] ?? "",
    ),
    words: { title: { key: title.key }, description: { key: `coins:outcome.refusal.${kind}`, params } },
  };
}

export const COIN_REFUSALS = Object.keys(ENGLISH) as CoinRefusal[];
