// The load context server/index.ts passes to every loader and action.
declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    /** Exact request bytes, for webhook signature checks. */
    rawBody?: Buffer;
    clientIp: string;
    /** Set only by server/app.ts when it refused the request (403 cross-site, 413, 400): $.tsx renders it. */
    refusal?: { status: number; message: string };
  }
}
export {};
