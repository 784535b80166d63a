/**
 * The benches' HTTP load generator, run as a CHILD PROCESS (`node tests/bench/load-worker.mjs <job.json>`)
 * so its CPU is not counted against the server it loads. Plain node:http with a keep-alive agent
 * (one socket per in-flight request): cheaper per request than fetch, so the generator is not
 * what limits the run.
 *
 * Job file: { url, concurrency, requests: [{ method?, headers, body? }], expect?: number (status) }
 * Prints one JSON line: { ok, failed, seconds, latencies (ms, in completion order), cpuMs, firstError }.
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
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
agent.destroy();
process.stdout.write(
  `${JSON.stringify({ ok, failed, seconds, latencies, cpuMs: (cpu.user + cpu.system) / 1000, firstError })}\n`,
);
