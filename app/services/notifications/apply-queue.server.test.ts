import { describe, expect, it } from "vitest";
import { ApplyQueue } from "./apply-queue.server";

/** A task the test finishes by hand, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const done = new Promise<void>((r) => (open = r));
  return {
    task: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    open,
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("the webhook apply queue", () => {
  it("applies before answering when nothing else applies or waits", async () => {
    const q = new ApplyQueue({ concurrency: 2, maxPending: 10 });
    expect(await q.offer(async () => "applied")).toEqual({ queued: false, value: "applied" });
    expect(await q.offer(async () => "again")).toEqual({ queued: false, value: "again" });
    expect(q.running).toBe(0);
  });

  it("while another applies, answers 'queued' at once, then applies in arrival order, never more than `concurrency` at a time", async () => {
    const log: string[] = [];
    const q = new ApplyQueue({ concurrency: 2, maxPending: 10 });
    const [a, b, c, d] = ["a", "b", "c", "d"].map((n) => gate(log, n));
    const inlineA = q.offer(a!.task);
    expect(await q.offer(b!.task)).toEqual({ queued: true });
    expect(await q.offer(c!.task)).toEqual({ queued: true });
    expect(await q.offer(d!.task)).toEqual({ queued: true });
    await tick();
    expect(q.running).toBe(2);
    expect(q.waiting).toBe(2);
    expect(log).toEqual(["start a", "start b"]);
    b!.open();
    await tick();
    await tick();
    // b's slot goes to the first that waited (c), not to a newcomer.
    expect(log).toEqual(["start a", "start b", "end b", "start c"]);
    expect(await q.offer(async () => "late")).toEqual({ queued: true });
    a!.open();
    expect(await inlineA).toEqual({ queued: false, value: "a" });
    c!.open();
    d!.open();
    await q.drain();
    expect(log.filter((l) => l.startsWith("start"))).toEqual(["start a", "start b", "start c", "start d"]);
    expect(q.running + q.waiting).toBe(0);
  });

  it("once `maxPending` wait, a request applies before its answer again (backpressure), beyond the concurrency", async () => {
    const log: string[] = [];
    const q = new ApplyQueue({ concurrency: 1, maxPending: 1 });
    const a = gate(log, "a");
    const b = gate(log, "b");
    void q.offer(a.task);
    expect(await q.offer(b.task)).toEqual({ queued: true });
    const full = q.offer(async () => "inline");
    expect(await full).toEqual({ queued: false, value: "inline" });
    a.open();
    b.open();
    await q.drain();
    expect(log).toContain("end b");
  });

  it("a queued task that throws is logged and does not stop the queue", async () => {
    const q = new ApplyQueue({ concurrency: 1, maxPending: 10 });
    const a = gate([], "a");
    void q.offer(a.task);
    await q.offer(async () => {
      throw new Error("boom");
    });
    let ran = false;
    await q.offer(async () => {
      ran = true;
    });
    a.open();
    await q.drain();
    expect(ran).toBe(true);
  });

  it("drain(timeout) gives up after the timeout and leaves the rest to the sweep", async () => {
    const q = new ApplyQueue({ concurrency: 1, maxPending: 10 });
    const a = gate([], "a");
    void q.offer(a.task);
    const t0 = Date.now();
    await q.drain(50);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(40);
    expect(q.running).toBe(1);
    a.open();
    await q.drain();
    expect(q.running).toBe(0);
  });
});
