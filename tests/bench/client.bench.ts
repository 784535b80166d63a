/**
 * GoPay client benchmark: SNAP status queries against the sandbox, started IN-PROCESS
 * (startSandbox on a free port, same Node process — so client and sandbox share one event loop;
 * the numbers are a floor for the client's overhead, not GoPay's latency).
 *
 *   npm run bench -- --only=client [--requests=400]
 *
 * Modes: concurrency 1 and 32 × token cache on (Loket's default) vs a token per call (the official
 * SDKs' default). Reports calls/s, p50/p99 latency, and the token calls the sandbox saw (its
 * request log), so the cost of not caching is visible twice: latency and load on GoPay.
 */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import pino from "pino";
import { createGopayClient, type GopayClient } from "../../app/gopay/index.server";
import { startSandbox } from "../../sandbox/server";
import type { BenchFlags } from "./index";

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export default async function run(flags: BenchFlags): Promise<void> {
  const total = Number(flags.requests ?? 400);
  const keys = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const sb = await startSandbox({ port: 0, merchantPublicKeyPem: keys.publicKey, sweepIntervalMs: 60_000 });
  const control = async (p: string, method = "GET") => (await fetch(`${sb.url}/_sandbox${p}`, { method })).json() as Promise<unknown>;
  const make = (tokenCache: boolean): GopayClient =>
    createGopayClient({
      snap: {
        baseUrl: sb.url,
        clientId: "loket-demo-client",
        clientSecret: "loket-demo-client-secret-change-me",
        partnerId: "LOKETDEMO01",
        channelId: "12345",
        merchantId: "M-BENCH",
        privateKeyPem: keys.privateKey,
        tokenCache,
      },
      core: { baseUrl: sb.url, serverKey: "SB-Mid-server-loket-demo" },
      miniApp: { baseUrl: sb.url, clientId: "loket-miniapp", clientSecret: "loket-miniapp-secret" },
      timeoutMs: 10_000,
      logger: pino({ level: "silent" }),
    });

  try {
    const payment = await make(true).snap.payment({ externalId: randomUUID(), partnerReferenceNo: `BENCH-${randomUUID().slice(0, 8)}`, amount: 10_000_00n });
    const rows: string[][] = [];
    for (const concurrency of [1, 32]) {
      for (const cache of [true, false]) {
        const client = make(cache);
        // Warm-up (JIT, sockets; with the cache also the first token), not measured.
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
    console.log(`SNAP status queries against the in-process sandbox (${sb.url}); ${total} calls per mode`);
    console.log(line(head));
    for (const r of rows) console.log(line(r));
  } finally {
    await sb.close();
  }
}
