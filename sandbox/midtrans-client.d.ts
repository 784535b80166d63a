/**
 * Types for the parts of the official `midtrans-client` (1.4.3, a devDependency) that the sandbox's
 * SDK tests use. Test-only: nothing under app/, server/, db/ or the sandbox runtime may import the SDK (sdk.test.ts checks).
 */
declare module "midtrans-client" {
  type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  class ApiConfig {
    getCoreApiBaseUrl(): string;
    getSnapApiBaseUrl(): string;
  }

  class Transaction {
    status(transactionId: string): Promise<Json>;
    statusb2b(transactionId: string): Promise<Json>;
    approve(transactionId: string): Promise<Json>;
    deny(transactionId: string): Promise<Json>;
    cancel(transactionId: string): Promise<Json>;
    expire(transactionId: string): Promise<Json>;
    refund(transactionId: string, parameter?: Json): Promise<Json>;
    refundDirect(transactionId: string, parameter?: Json): Promise<Json>;
    notification(notification: Json | string): Promise<Json>;
  }

  class CoreApi {
    constructor(options: { isProduction?: boolean; serverKey: string; clientKey?: string });
    apiConfig: ApiConfig;
    transaction: Transaction;
    charge(parameter: Json): Promise<Json>;
    capture(parameter: Json): Promise<Json>;
    linkPaymentAccount(parameter: Json): Promise<Json>;
    getPaymentAccount(accountId: string): Promise<Json>;
    unlinkPaymentAccount(accountId: string): Promise<Json>;
  }

  class MidtransError extends Error {
    httpStatusCode: number | string | null;
    ApiResponse: Json | null;
  }

  class SnapBiConfig {
    static isProduction: boolean;
    static snapBiClientId: string | null;
    static snapBiPrivateKey: string | null;
    static snapBiClientSecret: string | null;
    static snapBiPartnerId: string | null;
    static snapBiChannelId: string | null;
    static snapBiPublicKey: string | null;
    static enableLogging: boolean;
    static SNAP_BI_SANDBOX_BASE_URL: string;
  }

  class SnapBi {
    static directDebit(): SnapBi;
    static notification(): SnapBi;
    withBody(body: Json): this;
    withAccessToken(token: string): this;
    withTransactionHeader(headers: Record<string, string>): this;
    withAccessTokenHeader(headers: Record<string, string>): this;
    withTimeStamp(ts: string): this;
    withSignature(signature: string): this;
    withNotificationPayload(payload: Json): this;
    withNotificationUrlPath(path: string): this;
    withPrivateKey(pem: string): this;
    withClientId(id: string): this;
    withClientSecret(secret: string): this;
    withPartnerId(id: string): this;
    withChannelId(id: string): this;
    withDeviceId(id: string): this;
    withDebugId(id: string): this;
    withTimeout(ms: number): this;
    getAccessToken(): Promise<Json>;
    createPayment(externalId: string): Promise<Json>;
    getStatus(externalId: string): Promise<Json>;
    cancel(externalId: string): Promise<Json>;
    refund(externalId: string): Promise<Json>;
    isWebhookNotificationVerified(): boolean;
  }

  const midtrans: {
    CoreApi: typeof CoreApi;
    MidtransError: typeof MidtransError;
    SnapBiConfig: typeof SnapBiConfig;
    SnapBi: typeof SnapBi;
  };
  export default midtrans;
  export { CoreApi, MidtransError, SnapBi, SnapBiConfig };
}
