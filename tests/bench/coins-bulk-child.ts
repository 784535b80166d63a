/**
 * Child of coins-bulk.bench.ts, so its numbers are Loket's alone (the sandbox runs in the parent):
 *   check <file>      — checkBulkCsv over a file stream: wall time and peak RSS of this process
 *   pay <batchId>     — the batch job (payCoinBatchJob) against the sandbox: wall time and CPU
 * Prints one JSON line.
 */
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import { openDb, setDbHandle } from "../../app/db/client.server";
import { createGopayClient } from "../../app/gopay/index.server";
import { payCoinBatchJob } from "../../app/jobs/coins-batch-pay.server";
import { checkBulkCsv } from "../../app/services/coins/bulk-check.server";

const [mode, arg] = process.argv.slice(2);
const env = process.env;
const handle = await openDb({ url: env.DATABASE_URL!, max: 10 });
setDbHandle(handle);
if (mode === "check") {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await checkBulkCsv(handle.db, fs.createReadStream(arg!, { highWaterMark: 256 * 1024 }));
  const ms = performance.now() - t0;
  const out = r.ok
    ? { rows: r.totals.rows, records: r.records, errors: r.errorCount, warnings: r.warningCount }
    : { fileError: r.fileError.code };
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      ...out,
    }),
  );
} else {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 1024,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const base = env.SANDBOX_URL!;
  const client = createGopayClient({
    snap: {
      baseUrl: base,
      clientId: "c",
      clientSecret: "s",
      partnerId: "P",
      channelId: "12345",
      merchantId: "M",
      privateKeyPem: privateKey,
    },
    core: { baseUrl: base, serverKey: "k" },
    miniApp: { baseUrl: base, clientId: env.MINIAPP_ID!, clientSecret: env.MINIAPP_SECRET! },
    timeoutMs: 10_000,
    maxRetries: 0,
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let paid = 0;
  await payCoinBatchJob(
    { batchId: arg! },
    {
      database: handle.db,
      client,
      concurrency: Number(env.CONCURRENCY ?? 8),
      onRow: (r) => void (r.kind === "paid" && paid++),
    },
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ ms, paid, cpuMs: (cpu.user + cpu.system) / 1000 }));
}
await handle.close();
process.exit(0);
