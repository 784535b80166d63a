/**
 * The list-page bench's load generator, run as a CHILD PROCESS (`node tests/bench/autocannon-worker.mjs <job.json>`)
 * so its CPU is not counted against the server: autocannon (npm) against one URL for a fixed time.
 *
 * Job file: { url, connections, seconds, headers, amount? } (an offered rate: open-loop-worker.mjs)
 * Prints one JSON line: { requests, seconds, rps, non2xx, errors, timeouts, bytes, p50, p95, p99 (ms), cpuMs }.
 * p95 is computed from every response time (autocannon's own summary has p97.5, not p95).
 */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const times = [];
const cpu0 = process.cpuUsage();
// With `amount`, autocannon's own `duration` is whole seconds (it ends on its 1-second tick):
// 400 /healthz answers in 0.2 s read as 396 req/s, which made every amount-mode ratio to /healthz
// too high. Requests per second are taken from the first request to the last answer instead.
const started = performance.now();
let lastAnswer = started;
const instance = autocannon({
  url: job.url,
  connections: job.connections,
  // A fixed number of requests (`amount`) instead of a time: every request started also ends, so
  // the server's CPU ÷ requests is exact even when a page takes seconds on a loaded machine.
  ...(job.amount ? { amount: job.amount } : { duration: job.seconds }),
  headers: job.headers,
  timeout: 30,
});
instance.on("response", (_client, statusCode, _bytes, responseTime) => {
  if (statusCode >= 200 && statusCode < 300) times.push(responseTime);
  lastAnswer = performance.now();
});
instance.on("done", (r) => {
  times.sort((a, b) => a - b);
  const pct = (p) =>
    times.length ? times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] : NaN;
  const cpu = process.cpuUsage(cpu0);
  const seconds = job.amount ? (lastAnswer - started) / 1000 : r.duration;
  console.log(
    JSON.stringify({
      requests: r.requests.total,
      ok: times.length,
      seconds,
      rps: times.length / seconds,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      bytes: r.throughput.total,
      p50: pct(50),
      p95: pct(95),
      p99: pct(99),
      cpuMs: (cpu.user + cpu.system) / 1000,
    }),
  );
});
