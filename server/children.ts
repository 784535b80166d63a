import type { ChildProcess } from "node:child_process";

/** Asks each child to stop (SIGTERM), waits for it, and kills it after `graceMs` if it has not exited. */
export function stopChildren(children: readonly ChildProcess[], graceMs: number): Promise<void> {
  return Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const t = setTimeout(() => c.kill("SIGKILL"), graceMs);
          c.once("exit", () => {
            clearTimeout(t);
            resolve();
          });
          c.kill("SIGTERM");
        }),
    ),
  ).then(() => undefined);
}
