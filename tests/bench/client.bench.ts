/**
 * GoPay client benchmark: SNAP status queries against the sandbox running as a CHILD PROCESS
 * (`tsx sandbox/index.ts`), so the client and the sandbox have their own event loops, as Loket and
 * GoPay would. The sandbox gets the same credentials and the merchant key pair through the
 * environment (prepareDemoConfig with a throw-away LOKET_DATA_DIR, so the demo's .data is untouched).
 *
 *   npm run bench -- --only=client [--requests=400]
 *
 * Modes: concurrency 1 and 32 × token cache on (Loket's default) vs a token per call (the official
 * SDKs' default). Reports calls/s, p50/p99 latency, and the token calls the sandbox saw (its
 * request log), so the cost of not caching is visible twice: latency and load on GoPay. The load
 * average is printed before and after: on a shared 2-core machine the numbers move with it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { createGopayClient, type GopayClient } from "../../app/gopay/index.server";
import { prepareDemoConfig } from "../../server/demo-config";
import type { BenchFlags } from "./index";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CREDS = {
  GOPAY_CLIENT_ID: "loket-bench-client",
  GOPAY_CLIENT_SECRET: "loket-bench-client-secret",
  GOPAY_PARTNER_ID: "LOKETBENCH01",
  MIDTRANS_SERVER_KEY: "SB-Mid-server-loket-bench",
  GOPAY_MINIAPP_CLIENT_ID: "loket-bench-miniapp",
  GOPAY_MINIAPP_CLIENT_SECRET: "loket-bench-miniapp-secret",
};

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const load = () => loadavg().map((n) => n.toFixed(2)).join(" ");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface ChildSandbox {
  url: string;
  child: ChildProcess;
  privateKeyPem: string;
  stop(): Promise<void>;
}

async function startChildSandbox(port: number): Promise<ChildSandbox> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "loket-bench-client-"));
  // A clean environment for the child: no key files, URLs or snapshot inherited from a demo shell.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (/^(GOPAY_|SANDBOX_|MIDTRANS_)/.test(k)) delete env[k];
  Object.assign(env, CREDS, {
    LOKET_DATA_DIR: dataDir,
    SANDBOX_PORT: String(port),
    // Nobody listens there: the one payment's notification fails quietly and is retried later.
    PORT: String(await freePort()),
    SANDBOX_SNAPSHOT_FILE: path.join(dataDir, "sandbox-state.json"),
  });
  const config = prepareDemoConfig(env); // writes the key pairs into dataDir; env now names them
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["sandbox/index.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  };
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sandbox child exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/_sandbox/state`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) {
      await stop();
      throw new Error(`sandbox child did not answer on ${url} within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, child, privateKeyPem: readFileSync(config.GOPAY_PRIVATE_KEY_FILE!, "utf8"), stop };
}

export default async function run(flags: BenchFlags): Promise<void> {
  const total = Number(flags.requests ?? 400);
  const loadBefore = load();
  const sb = await startChildSandbox(await freePort());
  const control = async (p: string, method = "GET") => (await fetch(`${sb.url}/_sandbox${p}`, { method })).json() as Promise<unknown>;
  const make = (tokenCache: boolean): GopayClient =>
    createGopayClient({
      snap: {
        baseUrl: sb.url,
        clientId: CREDS.GOPAY_CLIENT_ID,
        clientSecret: CREDS.GOPAY_CLIENT_SECRET,
        partnerId: CREDS.GOPAY_PARTNER_ID,
        channelId: "12345",
        merchantId: "M-BENCH",
        privateKeyPem: sb.privateKeyPem,
        tokenCache,
      },
      core: { baseUrl: sb.url, serverKey: CREDS.MIDTRANS_SERVER_KEY },
      miniApp: { baseUrl: sb.url, clientId: CREDS.GOPAY_MINIAPP_CLIENT_ID, clientSecret: CREDS.GOPAY_MINIAPP_CLIENT_SECRET },
      timeoutMs: 10_000,
      logger: pino({ level: "silent" }),
    });

  try {
    const payment = await make(true).snap.payment({ externalId: randomUUID(), partnerReferenceNo: `BENCH-${randomUUID().slice(0, 8)}`, amount: 10_000_00n });
    const rows: string[][] = [];
    for (const concurrency of [1, 32]) {
      for (const cache of [true, false]) {
        const client = make(cache);
        // Warm-up (JIT on both sides, sockets; with the cache also the first token), not measured.
        for (let i = 0; i < 5; i++) await client.snap.status({ externalId: randomUUID(), originalReferenceNo: payment.referenceNo });
        await control("/requests", "DELETE");
        const latencies: number[] = [];
        let next = 0;
        let errors = 0;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < total) {
              next++;
              const t0 = performance.now();
              try {
                // A fresh X-EXTERNAL-ID per query: a reused one replays the stored answer.
                await client.snap.status({ externalId: randomUUID(), originalReferenceNo: payment.referenceNo });
              } catch {
                errors++;
              }
              latencies.push(performance.now() - t0);
            }
          }),
        );
        const seconds = (performance.now() - started) / 1000;
        const tokenCalls = ((await control("/requests?op=snap.token")) as unknown[]).length;
        const statusCalls = ((await control("/requests?op=snap.status")) as unknown[]).length;
        latencies.sort((a, b) => a - b);
        rows.push([
          String(concurrency),
          cache ? "cached" : "per call",
          String(total),
          (total / seconds).toFixed(0),
          pct(latencies, 50).toFixed(1),
          pct(latencies, 99).toFixed(1),
          String(tokenCalls),
          String(statusCalls),
          String(errors),
        ]);
      }
    }
    const head = ["conc", "token", "calls", "calls/s", "p50 ms", "p99 ms", "token calls", "status calls", "errors"];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i]!)).join("  ");
    console.log(`SNAP status queries against the sandbox in a child process (${sb.url}, pid ${sb.child.pid}); ${total} calls per mode`);
    console.log(line(head));
    for (const r of rows) console.log(line(r));
    console.log(`load average (1/5/15 min): before ${loadBefore}, after ${load()}`);
  } finally {
    await sb.stop();
  }
}
