import { afterEach, describe, expect, it, vi } from "vitest";
import { demoDataBootTask } from "~/services/demo-data/boot.server";

/**
 * Whether the boot task starts the background demo seed. It schedules the seed on a timer and says
 * so in its one line; the timer is not run here (fake timers, cleared after), so nothing is seeded.
 */
describe("the demo data boot task", () => {
  const saved = process.env.LOKET_DEMO_SEED;
  afterEach(() => {
    vi.clearAllTimers();
    vi.useRealTimers();
    if (saved === undefined) delete process.env.LOKET_DEMO_SEED;
    else process.env.LOKET_DEMO_SEED = saved;
  });
  const run = async (embedded: boolean, flag: string | undefined) => {
    vi.useFakeTimers();
    vi.clearAllTimers();
    if (flag === undefined) delete process.env.LOKET_DEMO_SEED;
    else process.env.LOKET_DEMO_SEED = flag;
    const lines = await demoDataBootTask({ embedded });
    return { seeds: vi.getTimerCount() > 0, lines: lines ?? [] };
  };

  it("seeds the embedded database by default, a DATABASE_URL one only when asked with 1", async () => {
    expect(await run(true, undefined)).toEqual({ seeds: true, lines: ["Demo data: seeding in the background (printed when done)."] });
    expect(await run(false, undefined)).toEqual({ seeds: false, lines: [] });
    expect(await run(false, "1")).toMatchObject({ seeds: true });
  });

  it("LOKET_DEMO_SEED=0 leaves the embedded database unseeded too", async () => {
    expect(await run(true, "0")).toEqual({ seeds: false, lines: [] });
    expect(await run(false, "0")).toEqual({ seeds: false, lines: [] });
  });
});
