/**
 * Every kind of operation row (one GoPay call that changes something). A new kind must be added
 * here, and then to the resolver table in resolvers.server.ts (it does not compile otherwise):
 * an unknown outcome of any kind is settled by a status query, or the table says why it cannot be.
 */
export const OPERATION_KINDS = [
  "payment.create",
  "charge",
  "refund",
  "cancel",
  "hold.capture",
  "hold.release",
  "pay_account.create",
  "pay_account.unbind",
] as const;

export type OperationKind = (typeof OPERATION_KINDS)[number];

export function isOperationKind(kind: string): kind is OperationKind {
  return (OPERATION_KINDS as readonly string[]).includes(kind);
}
