import { z } from "zod";

/**
 * A capture's and a release's form, as /holds and a pre-auth order's page post them (one
 * discriminated-union member each), with the permission each intent needs.
 */
export const HOLD_INTENTS = [
  z.object({ intent: z.literal("capture"), holdId: z.string().uuid("holds:errors.noHold"), idempotencyKey: z.string().uuid("holds:errors.staleForm") }),
  z.object({
    intent: z.literal("release"),
    holdId: z.string().uuid("holds:errors.noHold"),
    idempotencyKey: z.string().uuid("holds:errors.staleForm"),
    reason: z.string().trim().min(3, "holds:errors.reason").max(500),
  }),
] as const;

export const HOLD_INTENT_PERMISSIONS = { capture: "holds:capture", release: "holds:release" } as const;
