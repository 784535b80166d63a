/** /approvals: refund requests above a role's limit, waiting for a second person. */
const approvals = {
  title: "Approvals",
  description:
    "Refunds above a role's limit wait here for a second finance or admin user. Requests expire after 24 hours.",
  waiting: "Waiting ({{count, number}})",
  decided: "Decided",
  table: {
    order: "Order",
    amount: "Amount",
    requestedBy: "Requested by",
    reason: "Reason",
    age: "Age",
    expires: "Expires",
    actions: "Actions",
    status: "Status",
    decidedBy: "Decided by",
    when: "When",
  },
  age: {
    justNow: "just now",
    minutes: "{{m}} min",
    hours: "{{h}} h {{m}} min",
  },
  noLongerHonourable: "Can no longer be honoured. {{problem}}",
  yourRequest: "Your request",
  approve: "Approve",
  approveTitle: "Approve this refund?",
  approveText:
    "{{amount}} goes back to {{customer}} for order <b>{{orderId}}</b>, requested by {{requester}}. It is sent to GoPay now and cannot be undone.",
  theCustomer: "the customer",
  approveConfirm: "Approve and refund",
  reject: "Reject",
  rejectTitle: "Reject this refund?",
  rejectText: "Nothing is refunded for order <b>{{orderId}}</b>. {{requester}} will see your reason.",
  reason: "Reason",
  nothingWaiting: "Nothing waiting",
  nothingWaitingText: "Refunds above a role's limit appear here until someone approves or rejects them.",
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
