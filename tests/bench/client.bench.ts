/**
 * GoPay client benchmark: SNAP status queries against the sandbox running as a CHILD PROCESS
 * (`tsx sandbox/index.ts`), so the client and the sandbox have their own event loops, as Loket and
 * GoPay would. The sandbox gets the same credentials and the merchant key pair through the
 * environment (prepareDemoConfig with a throw-away LOKET_DATA_DIR, so the demo's .data is untouched).
 *
 *   npm run bench -- --only=client [--requests=3000] [--rounds=6] [--warmup=400] [--modes=loket,sdk-token]
 *
 * Modes: concurrency 1 and 32 × token cache on (Loket's default) vs a token per call (the official
 * SDKs' default). Reports calls/s, p50/p99 latency, and the token calls the sandbox saw (its
 * request log), so the cost of not caching is visible twice: latency and load on GoPay. The load
 * average is printed before and after: on a shared 2-core machine the numbers move with it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { createGopayClient, type GopayClient } from "../../app/gopay/index.server";
import { xTimestamp } from "../../app/gopay/signing.server";
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

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

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
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["sandbox/index.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
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

type Mode = "loket" | "sdk-default" | "sdk-token" | "loket-per-call";
const MODE_TEXT: Record<Mode, string> = {
  loket: "Loket (cached token)",
  "sdk-default": "SDK, token per call (its default)",
  "sdk-token": "SDK, caller reuses a token",
  "loket-per-call": "Loket, token per call",
};

/**
 * The official SDK (midtrans-client's SnapBi, a devDependency used here only) pointed at the sandbox:
 * its config is static (one merchant per process) and its base URL fixed, so both are set here.
 */
function sdkFor(url: string, privateKeyPem: string) {
  const require = createRequire(import.meta.url);
  const { SnapBi, SnapBiConfig } = require("midtrans-client") as {
    SnapBi: { directDebit(): SdkCall };
    SnapBiConfig: Record<string, unknown> & { getBaseUrl(): string };
  };
  SnapBiConfig.snapBiClientId = CREDS.GOPAY_CLIENT_ID;
  SnapBiConfig.snapBiClientSecret = CREDS.GOPAY_CLIENT_SECRET;
  SnapBiConfig.snapBiPartnerId = CREDS.GOPAY_PARTNER_ID;
  SnapBiConfig.snapBiChannelId = "12345";
  SnapBiConfig.snapBiPrivateKey = privateKeyPem;
  SnapBiConfig.getBaseUrl = () => url;
  return {
    async token(): Promise<string> {
      const r = (await SnapBi.directDebit().withTimeStamp(xTimestamp()).getAccessToken()) as {
        accessToken?: string;
      };
      if (!r.accessToken) throw new Error(`SDK token: ${JSON.stringify(r)}`);
      return r.accessToken;
    },
    async status(referenceNo: string, token?: string): Promise<void> {
      let call = SnapBi.directDebit()
        .withBody({ originalReferenceNo: referenceNo, serviceCode: "54" })
        .withTimeStamp(xTimestamp());
      if (token) call = call.withAccessToken(token);
      const r = (await call.getStatus(randomUUID())) as { responseCode?: string };
      // The SDK returns error bodies instead of throwing: a call that did not succeed is an error here.
      if (!r.responseCode?.startsWith("200"))
        throw new Error(`SDK status: ${JSON.stringify(r).slice(0, 200)}`);
    },
  };
}
interface SdkCall {
  withBody(b: unknown): SdkCall;
  withTimeStamp(t: string): SdkCall;
  withAccessToken(t: string): SdkCall;
  getStatus(externalId: string): Promise<unknown>;
  getAccessToken(): Promise<unknown>;
}

