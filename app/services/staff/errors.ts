/**
 * A rule a staff change broke, phrased for the person at the form. `field` names the input the
 * message belongs under (undefined → a form-level message). Routes turn it into a 400.
 */
export class StaffRuleError extends Error {
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.name = "StaffRuleError";
    this.field = field;
  }
}
