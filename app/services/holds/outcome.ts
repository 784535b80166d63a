import type { MoneyOutcome } from "~/lib/outcome";
import type { HoldActionResult } from "./actions.server";

/** A capture's or release's result in the one money outcome vocabulary (app/lib/outcome.ts). */
export function holdOutcome(res: HoldActionResult): MoneyOutcome {
  switch (res.status) {
    case "succeeded":
      return { status: "succeeded", title: res.message };
    case "refused":
      return { status: "refused", field: "form", message: res.message };
    case "failed":
      return { status: "failed", title: res.message };
    case "unknown":
    case "pending":
      return { status: "unknown", title: "Outcome not known yet", description: res.message };
  }
}
