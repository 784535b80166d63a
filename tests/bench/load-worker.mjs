/**
 * The benches' HTTP load generator, run as a CHILD PROCESS (`node tests/bench/load-worker.mjs <job.json>`)
 * so its CPU is not counted against the server it loads. Plain node:http with a keep-alive agent
 * (one socket per in-flight request): cheaper per request than fetch, so the generator is not
 * what limits the run.
 *
 * Job file: { url, concurrency, requests: [{ method?, headers, body? }], expect?: number (status),
 *   warmup?: { rounds, method? } }
 * Prints one JSON line: { ok, failed, seconds, startedAt, endedAt (epoch ms, the machine's clock),
 * latencies (ms, in completion order), cpuMs, firstError }.
 */
import { readFileSync } from "node:fs";
import http from "node:http";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const url = new URL(job.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
const expect = job.expect ?? 200;

function send(r) {
  return new Promise((resolve) => {
    const body = r.body === undefined ? undefined : Buffer.from(r.body);
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: r.path ?? url.pathname,
        method: r.method ?? "POST",
        agent,
        headers: body ? { ...r.headers, "Content-Length": body.length } : r.headers,
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", (e) => resolve({ status: 0, text: String(e) }));
      },
    );
    req.on("error", (e) => resolve({ status: 0, text: String(e) }));
    req.end(body);
  });
}

// Optional warm-up, not timed: `warmup` rounds of `concurrency` requests at once (e.g. a GET the
// server refuses cheaply) so the timed run starts on open keep-alive sockets and a warm generator,
// as the in-process ceiling's pool and code are warm. Without it the first wave of every batch
// paid for 32 TCP connects and this process's cold start (85–125 ms each, the whole p99).
for (let w = 0; w < (job.warmup?.rounds ?? 0); w++) {
  await Promise.all(Array.from({ length: job.concurrency }, () => send({ method: job.warmup.method ?? "GET", headers: {} })));
}

const latencies = [];
let ok = 0;
let failed = 0;
let firstError;
let next = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await Promise.all(
  Array.from({ length: job.concurrency }, async () => {
    while (next < job.requests.length) {
      const r = job.requests[next++];
      const s = performance.now();
      const res = await send(r);
      latencies.push(performance.now() - s);
      if (res.status === expect) ok++;
      else {
        failed++;
        firstError ??= `${res.status} ${res.text.slice(0, 300)}`;
      }
    }
  }),
);
const t1 = performance.now();
const seconds = (t1 - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
agent.destroy();
process.stdout.write(
  `${JSON.stringify({ ok, failed, seconds, startedAt: performance.timeOrigin + t0, endedAt: performance.timeOrigin + t1, latencies, cpuMs: (cpu.user + cpu.system) / 1000, firstError })}\n`,
);
