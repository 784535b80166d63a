/**
 * The demo launcher behind `npm start` (after `remix vite:build`): fills in the demo config
 * (keys and secrets in .data/), starts the local GoPay sandbox when it exists, waits for it,
 * then the app in production mode. Ctrl-C stops both.
 */
import { stopChildren } from "./children";
import "dotenv/config";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { prepareDemoConfig } from "./demo-config";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
prepareDemoConfig(env);
const appPort = env.PORT ?? "3000";
const sandboxPort = env.SANDBOX_PORT ?? "4010";
const children: ChildProcess[] = [];
let stopping = false;

function run(name: string, script: string): ChildProcess {
  const child = spawn(tsx, [script], { cwd: root, env, stdio: "inherit" });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped (code ${code ?? "–"}${signal ? `, ${signal}` : ""}); shutting down.`);
      void stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url: string, what: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (stopping) return;
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`${what} did not answer at ${url} within ${ms / 1000}s`);
}

async function stop(code: number): Promise<void> {
  stopping = true;
  await stopChildren(children, 10_000);
  process.exit(code);
}
// Ctrl-C reaches the whole foreground process group; forwarding keeps `kill <pid>` working too.
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

if (!fs.existsSync(path.join(root, "build/server/index.js"))) {
  console.error("No build found: run `npm start` (it builds first) or `npm run build`.");
  process.exit(1);
}
try {
  if (fs.existsSync(path.join(root, "sandbox/index.ts"))) {
    run("GoPay sandbox", "sandbox/index.ts");
    await waitFor(`http://127.0.0.1:${sandboxPort}/`, "The GoPay sandbox");
    console.log(`GoPay sandbox on http://127.0.0.1:${sandboxPort}`);
  } else {
    console.log("No sandbox/index.ts yet: starting the app without the local GoPay sandbox.");
  }
  run("Loket", "server/index.ts");
  await waitFor(`http://127.0.0.1:${appPort}/healthz`, "Loket");
  // On PostgreSQL the app prints no sign-ins (nothing is seeded there unless asked): say where they are.
  const where = env.DATABASE_URL
    ? `the demo accounts \`npm run db:seed\` printed (password in ${env.LOKET_DATA_DIR}/demo-password unless DEMO_PASSWORD is set)`
    : "one of the demo accounts printed above";
  console.log(`\nOpen http://localhost:${appPort} and sign in with ${where}.`);
  console.log("After the password Loket asks for a second-factor code: in another terminal, `npm run demo:code -- finance` (or admin, support, campaigns, viewer) prints one.\n");
} catch (err) {
  console.error((err as Error).message);
  await stop(1);
}