export default async function run(flags: BenchFlags): Promise<void> {
  const total = Number(flags.requests ?? 3000);
  const rounds = Math.max(1, Number(flags.rounds ?? 6));
  const perRound = Math.ceil(total / rounds);
  // --modes=loket,sdk-token: only those (e.g. to profile one side alone with node --cpu-prof).
  const modes: Mode[] =
    typeof flags.modes === "string"
      ? (flags.modes.split(",") as Mode[]).filter((m) => m in MODE_TEXT)
      : flags["per-call"]
        ? ["loket", "sdk-default", "sdk-token", "loket-per-call"]
        : ["loket", "sdk-default", "sdk-token"];
  const loadBefore = load();
  const sb = await startChildSandbox(await freePort());
  const control = async (p: string, method = "GET") =>
    (await fetch(`${sb.url}/_sandbox${p}`, { method })).json() as Promise<unknown>;
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
      miniApp: {
        baseUrl: sb.url,
        clientId: CREDS.GOPAY_MINIAPP_CLIENT_ID,
        clientSecret: CREDS.GOPAY_MINIAPP_CLIENT_SECRET,
      },
      timeoutMs: 10_000,
      logger: pino({ level: "silent" }),
    });

  try {
    const payment = await make(true).snap.payment({
      externalId: randomUUID(),
      partnerReferenceNo: `BENCH-${randomUUID().slice(0, 8)}`,
      amount: 10_000_00n,
    });
    const ref = payment.referenceNo!;
    const sdk = sdkFor(sb.url, sb.privateKeyPem);
    const loket = make(true);
    const loketPerCall = make(false);
    let sdkToken = await sdk.token();
    const call: Record<Mode, () => Promise<unknown>> = {
      // A fresh X-EXTERNAL-ID per query: a reused one replays the stored answer.
      loket: () => loket.snap.status({ externalId: randomUUID(), originalReferenceNo: ref }),
      "loket-per-call": () =>
        loketPerCall.snap.status({ externalId: randomUUID(), originalReferenceNo: ref }),
      "sdk-default": () => sdk.status(ref),
      "sdk-token": async () => {
        try {
          await sdk.status(ref, sdkToken);
        } catch {
          // The caller's own cache: a refused token is replaced once (the sandbox's tokens last 15 min).
          sdkToken = await sdk.token();
          await sdk.status(ref, sdkToken);
        }
      },
    };
    // Warm-up (JIT on both sides, sockets, Loket's first token), not measured. 20 calls were too few:
    // the first measured round ran at a third of the later rounds' rate for every mode, so the
    // totals mixed cold and warm code. --warmup=N calls per mode, one by one and then 32 at a time.
    const warmup = Number(flags.warmup ?? 400);
    for (const m of modes) {
      for (let i = 0; i < warmup / 2; i++) await call[m]();
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          for (let i = 0; i < warmup / 64; i++) await call[m]();
        }),
      );
    }

    const results = new Map<
      string,
      {
        calls: number;
        seconds: number;
        latencies: number[];
        errors: number;
        tokenCalls: number;
        perRound: number[];
        /** this process's CPU (the client side: the sandbox is another process) */
        cpuMs: number;
      }
    >();
    for (const concurrency of [1, 32]) {
      for (let r = 0; r < rounds; r++) {
        // Interleaved, and the order rotated per round: a busy moment on the machine hits every mode.
        const order: Mode[] = modes.map((_, i) => modes[(i + r) % modes.length]!);
        for (const m of order) {
          await control("/requests", "DELETE");
          const latencies: number[] = [];
          let next = 0;
          let errors = 0;
          const started = performance.now();
          const cpu0 = process.cpuUsage();
          await Promise.all(
            Array.from({ length: concurrency }, async () => {
              while (next < perRound) {
                next++;
                const t0 = performance.now();
                try {
                  await call[m]();
                } catch {
                  errors++;
                }
                latencies.push(performance.now() - t0);
              }
            }),
          );
          const seconds = (performance.now() - started) / 1000;
          const cpu = process.cpuUsage(cpu0);
          const tokenCalls = ((await control("/requests?op=snap.token")) as unknown[]).length;
          const key = `${concurrency}|${m as string}`;
          const acc = results.get(key) ?? {
            calls: 0,
            seconds: 0,
            latencies: [],
            errors: 0,
            tokenCalls: 0,
            perRound: [],
            cpuMs: 0,
          };
          acc.calls += perRound;
          acc.seconds += seconds;
          acc.latencies.push(...latencies);
          acc.errors += errors;
          acc.tokenCalls += tokenCalls;
          acc.perRound.push(perRound / seconds);
          acc.cpuMs += (cpu.user + cpu.system) / 1000;
          results.set(key, acc);
        }
      }
    }
    const head = [
      "conc",
      "mode",
      "calls",
      "calls/s",
      "per round",
      "p50 ms",
      "p99 ms",
      "token calls",
      "errors",
      "client CPU ms/call",
    ];
    const rows: string[][] = [];
    for (const concurrency of [1, 32]) {
      for (const m of modes) {
        const a = results.get(`${concurrency}|${m}`)!;
        a.latencies.sort((x, y) => x - y);
        rows.push([
          String(concurrency),
          MODE_TEXT[m],
          String(a.calls),
          (a.calls / a.seconds).toFixed(0),
          a.perRound.map((x) => x.toFixed(0)).join("/"),
          pct(a.latencies, 50).toFixed(2),
          pct(a.latencies, 99).toFixed(2),
          String(a.tokenCalls),
          String(a.errors),
          (a.cpuMs / a.calls).toFixed(3),
        ]);
      }
    }
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) =>
      r.map((c, i) => (i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
    console.log(
      `SNAP status queries against the sandbox in a child process (${sb.url}, pid ${sb.child.pid}); ${rounds} interleaved rounds × ${perRound} calls per mode`,
    );
    console.log(line(head));
    for (const r of rows) console.log(line(r));
    const compared = ["loket", "sdk-default", "sdk-token"].every((m) => modes.includes(m as Mode));
    for (const concurrency of compared ? [1, 32] : []) {
      const rate = (m: Mode) => {
        const a = results.get(`${concurrency}|${m}`)!;
        return a.calls / a.seconds;
      };
      const cpuPerCall = (m: Mode) => {
        const a = results.get(`${concurrency}|${m}`)!;
        return a.cpuMs / a.calls;
      };
      // Each round's ratio, then their median: one round hit by a busy moment moves it less than the total.
      const perRoundRatio = (m: Mode) => {
        const a = results.get(`${concurrency}|loket`)!.perRound;
        const b = results.get(`${concurrency}|${m}`)!.perRound;
        const r = a.map((x, i) => x / b[i]!);
        const sorted = [...r].sort((x, y) => x - y);
        const mid = sorted.length / 2;
        const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
        return `${r.map((x) => x.toFixed(2)).join("/")}, median ${median.toFixed(2)}`;
      };
      console.log(
        `concurrency ${concurrency}: Loket / SDK reusing a token = ${(rate("loket") / rate("sdk-token")).toFixed(2)} (per round ${perRoundRatio("sdk-token")}); ` +
          `Loket / SDK default = ${(rate("loket") / rate("sdk-default")).toFixed(2)} (per round ${perRoundRatio("sdk-default")}); ` +
          `client CPU per call, SDK reusing a token ÷ Loket = ${(cpuPerCall("sdk-token") / cpuPerCall("loket")).toFixed(2)}`,
      );
    }
    console.log(`load average (1/5/15 min): before ${loadBefore}, after ${load()}`);
  } finally {
    await sb.stop();
  }
}
