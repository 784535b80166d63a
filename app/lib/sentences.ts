import { formatWib, parseWibText } from "./time";
import { say, type Words } from "./words";

/**
 * Services answer in English sentences (a job, a log, an audit row and the tests read them as they
 * are). This is where a route or page recognises one and says it in the staff member's language:
 * each entry is the English sentence as the service writes it, its values captured by name, and
 * the translation key. A sentence not listed here is shown as it is (English) — never dropped —
 * and app/lib/sentences.test.ts checks each pattern against the service's own output.
 * The refund dialog's own sentences (money parser, refundable) carry keys and need no pattern.
 */
const CATALOGUE: { re: RegExp; key: string }[] = [
  // app/services/refunds/request-refund.server.ts
  { re: /^This form is out of date\. Close the dialog and open it again\.$/, key: "refunds:errors.staleForm" },
  { re: /^The amount must be more than Rp 0\.$/, key: "common:money.moreThanZero" },
  { re: /^That is more than GoPay moves in one transaction \(at most (?<amount>Rp [\d.]+)\)\.$/, key: "common:money.tooMuch" },
  { re: /^Choose a reason\.$/, key: "refunds:errors.chooseReason" },
  { re: /^Say why, in a few words\.$/, key: "refunds:errors.sayWhy" },
  { re: /^Keep the note under (?<max>\d+) characters\.$/, key: "refunds:errors.noteTooLong" },
  { re: /^This order does not exist\.$/, key: "refunds:errors.noOrder" },
  { re: /^This form belongs to another order\. Close it and open it again\.$/, key: "refunds:errors.otherOrder" },
  { re: /^At most (?<amount>Rp [\d.]+) can be refunded now\.$/, key: "refunds:check.atMostNow" },
  { re: /^You asked to refund (?<amount>Rp [\d.]+) on this order (?<ago>.+); it is waiting for approval\. Refund again\?$/, key: "refunds:repeat.asked" },
  { re: /^You refunded (?<amount>Rp [\d.]+) on this order (?<ago>.+)\. Refund again\?$/, key: "refunds:repeat.refunded" },
  // app/services/orders/refundable.ts (also reached through the refund service's refusal)
  { re: /^An? (?<status>[a-z ]+) order cannot be refunded\.$/, key: "refunds:refundable.status" },
  { re: /^The order has no payment time\.$/, key: "refunds:refundable.noPaymentTime" },
  { re: /^A hold is not paid until it is captured: capture it first, or release it to give the money back\.$/, key: "refunds:refundable.authorised" },
  { re: /^The (?<days>\d+)-day refund window has closed\.$/, key: "refunds:refundable.windowClosed" },
  { re: /^Everything paid is already refunded or being refunded\.$/, key: "refunds:refundable.nothingLeft" },
  // app/services/orders/actions/cancel.server.ts
  { re: /^Waiting for GoPay$/, key: "refunds:outcome.waiting" },
  { re: /^The outcome of the cancel is not known yet; it is checked automatically\.$/, key: "refunds:outcome.cancelUnknownText" },
  { re: /^Order cancelled$/, key: "refunds:outcome.cancelled" },
  { re: /^Not cancelled$/, key: "refunds:outcome.notCancelled" },
  // app/services/approvals/honour.ts and approvals.server.ts
  { re: /^This request was already (?<status>\w+)\.$/, key: "approvals:honour.already" },
  { re: /^This request expired \(after 24 hours\)\. Ask for a new refund\.$/, key: "approvals:honour.expired" },
  { re: /^The refund of this request is missing\.$/, key: "approvals:honour.noRefund" },
  { re: /^Its refund is (?<status>[a-z ]+), no longer waiting for approval\.$/, key: "approvals:honour.refundMoved" },
  { re: /^The order of this request is missing\.$/, key: "approvals:honour.noOrder" },
  { re: /^(?<who>.+) was deactivated since asking: reject it, and refund again yourself if it is still owed\.$/, key: "approvals:honour.deactivated" },
  { re: /^Cannot approve: (?<amount>Rp [\d.]+) no longer fits; at most (?<max>Rp [\d.]+) can be refunded now\.$/, key: "approvals:honour.noLongerFits" },
  { re: /^Cannot approve: (?<reason>.+)$/, key: "approvals:honour.cannot" },
  { re: /^Say why you reject it\.$/, key: "approvals:errors.sayWhy" },
  // app/services/approvals/approvals.server.ts, app/services/coins/single-approval.server.ts, batch-approval.server.ts
  { re: /^This approval request does not exist\.$/, key: "approvals:honour.notFound" },
  { re: /^You cannot decide on your own request: another finance or admin user must\.$/, key: "approvals:honour.ownRequest" },
  { re: /^This request expired \(after 24 hours\)\. Ask for a new payout\.$/, key: "coins:refused.expired" },
  { re: /^The payout of this request is missing\.$/, key: "coins:refused.noPayout" },
  { re: /^This payout is already (?<payoutStatus>[a-z_]+)\.$/, key: "coins:refused.payoutMoved" },
  { re: /^Not approved\.$/, key: "coins:refused.notApproved" },
  { re: /^The batch of this request is missing\.$/, key: "coins:refused.noBatch" },
  { re: /^You cannot decide on your own batch: another finance or admin user must\.$/, key: "coins:refused.ownBatch" },
  { re: /^This request expired \(after 24 hours\)\. Submit the file again\.$/, key: "coins:refused.batchExpired" },
  { re: /^The batch is (?<batchStatus>[a-z_ ]+), no longer waiting for approval\.$/, key: "coins:refused.batchMoved" },
  { re: /^The submitter was deactivated since: reject it\.$/, key: "coins:refused.submitterGone" },
  // app/services/holds/actions.server.ts
  { re: /^Hold for order (?<orderId>\S+) (?<status>[a-z_]+): (?<amount>Rp [\d.]+)\.$/, key: "holds:outcome.done" },
  { re: /^GoPay refused the (?<action>capture|release): (?<message>.*)$/s, key: "holds:outcome.refused" },
  { re: /^GoPay did not confirm the (?<action>capture|release) \((?<message>.*)\)\. Loket will check its status with GoPay and record the outcome; do not try again\.$/s, key: "holds:outcome.notConfirmed" },
  { re: /^This (?<action>capture|release) was already done\.$/, key: "holds:outcome.alreadyDone" },
  { re: /^The outcome of this (?<action>capture|release) is not known yet; Loket is checking with GoPay\.$/, key: "holds:outcome.stillUnknown" },
  { re: /^This (?<action>capture|release) is already being sent to GoPay\.$/, key: "holds:outcome.beingSent" },
  { re: /^Outcome not known yet$/, key: "holds:outcome.notKnown" },
  { re: /^Give a reason for the release \(at least 3 characters\)\.$/, key: "holds:errors.reason" },
  { re: /^This hold no longer exists\.$/, key: "holds:errors.gone" },
  { re: /^This hold's order no longer exists\.$/, key: "holds:errors.orderGone" },
  { re: /^This hold was already (?<status>[a-z_]+); it cannot be (?<done>captured|released)\.$/, key: "holds:errors.already" },
  { re: /^This hold expired at (?<at>.+); GoPay no longer holds the money, so it cannot be (?<done>captured|released)\.$/, key: "holds:errors.expired" },
  { re: /^GoPay's transaction id for this order is not known yet; resync the order before capturing\.$/, key: "holds:errors.noReference" },
  { re: /^A capture of this hold already succeeded\.$/, key: "holds:errors.captureDone" },
  { re: /^A release of this hold already succeeded\.$/, key: "holds:errors.releaseDone" },
  { re: /^A capture of this hold is already in progress(?<by>(?: \(by .+\))?); wait for its outcome\.$/, key: "holds:errors.captureInFlight" },
  { re: /^A release of this hold is already in progress(?<by>(?: \(by .+\))?); wait for its outcome\.$/, key: "holds:errors.releaseInFlight" },
  { re: /^Pick a status from the list\.$/, key: "holds:errors.pickStatus" },
  { re: /^Dates are day-month-year, e.g. 21-11-2026 \(WIB days\)\.$/, key: "holds:errors.dates" },
  { re: /^Keep the reason under (?<max>\d+) characters\.$/, key: "approvals:errors.tooLong" },
  // app/services/refunds/send.server.ts (refundFailureSentence; GoPay's own words stay as sent)
  { re: /^GoPay says this is more than what is left to refund on this payment\.$/, key: "refunds:gopayRefusal.moreThanLeft" },
  { re: /^GoPay no longer allows a refund on this payment \(not paid, or its refund window has closed\)\.$/, key: "refunds:gopayRefusal.notAllowed" },
  { re: /^GoPay cannot find this payment\.$/, key: "refunds:gopayRefusal.notFound" },
  { re: /^GoPay cannot refund this transaction in its current state\.$/, key: "refunds:gopayRefusal.wrongState" },
  { re: /^GoPay refused the refund: (?<message>.*)$/s, key: "refunds:gopayRefusal.other" },
  // app/services/campaigns/send.server.ts (a recipient's answer in the log; GoPay's own words stay as sent)
  { re: /^GoPay refused the customer's token: (?<message>.*)$/s, key: "campaigns:delivery.log.tokenRefused" },
  { re: /^Outcome unknown after (?<attempts>\d+) attempts with the same Request-Id \((?<message>.*)\)$/s, key: "campaigns:delivery.log.unknownAfter" },
  // app/services/accounts/unbind-events.server.ts (its date error is the holds' sentence above)
  { re: /^Pick a source from the list\.$/, key: "accounts:errors.pickSource" },
];

/** The words of a known English sentence, or null. */
export function wordsOf(sentence: string): Words | null {
  for (const { re, key } of CATALOGUE) {
    const m = re.exec(sentence);
    if (m) return { key, params: { ...m.groups } };
  }
  return null;
}

/**
 * A service's English sentence in the language of `t`. Nested sentences ("Cannot approve: <why>")
 * are translated inside out; the status words a sentence names stay the service's codes.
 */
export function translateSentence(t: unknown, sentence: string): string;
export function translateSentence(t: unknown, sentence: string | null | undefined): string | undefined;
export function translateSentence(t: unknown, sentence: string | null | undefined): string | undefined {
  if (sentence === null || sentence === undefined) return undefined;
  const w = sentenceWords(t, sentence);
  return w ? say(t, w, sentence) : sentence;
}

/**
 * The words of a known English sentence with its values already said in the language of `t`
 * (statuses, nested reasons), for an outcome's `words`; null for a sentence not in the catalogue.
 */
export function sentenceWords(t: unknown, sentence: string): Words | null {
  const w = wordsOf(sentence);
  if (!w) return null;
  const params = { ...w.params };
  if (typeof params.reason === "string") params.reason = translateSentence(t, params.reason);
  if (typeof params.status === "string") {
    // A status named in a sentence is our code ("partially refunded"): its word in the page's language.
    const code = params.status.replace(/ /g, "_");
    params.status = say(t, { key: `common:status.${code}` }, params.status).toLowerCase();
  }
  if (typeof params.payoutStatus === "string") {
    // Its label as the coins list shows it ("Waiting for GoPay"), not lower-cased: it names GoPay.
    params.payoutStatus = say(t, { key: `coins:status.${params.payoutStatus}` }, params.payoutStatus);
  }
  if (typeof params.batchStatus === "string") {
    // batch-approval writes the status with its first "_" as a space ("pending approval").
    const code = params.batchStatus.replace(/ /g, "_");
    params.batchStatus = say(t, { key: `coins:refused.batchStatus.${code}` }, params.batchStatus).toLowerCase();
  }
  if (typeof params.at === "string") {
    // A time the service wrote in English ("3 Dec 2026, 11:40:02 WIB"): its month in the page's language.
    const at = parseWibText(params.at);
    if (at) params.at = formatWib(at, say(t, { key: "common:language" }, "en"));
  }
  if (typeof params.done === "string") params.done = say(t, { key: `common:status.${params.done}` }, params.done).toLowerCase();
  if (typeof params.action === "string") {
    params.action = say(t, { key: `holds:outcome.${params.action}` }, params.action);
  }
  if (typeof params.by === "string") {
    const who = /^ \(by (.+)\)$/.exec(params.by)?.[1];
    params.by = who ? say(t, { key: "holds:errors.by", params: { who } }, params.by) : "";
  }
  if (typeof params.ago === "string") {
    const m = /^(\d+) minutes? ago$/.exec(params.ago);
    if (params.ago === "less than a minute ago") params.ago = say(t, { key: "refunds:ago.lessThanMinute" }, params.ago);
    else if (m) params.ago = say(t, { key: "refunds:ago.minutes", params: { count: Number(m[1]) } }, params.ago);
  }
  if (w.key === "approvals:honour.deactivated" && params.who === "The requester") params.who = say(t, { key: "approvals:honour.theRequester" }, "The requester");
  return { key: w.key, params };
}

/** A service's English outcome said in the language of `t` (title, description, a refusal's message). */
export function translateOutcome<O extends { status: string; title?: string; description?: string; message?: string }>(t: unknown, o: O): O {
  const out = { ...o };
  if (out.title !== undefined) out.title = translateSentence(t, out.title);
  if (out.description !== undefined) out.description = translateSentence(t, out.description);
  if (out.message !== undefined) out.message = translateSentence(t, out.message);
  return out;
}
