import { describe, expect, it } from "vitest";
import { mayPoll } from "./quiet-revalidate";

describe("mayPoll (background re-reads)", () => {
  const idle = { revalidation: "idle", navigation: "idle", fetchers: [{ state: "idle" }] };

  it("polls when nothing is in flight", () => {
    expect(mayPoll(idle)).toBe(true);
    expect(mayPoll({ ...idle, fetchers: [] })).toBe(true);
  });

  it("skips while a fetcher submits or follows its action's redirect (the toast rides on that redirect)", () => {
    expect(mayPoll({ ...idle, fetchers: [{ state: "idle" }, { state: "submitting" }] })).toBe(false);
    expect(mayPoll({ ...idle, fetchers: [{ state: "loading" }] })).toBe(false);
  });

  it("skips while a navigation or another re-read is under way", () => {
    expect(mayPoll({ ...idle, navigation: "submitting" })).toBe(false);
    expect(mayPoll({ ...idle, navigation: "loading" })).toBe(false);
    expect(mayPoll({ ...idle, revalidation: "loading" })).toBe(false);
  });
});
