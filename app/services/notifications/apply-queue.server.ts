import { logger } from "~/lib/logger.server";

/**
 * A webhook's apply step, bounded per process. GoPay needs its answer once the notification is
 * stored (the row is durable, the apply is idempotent, and an apply that fails is retried by the
 * job and the sweep, never by GoPay): so under a burst a stored notification is answered at once
 * and applied here, in arrival order, `concurrency` at a time, instead of every request holding
 * its connection and its place in line until its transaction commits.
 *
 * When nothing else is applying or waiting (one notification at a time: every normal minute, every
 * test that sends one and reads the effect), the apply runs before the answer, as it always did.
 * Past `maxPending` waiting, a request applies before it is answered again (backpressure: GoPay's
 * retries slow down rather than this process holding an unbounded list).
 *
 * What a crash loses is nothing: a waiting notification is a stored, unapplied row, which the
 * every-minute sweep applies (sweep.server.ts). Shutdown drains the list first (boot.server.ts).
 */
export interface ApplyQueueOptions {
  /** Applies running at once (each holds one database connection for its transaction). */
  concurrency: number;
  /** Stored notifications waiting to apply before requests wait for their own apply again. */
  maxPending: number;
}

export type Offered<T> = { queued: false; value: T } | { queued: true };

export class ApplyQueue {
  private active = 0;
  private readonly pending: Array<() => Promise<unknown>> = [];
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly opts: ApplyQueueOptions) {}

  get waiting(): number {
    return this.pending.length;
  }

  get running(): number {
    return this.active;
  }

  /**
   * Runs `task` now and hands back its value when nothing else runs or waits; otherwise keeps it
   * for later (run as soon as a slot is free, in arrival order) and answers `queued`. A task must not throw (processNotification
   * records its own failures); one that does is logged.
   */
  async offer<T>(task: () => Promise<T>): Promise<Offered<T>> {
    // Inline only when nothing else applies: under load an inline apply's round trips wait behind
    // every other request's work, and its answer was the slowest of a burst (docs/benchmarks.md).
    if ((this.active === 0 && this.pending.length === 0) || this.pending.length >= this.opts.maxPending) {
      this.active++;
      try {
        return { queued: false, value: await task() };
      } finally {
        this.active--;
        this.pump();
      }
    }
    this.pending.push(task);
    this.pump();
    return { queued: true };
  }

  /**
   * Resolves once nothing runs or waits (shutdown; the benchmark's "all applied"), or after
   * `timeoutMs` if given (what is left is stored: the sweep applies it).
   */
  drain(timeoutMs?: number): Promise<void> {
    if (this.active === 0 && this.pending.length === 0) return Promise.resolve();
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    if (timeoutMs === undefined) return idle;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    });
    return Promise.race([idle, late]).finally(() => clearTimeout(timer));
  }

  private pump(): void {
    while (this.active < this.opts.concurrency && this.pending.length > 0) {
      const task = this.pending.shift()!;
      this.active++;
      void task()
        .catch((err: unknown) => logger().error({ err }, "queued notification apply threw; the sweep applies it"))
        .finally(() => {
          this.active--;
          this.pump();
        });
    }
    if (this.active === 0 && this.pending.length === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}

/** Four transactions at once leave the rest of the pool (DATABASE_POOL_MAX, default 10) to storing and to pages. */
export const WEBHOOK_APPLY_CONCURRENCY = 4;
/** ~2 KB held per waiting notification: 5,000 is ~10 MB. */
export const WEBHOOK_APPLY_MAX_PENDING = 5_000;

let shared: ApplyQueue | undefined;

/** This process's queue for the webhook routes. */
export function webhookApplyQueue(): ApplyQueue {
  shared ??= new ApplyQueue({ concurrency: WEBHOOK_APPLY_CONCURRENCY, maxPending: WEBHOOK_APPLY_MAX_PENDING });
  return shared;
}
