import { type Clock, wibIso } from "./clock";
import { NOTIFY_RETRY_MINUTES, NOTIFY_TIMEOUT_MS, OUT_OF_ORDER_MAX_HOLD_MS, SNAP_NOTIFY_PATH } from "./contract";
import { type Faults } from "./faults";
import { signNotification } from "./signing";

export type Channel = "snap" | "core" | "payAccount";

export type OutboxEntry = {
  id: number;
  channel: Channel;
  url?: string;
  body: string;
  externalId: string;
  state: "pending" | "delivered" | "failed" | "held" | "no-url" | "dropped";
  nextAt: number;
  heldUntil?: number;
  attempts: { at: string; status: number | string }[];
  duplicateOf?: number;
};

export type NotifierConfig = {
  notifyUrl?: string;
  coreNotifyUrl?: string;
  partnerId: string;
  notifyPrivateKeyPem: string;
  timeScale: number;
};

/**
 * The outbox of notifications to the merchant. Each attempt is signed afresh (a retry hours later
 * carries a current X-TIMESTAMP, the same X-EXTERNAL-ID and body). Any answer but HTTP 200 is
 * retried on the documented schedule divided by the time scale, timed on the sandbox clock.
 */
export class Notifier {
  /** Every notification ever queued, for the control API and tests (GET /_sandbox/notifications). */
  outbox: OutboxEntry[] = [];
  /**
   * The entries still pending or held, in creation order: what a delivery pass looks at. The outbox
   * keeps every entry for the record, so walking it on each pass (one per notification queued)
   * made creating N payments cost N² steps (~8% of the sandbox's CPU at 20,000 payments).
   */
  private open: OutboxEntry[] = [];
  private seq = 1;
  private inFlight = new Set<number>();

  constructor(
    private config: NotifierConfig,
    private clock: Clock,
    private faults: Faults,
  ) {}

  /** Queues one notification per target: `urls` (a Core transaction's own list) or the channel's URL. */
  enqueue(channel: Channel, body: unknown, urls?: (string | undefined)[]): OutboxEntry {
    const raw = JSON.stringify(body);
    const targets = urls ?? [channel === "snap" ? this.config.notifyUrl : this.config.coreNotifyUrl];
    return targets.map((url) => this.enqueueTo(channel, url, raw))[0];
  }

  private enqueueTo(channel: Channel, url: string | undefined, raw: string): OutboxEntry {
    const op = `notify.${channel}`;
    const entry = this.make(channel, url, raw);
    const heldBefore = this.open.filter((e) => e.channel === channel && e.state === "held");
    // Lost for good (drop-notify): kept in the outbox for the record, never delivered or retried.
    if (url && this.faults.fire(op, "drop-notify")) {
      entry.state = "dropped";
      this.outbox.push(entry);
      return entry;
    }
    if (url && this.faults.fire(op, "out-of-order-notify")) {
      entry.state = "held";
      entry.heldUntil = this.clock.now() + OUT_OF_ORDER_MAX_HOLD_MS;
    }
    this.add(entry);
    if (url && this.faults.fire(op, "duplicate-notify")) {
      const dup = this.make(channel, url, raw, entry.externalId);
      dup.duplicateOf = entry.id;
      this.add(dup);
    }
    // Deliver after the current API response has gone out, then release what was held back.
    setTimeout(() => {
      void this.deliverDue().then(() => {
        for (const h of heldBefore) {
          if (h.state === "held") {
            h.state = "pending";
            h.nextAt = this.clock.now();
          }
        }
        return this.deliverDue();
      });
    }, 20);
    return entry;
  }

  private add(entry: OutboxEntry): void {
    this.outbox.push(entry);
    if (entry.state === "pending" || entry.state === "held") this.open.push(entry);
  }

  private make(channel: Channel, url: string | undefined, raw: string, externalId?: string): OutboxEntry {
    const id = this.seq++;
    return {
      id,
      channel,
      url,
      body: raw,
      externalId: externalId ?? `${this.clock.now()}${String(id).padStart(6, "0")}`,
      state: url ? "pending" : "no-url",
      nextAt: this.clock.now(),
      attempts: [],
    };
  }

  /** Sends everything due now, in creation order. Called by the sweeper and after enqueue. */
  async deliverDue(): Promise<void> {
    const now = this.clock.now();
    // Delivered and failed entries never become pending again: drop them from the open list.
    this.open = this.open.filter((e) => e.state === "pending" || e.state === "held");
    for (const e of this.open) {
      if (e.state === "held" && e.heldUntil !== undefined && now >= e.heldUntil) {
        e.state = "pending";
        e.nextAt = now;
      }
    }
    const isDue = (e: OutboxEntry) => e.state === "pending" && e.nextAt <= now && !this.inFlight.has(e.id);
    // Re-checked before each send: a concurrent pass (sweeper vs. enqueue) may have sent it meanwhile.
    for (const e of this.open.filter(isDue)) if (isDue(e)) await this.attempt(e);
  }

  private async attempt(e: OutboxEntry): Promise<void> {
    if (!e.url) return;
    this.inFlight.add(e.id);
    const timestamp = wibIso(this.clock.now());
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (e.channel === "snap") {
      headers["X-TIMESTAMP"] = timestamp;
      headers["X-SIGNATURE"] = signNotification(this.config.notifyPrivateKeyPem, SNAP_NOTIFY_PATH, e.body, timestamp);
      headers["X-PARTNER-ID"] = this.config.partnerId;
      headers["X-EXTERNAL-ID"] = e.externalId;
    } else {
      headers["User-Agent"] = "Veritrans";
    }
    let status: number | string;
    try {
      const res = await fetch(e.url, { method: "POST", headers, body: e.body, signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS) });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      status = `network error: ${(err as Error).message}`;
    }
    this.inFlight.delete(e.id);
    e.attempts.push({ at: new Date(this.clock.now()).toISOString(), status });
    if (status === 200) {
      e.state = "delivered";
      return;
    }
    const retryIndex = e.attempts.length - 1; // 0 after the first attempt
    if (retryIndex >= NOTIFY_RETRY_MINUTES.length) {
      e.state = "failed";
      return;
    }
    const delayMs = (NOTIFY_RETRY_MINUTES[retryIndex] * 60_000) / this.config.timeScale;
    e.nextAt = this.clock.now() + Math.round(delayMs);
  }

  clear(): void {
    this.outbox = [];
    this.open = [];
  }
}
