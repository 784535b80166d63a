/** Error pages (401, 403, 404, 400, 413, 500) and their titles. */
const errors = {
  code: "Error {{status}}",
  signIn: {
    title: "Please sign in again",
    text: "Your session has ended. Sign in to continue; nothing was changed.",
    action: "Sign in",
  },
  forbidden: {
    title: "You don't have access",
    text: "Your role does not allow this page or action. Ask an admin if you need it.",
    needs: "Your role cannot do this (needs {{permission}}).",
  },
  notFound: {
    title: "Not found",
    text: "We couldn't find that page or record. Check the address or search again.",
    /** A loader's 404 sentence (shown under the title; app/components/error-boundary.tsx DETAILS). */
    order: "No order with id “{{orderId}}”.",
    orderGone: "Order not found.",
    batch: "No such batch.",
  },
  unexpected: {
    title: "Something went wrong",
    text: "An unexpected error stopped this page. Try again; if it keeps happening, tell the engineering team the time it happened.",
  },
  backToOverview: "Back to overview",
  titles: {
    refused: "Refused",
    tooLarge: "Too large",
    badRequest: "Bad request",
    notFound: "Not found",
  },
  /** Sentences the server refuses a request with (server/app.ts, app/auth/guard.server.ts, parseAction). */
  refusal: {
    roleCannot: "Your role cannot do this.",
    signInAgain: "Sign in again to continue.",
    crossOrigin: "Cross-site request refused: this form must be sent from Loket itself.",
    tooLarge: "The request body is larger than {{kb}} KB.",
    nulPath: "The path contains a NUL character (%00), which Loket does not accept.",
    nulQuery: "The query contains a NUL character (%00), which Loket does not accept.",
    unknownIntent: 'Unknown intent "{{intent}}".',
  },
};
export default errors;
