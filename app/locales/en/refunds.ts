/** Refunds on the order page: the Resync / Cancel / Refund dialogs, the waiting banners, the toasts. */
const refunds = {
  actions: {
    resync: "Resync",
    resyncTitle: "Resync with GoPay",
    resyncText:
      "Ask GoPay for the current status of order <b>{{orderId}}</b> and apply what changed. An order never moves backwards.",
    cancelOrder: "Cancel order",
    cancelTitle: "Cancel this unpaid order?",
    cancelText:
      "Order <b>{{orderId}}</b> will be cancelled at GoPay; the customer can no longer pay it. This cannot be undone.",
    cancelTextFor:
      "Order <b>{{orderId}}</b> for {{customer}} will be cancelled at GoPay; the customer can no longer pay it. This cannot be undone.",
    keepOrder: "Keep order",
    refund: "Refund",
    refundTitle: "Refund this order",
    refundText:
      "Send money back to <b>{{customer}}</b> for order <b>{{orderId}}</b>. Up to <b>{{amount}}</b> can be refunded now. A refund cannot be undone.",
    theCustomer: "the customer",
    refundAmount: "Refund {{amount}}",
    askApprovalFor: "Ask approval for {{amount}}",
    alreadyWaiting: "{{amount}} on this order is already waiting for approval. Do not ask for it twice.",
    amount: "Amount (Rp)",
    amountHint: "Full refund: {{amount}}. Type less for a partial refund.",
    amountHintLimit: "Full refund: {{amount}}. Type less for a partial refund. Your limit: {{limit}}.",
    repeat: "Yes, this is a second refund: send it again.",
    reason: "Reason",
    why: "Why (required)",
    note: "Note (optional)",
  },
  check: {
    atMostNow: "At most {{amount}} can be refunded now.",
    noLimit:
      "Your role does not refund on its own: this goes to a finance user for approval, nothing is sent to GoPay until then.",
    aboveLimit:
      "Above your limit of {{limit}}: this goes to a finance user for approval, nothing is sent to GoPay until then.",
  },
  reasons: {
    customer_request: "Customer request",
    duplicate_payment: "Duplicate payment",
    fraud: "Fraud",
    product_unavailable: "Product unavailable",
    other: "Other",
    /** Not a choice in the dialog: a refund made outside Loket (the order timeline names it). */
    external: "Made outside Loket",
  },
  watch: {
    title: "Waiting for GoPay",
    titleAttention: "Needs attention: GoPay has not answered",
    line: "Refund of <0/> sent <1/>: ",
    needsAttention_one:
      "no answer from GoPay for more than {{count, number}} hour. Loket keeps asking GoPay and books whatever it answers; the amount stays reserved meanwhile. Contact GoPay about partnerRefundNo <code>{{partnerRefundNo}}</code>, and do not refund it again.",
    needsAttention_other:
      "no answer from GoPay for more than {{count, number}} hours. Loket keeps asking GoPay and books whatever it answers; the amount stays reserved meanwhile. Contact GoPay about partnerRefundNo <code>{{partnerRefundNo}}</code>, and do not refund it again.",
    unknown: "GoPay did not answer. Loket is asking GoPay for the outcome; do not refund again.",
    pending: "sent, no answer yet.",
    footer: "This page updates by itself. The amount stays reserved until GoPay answers.",
    footerAttention:
      "This page does not refresh itself for a refund that needs attention: reload it later to see GoPay's answer.",
  },
  pending: {
    title_one: "A refund is waiting for approval",
    title_other: "{{count, number}} refunds are waiting for approval",
    aRefund: "A refund",
    someone: "someone",
    line: "<0/>, asked by {{who}} on <1/>",
    expires: "; expires <0/>.",
    footer:
      "Nothing is sent to GoPay until a finance user approves it. Do not refund the same amount again meanwhile.",
    footerLink:
      "Nothing is sent to GoPay until a finance user approves it on <0>Approvals</0>. Do not refund the same amount again meanwhile.",
  },
  refundable: {
    status: "An order with status “{{status}}” cannot be refunded.",
    authorised: "A hold is not paid until it is captured: capture it first, or release it to give the money back.",
    noPaymentTime: "The order has no payment time.",
    windowClosed: "The {{days}}-day refund window has closed.",
    nothingLeft: "Everything paid is already refunded or being refunded.",
  },
  outcome: {
    sentForApproval: "Sent for approval",
    sentForApprovalText: "{{amount}} is above your limit: a finance user must approve it on /approvals.",
    sent: "Refund sent",
    sentText: "{{amount}} refunded.",
    refused: "GoPay refused the refund",
    alreadyForApproval: "Already sent for approval",
    waiting: "Waiting for GoPay",
    waitingText: "The outcome is not known yet; it is checked automatically.",
    resyncChanged: "Resynced: status updated",
    resyncSame: "Resynced: no difference",
    resyncSameText: "GoPay says: $t(common:status.{{status}}); nothing to change.",
    resyncChangedText: "$t(common:status.{{from}}) → $t(common:status.{{to}})",
    unreachable: "Could not reach GoPay",
    cancelled: "Order cancelled",
    notCancelled: "Not cancelled",
    cancelUnknownText: "The outcome of the cancel is not known yet; it is checked automatically.",
  },
  /** Refusals of a refund request (app/services/refunds/request-refund.server.ts). */
  errors: {
    staleForm: "This form is out of date. Close the dialog and open it again.",
    chooseReason: "Choose a reason.",
    sayWhy: "Say why, in a few words.",
    noteTooLong: "Keep the note under {{max}} characters.",
    noOrder: "This order does not exist.",
    otherOrder: "This form belongs to another order. Close it and open it again.",
  },
  repeat: {
    asked: "You asked to refund {{amount}} on this order {{ago}}; it is waiting for approval. Refund again?",
    refunded: "You refunded {{amount}} on this order {{ago}}. Refund again?",
  },
  ago: {
    lessThanMinute: "less than a minute ago",
    minutes_one: "{{count, number}} minute ago",
    minutes_other: "{{count, number}} minutes ago",
  },
  /** GoPay's refusals of a refund (refundFailureSentence in app/services/refunds/send.server.ts). */
  gopayRefusal: {
    moreThanLeft: "GoPay says this is more than what is left to refund on this payment.",
    notAllowed:
      "GoPay no longer allows a refund on this payment (not paid, or its refund window has closed).",
    notFound: "GoPay cannot find this payment.",
    wrongState: "GoPay cannot refund this transaction in its current state.",
    other: "GoPay refused the refund: {{message}}",
  },
};
export default refunds;
