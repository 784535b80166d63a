/**
 * A campaign worker in a process of its own (tests/integration/campaigns-delivery-processes.test.ts
 * and the send benchmark): drains one campaign from Postgres until it stops sending or nothing is
 * left, as the campaigns-send job does, then prints one JSON line with what it did.
 * Env: DATABASE_URL, SANDBOX_URL, CAMPAIGN_ID, DATA_ENCRYPTION_KEY; optional WORKER_ID, LEASE_MS,
 * BATCH, CONCURRENCY, KILL_AFTER (SIGKILL itself after that many GoPay calls, before writing their results).
 */
import { openDb, setDbHandle } from "../../app/db/client.server";
import { drainCampaign } from "../../app/services/campaigns/send.server";
import { makeClient } from "./campaigns-delivery-client";

const e = process.env;
const handle = await openDb({ url: e.DATABASE_URL!, max: 4 });
setDbHandle(handle);
const client = makeClient(e.SANDBOX_URL!, 5_000);
const killAfter = e.KILL_AFTER ? Number(e.KILL_AFTER) : undefined;
let calls = 0;
const total = { sent: 0, failed: 0, retried: 0, skipped: 0, drains: 0 };
const cpu0 = process.cpuUsage();
const t0 = Date.now();
for (;;) {
  const r = await drainCampaign(e.CAMPAIGN_ID!, {
    database: handle.db,
    client,
    workerId: e.WORKER_ID,
    leaseMs: e.LEASE_MS ? Number(e.LEASE_MS) : undefined,
    batchSize: e.BATCH ? Number(e.BATCH) : undefined,
    concurrency: e.CONCURRENCY ? Number(e.CONCURRENCY) : undefined,
    retryDelayMs: 50,
    afterCall: () => {
      calls++;
      if (killAfter !== undefined && calls >= killAfter) process.kill(process.pid, "SIGKILL");
    },
  });
  total.sent += r.sent;
  total.failed += r.failed;
  total.retried += r.retried;
  total.skipped += r.skipped;
  total.drains++;
  if (r.stop === "not_sending" || !r.nextAt) break;
  await new Promise((res) => setTimeout(res, Math.max(10, Math.min(500, r.nextAt!.getTime() - Date.now()))));
}
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ ...total, ms: Date.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 }));
await handle.close();
