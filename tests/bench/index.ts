/**
 * `npm run bench -- [--only=orders] [--scale=1m|10m] [--iterations=200] [--reuse] [--no-export]`
 * Runs every tests/bench/*.bench.ts (each default-exports `run(flags)`), in name order.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export type BenchFlags = Record<string, string | true>;

function parseFlags(argv: string[]): BenchFlags {
  const flags: BenchFlags = {};
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (m) flags[m[1]!] = m[2] ?? true;
  }
  return flags;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const flags = parseFlags(process.argv.slice(2));
const only = typeof flags.only === "string" ? flags.only.split(",") : undefined;
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => !only || only.includes(f.replace(/\.bench\.ts$/, "")))
  .sort();
if (files.length === 0) {
  console.error(`No benchmarks match ${only ? only.join(",") : "tests/bench/*.bench.ts"}.`);
  process.exit(1);
}
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const mod = (await import(pathToFileURL(path.join(here, f)).href)) as { default: (flags: BenchFlags) => Promise<void> };
  await mod.default(flags);
}
