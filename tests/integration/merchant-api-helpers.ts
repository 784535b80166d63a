/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON answers loosely */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resetEnvCache } from "../../app/env.server";
import { resetGopayClient } from "../../app/gopay/index.server";
import { createApiKey } from "../../app/services/api-keys/api-keys.server";
import type { Db } from "../../app/db/client.server";
import { staff } from "../../db/schema";
import { startSandbox, type Sandbox } from "../../sandbox/server";
import { sandboxControl } from "../support/sandbox-control";

/**
 * Real parts for merchant API tests: an in-process sandbox on a free port with the app's own
 * client (gopay()) pointed at it through the environment (SNAP key pair written to a temp file),
 * and an API key created through the service.
 */
export interface ApiHarness {
  sb: Sandbox;
  control(p: string, body?: unknown, method?: string): Promise<any>;
  requests(op: string): Promise<Array<{ op: string; status: number; headers: Record<string, string> }>>;
  close(): Promise<void>;
}

export async function startApiHarness(): Promise<ApiHarness> {
  const keys = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const dir = mkdtempSync(path.join(tmpdir(), "loket-mapi-"));
  const keyFile = path.join(dir, "merchant.pem");
  writeFileSync(keyFile, keys.privateKey);
  const sb = await startSandbox({ port: 0, merchantPublicKeyPem: keys.publicKey, sweepIntervalMs: 60_000 });
  Object.assign(process.env, {
    GOPAY_SNAP_BASE_URL: sb.url,
    GOPAY_CORE_BASE_URL: sb.url,
    GOPAY_MINIAPP_BASE_URL: sb.url,
    GOPAY_PRIVATE_KEY_FILE: keyFile,
    GOPAY_TIMEOUT_MS: "1500",
    DATA_ENCRYPTION_KEY: "test-data-encryption-key-0123456789abcdef",
  });
  resetEnvCache();
  resetGopayClient();
  const control = (p: string, body?: unknown, method?: string) => sandboxControl(sb.url, p, body, method);
  return {
    sb,
    control,
    requests: async (op) => (await control(`/requests?op=${encodeURIComponent(op)}`)) as never,
    close: async () => {
      resetGopayClient();
      await sb.close();
    },
  };
}

export async function makeApiKey(db: Db, name = `it-${randomUUID().slice(0, 6)}`) {
  const [admin] = await db
    .insert(staff)
    .values({ email: `${name}@loket.test`, name, role: "admin", passwordHash: "x" })
    .returning();
  return createApiKey(db, { name, actor: { id: admin!.id, email: admin!.email } });
}

type Action = (a: ActionFunctionArgs) => Promise<Response>;

/** Calls a resource route's action the way Remix does, and reads the JSON answer. */
export async function callApi(
  mod: { action: Action },
  pathName: string,
  body: unknown,
  opts: { key?: string; idem?: string | null; contentType?: string } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { "content-type": opts.contentType ?? "application/json" };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.idem !== null) headers["idempotency-key"] = opts.idem ?? randomUUID();
  const request = new Request(`http://127.0.0.1:3110${pathName}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  const res = await mod.action({ request, params: {}, context: {} } as ActionFunctionArgs);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}
