// The load context server/index.ts passes to every loader and action.
declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    /** Exact request bytes, for webhook signature checks. */
    rawBody?: Buffer;
    clientIp: string;
  }
}
export {};
