import type { Words } from "~/lib/words";

/**
 * A rule a staff change broke, phrased for the person at the form. `field` names the input the
 * message belongs under (undefined → a form-level message). Routes turn it into a 400.
 */
export class StaffRuleError extends Error {
  readonly field: string | undefined;
  /** The message as a translation key, for the route to say in the staff member's language. */
  readonly words: Words | undefined;
  constructor(message: string, field?: string, words?: Words) {
    super(message);
    this.name = "StaffRuleError";
    this.field = field;
    this.words = words;
  }
}
