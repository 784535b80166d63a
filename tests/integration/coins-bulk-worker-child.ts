/**
 * Child of coins-bulk-workers.test.ts: one worker process paying a coin batch, as the pg-boss
 * worker would (the job's own function, payCoinBatchJob), against the test's Postgres database and
 * sandbox. Prints a dot per row it settled and DONE at the end; the test may SIGKILL it mid-batch.
 */
import { generateKeyPairSync } from "node:crypto";
import { openDb, setDbHandle } from "../../app/db/client.server";
import { createGopayClient } from "../../app/gopay/index.server";
import { payCoinBatchJob } from "../../app/jobs/coins-batch-pay.server";

const env = process.env;
const handle = await openDb({ url: env.DATABASE_URL!, max: 8 });
setDbHandle(handle);
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
await payCoinBatchJob(
  { batchId: env.BATCH_ID! },
  {
    database: handle.db,
    client,
    concurrency: 4,
    staleAfterMs: Number(env.STALE_MS ?? 120_000),
    onRow: (r) => r.kind !== "skipped" && process.stdout.write("."),
  },
);
process.stdout.write("\nDONE\n");
await handle.close();
