/**
 * The list-page bench's open-loop load generator (`--rates`), a CHILD PROCESS like
 * autocannon-worker.mjs: requests arrive at `rate` per second as a Poisson process (exponential
 * gaps), whatever the answers do, over at most `connections` kept-alive sockets, for `seconds`.
 * Each latency runs from the request's scheduled arrival, so time spent waiting for a free socket
 * counts (no coordinated omission). autocannon's overallRate was tried first: it releases each
 * second's requests together at the second's tick, so its latencies are those of a burst.
 *
 * Job file: { url, connections, seconds, headers, rate }
 * Prints one JSON line with autocannon-worker.mjs's fields.
 */
import http from "node:http";
import { readFileSync } from "node:fs";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const url = new URL(job.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
const cpu0 = process.cpuUsage();
const times = [];
let requests = 0;
let non2xx = 0;
let errors = 0;
let bytes = 0;

function send(arrival) {
  requests++;
  return new Promise((resolve) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, headers: job.headers, agent },
      (res) => {
        res.on("data", (c) => (bytes += c.length));
        res.on("end", () => {
          if (res.statusCode >= 200 && res.statusCode < 300) times.push(performance.now() - arrival);
          else non2xx++;
          resolve();
        });
      },
    );
    req.on("error", () => {
      errors++;
      resolve();
    });
    req.end();
  });
}

const started = performance.now();
const end = started + job.seconds * 1000;
const inFlight = [];
let next = started;
while (true) {
  next += (-Math.log(1 - Math.random()) / job.rate) * 1000;
  if (next >= end) break;
  const wait = next - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  inFlight.push(send(next));
}
await Promise.all(inFlight);
const seconds = (performance.now() - started) / 1000;
agent.destroy();
times.sort((a, b) => a - b);
const pct = (p) => (times.length ? times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] : NaN);
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    requests,
    ok: times.length,
    seconds,
    rps: times.length / seconds,
    non2xx,
    errors,
    timeouts: 0,
    bytes,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    cpuMs: (cpu.user + cpu.system) / 1000,
  }),
);
