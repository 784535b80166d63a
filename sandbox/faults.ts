/**
 * Fault injection rules, per operation (or "*"), firing for the next N matching calls (count) or
 * with a probability. The server asks for each mode at the point where it applies.
 */
export const FAULT_MODES = [
  "latency",
  "http500",
  "http503",
  "http504",
  "drop-before",
  "drop-after",
  "duplicate-notify",
  "out-of-order-notify",
  // A notification that is never sent (lost on GoPay's side): on notify.snap / notify.core.
  "drop-notify",
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export type FaultRule = {
  id: string;
  op: string;
  mode: FaultMode;
  /** remaining firings; undefined = unlimited (with probability) */
  count?: number;
  probability?: number;
  latencyMs?: number;
  /** Only requests whose body (or notification) contains this text: one test's call among others'. */
  match?: string;
  fired: number;
};

export type FaultInput = {
  op?: unknown;
  mode?: unknown;
  count?: unknown;
  probability?: unknown;
  latencyMs?: unknown;
  match?: unknown;
};

export class Faults {
  rules: FaultRule[] = [];
  private next = 1;
  constructor(private random: () => number = Math.random) {}

  /** Validates and adds a rule; returns it or a sentence saying what is wrong. */
  add(input: FaultInput): FaultRule | string {
    const op = typeof input.op === "string" && input.op.trim() !== "" ? input.op.trim() : undefined;
    if (!op) return "op is required (an operation name such as snap.refund, or *)";
    const mode = FAULT_MODES.find((m) => m === input.mode);
    if (!mode) return `mode must be one of ${FAULT_MODES.join(", ")}`;
    const count = input.count === undefined || input.count === "" ? undefined : Number(input.count);
    const probability = input.probability === undefined || input.probability === "" ? undefined : Number(input.probability);
    if (count !== undefined && (!Number.isInteger(count) || count < 1)) return "count must be a whole number ≥ 1";
    if (probability !== undefined && (!(probability >= 0) || probability > 1)) return "probability must be between 0 and 1";
    const latencyMs = input.latencyMs === undefined || input.latencyMs === "" ? undefined : Number(input.latencyMs);
    if (mode === "latency" && (latencyMs === undefined || !Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 120_000))
      return "latencyMs (0..120000) is required for latency";
    if (input.match !== undefined && (typeof input.match !== "string" || input.match === ""))
      return "match must be a non-empty text (a part of the request's body)";
    const match = typeof input.match === "string" ? input.match : undefined;
    const rule: FaultRule = {
      id: `f${this.next++}`,
      op,
      mode,
      count: count ?? (probability === undefined ? 1 : undefined),
      probability,
      latencyMs,
      match,
      fired: 0,
    };
    this.rules.push(rule);
    return rule;
  }

  /**
   * The first rule for (op, mode) that fires now; consumes one of its count. `subject` is what a
   * rule's `match` looks in (the request's body): a rule with a match never fires without one.
   */
  fire(op: string, mode: FaultMode, subject?: string): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.mode !== mode || (rule.op !== op && rule.op !== "*")) continue;
      if (rule.match !== undefined && !subject?.includes(rule.match)) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      rule.fired++;
      if (rule.count !== undefined) {
        rule.count--;
        if (rule.count <= 0) this.rules = this.rules.filter((r) => r !== rule);
      }
      return rule;
    }
    return undefined;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }
}
