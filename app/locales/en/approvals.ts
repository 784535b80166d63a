/** /approvals: requests waiting for a second person (refunds above a role's limit, coin payouts at or above the threshold, coin batches). */
const approvals = {
  title: "Approvals",
  description:
    "Refunds above a role's limit, coin payouts at or above the approval threshold and coin batches wait here for a second finance or admin user. Requests expire after 24 hours.",
  waiting: "Waiting ({{count, number}})",
  decided: "Decided",
  table: {
    request: "Request",
    amount: "Amount",
    requestedBy: "Requested by",
    reason: "Reason",
    expires: "Expires",
    actions: "Actions",
    status: "Status",
    decidedBy: "Decided by",
    when: "When",
  },
  age: {
    justNow: "just now",
    minutes: "{{m}} min ago",
    hours: "{{h}} h {{m}} min ago",
  },
  noLongerHonourable: "Can no longer be honoured. {{problem}}",
  yourRequest: "Your request",
  approve: "Approve",
  approveText:
    "{{amount}} goes back to {{customer}} for order <b>{{orderId}}</b>, requested by {{requester}}. It is sent to GoPay now and cannot be undone.",
  theCustomer: "the customer",
  reject: "Reject",
  rejectText: "Nothing is refunded for order <b>{{orderId}}</b>. {{requester}} will see your reason.",
  reason: "Reason",
  /** A refund request's reason (refunds:reasons.*, in this language) and the note staff typed, as typed. */
  reasonWithNote: "{{reason}}: {{note}}",
  /** The approve and reject dialogs' titles and button, by the request's kind (approvals.kind). */
  dialog: {
    refund: { approveTitle: "Approve this refund?", approveConfirm: "Approve and refund", rejectTitle: "Reject this refund?" },
    coinPayout: { approveTitle: "Approve this coin payout?", approveConfirm: "Approve and pay", rejectTitle: "Reject this coin payout?" },
    coinBatch: { approveTitle: "Approve this coin batch?", approveConfirm: "Approve and pay", rejectTitle: "Reject this coin batch?" },
    /** A kind this page does not know (or whose refund, payout or batch is missing): neutral words. */
    other: {
      approveTitle: "Approve this request?",
      approveConfirm: "Approve",
      rejectTitle: "Reject this request?",
      approveText: "Requested by {{requester}}. Approving carries it out at once and cannot be undone.",
      rejectText: "Nothing of this request is carried out. {{requester}} will see your reason.",
    },
  },
  nothingWaiting: "Nothing waiting",
  nothingWaitingText:
    "Refunds above a role's limit, coin payouts at or above the approval threshold and coin batches appear here until someone approves or rejects them.",
  noDecisions: "No decisions yet",
  noDecisionsText: "Approved, rejected and expired requests are listed here.",
  outcome: {
    rejected: "Request rejected",
    gopayRefused: "Approved, but GoPay refused the refund",
    waiting: "Approved: waiting for GoPay",
    waitingText: "The outcome is checked automatically.",
    refunded: "Approved and refunded",
    refundedText: "{{amount}} sent back.",
  },
  errors: {
    stale: "This request does not exist; reload the page.",
    sayWhy: "Say why you reject it.",
    tooLong: "Keep the reason under {{max}} characters.",
  },
  /** Why a request can no longer be honoured (app/services/approvals/honour.ts). */
  honour: {
    notFound: "This approval request does not exist.",
    ownRequest: "You cannot decide on your own request: another finance or admin user must.",
    already: "This request was already {{status}}.",
    expired: "This request expired (after 24 hours). Ask for a new refund.",
    noRefund: "The refund of this request is missing.",
    refundMoved: "Its refund is {{status}}, no longer waiting for approval.",
    noOrder: "The order of this request is missing.",
    deactivated:
      "{{who}} was deactivated since asking: reject it, and refund again yourself if it is still owed.",
    theRequester: "The requester",
    cannot: "Cannot approve: {{reason}}",
    noLongerFits: "Cannot approve: {{amount}} no longer fits; at most {{max}} can be refunded now.",
  },
};
export default approvals;
