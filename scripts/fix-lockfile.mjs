#!/usr/bin/env node
// Adds lockfile entries for platform-specific optional packages that this registry mirror does not
// serve (other OSes/CPUs). npm 11 leaves them out of the lock, then `npm ci` refuses the lock.
// Run it after any `npm install` that changes the lock. Never touches node_modules.
import fs from "node:fs";
import { execSync } from "node:child_process";
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
let out = "";
try { execSync("npm ci --dry-run --no-audit --no-fund", { stdio: "pipe" }); } catch (e) { out = String(e.stdout) + String(e.stderr); }
const missing = [...new Set([...out.matchAll(/Missing: (@?[^@\s]+)@/g)].map((m) => m[1]))];
const plat = (name) => {
  const s = name.split("/").pop();
  const os = ["android", "darwin", "freebsd", "linux", "openbsd", "openharmony", "win32", "sunos", "aix", "netbsd", "wasm32"].find((o) => s.includes(`-${o}-`) || s.endsWith(`-${o}`));
  const cpu = ["arm64", "arm", "x64", "ia32", "loong64", "ppc64", "riscv64", "s390x", "wasi"].find((c) => s.includes(`-${c}`));
  if (os === "wasm32") return { cpu: ["wasm32"] };
  return { ...(os ? { os: [os] } : {}), ...(cpu ? { cpu: [cpu === "arm" ? "arm" : cpu] } : {}) };
};
let added = 0;
for (const name of missing) {
  // find the parent(s) declaring it as optional dependency
  for (const meta of Object.values(lock.packages)) {
    const spec = meta.optionalDependencies?.[name];
    if (!spec) continue;
    const target = `node_modules/${name}`;
    if (lock.packages[target]) continue;
    lock.packages[target] = { version: spec, ...(meta.dev ? { dev: true } : {}), optional: true, ...plat(name) };
    added++;
  }
}
if (added === 0) {
  console.log("package-lock.json: complete (npm ci accepts it)");
} else {
  fs.writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
  console.warn(`package-lock.json: added ${added} other-platform optional entries; commit the lock file`);
}
