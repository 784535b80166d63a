import { createHash, createHmac, createSign } from "node:crypto";
import http from "node:http";
import { type AddressInfo } from "node:net";
import { type Sandbox, type SandboxOptions, startSandbox } from "./server";

/**
 * What a SNAP/Core/mini-app client does, written out plainly for the sandbox's tests (raw fetch,
 * signatures computed here from the contract, not with the sandbox's own signing module).
 */

export const CREDS = {
  clientId: "test-client",
  clientSecret: "test-secret-0123456789",
  partnerId: "TESTPARTNER",
  serverKey: "SB-Mid-server-test",
  miniappClientId: "mini-id",
  miniappClientSecret: "mini-secret",
};

export async function start(extra: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, ...CREDS, sweepIntervalMs: 50, ...extra });
}

/** `2026-01-01T10:00:00+07:00` for an instant. */
export function wibTs(ms: number): string {
  const d = new Date(ms + 7 * 3600_000);
  return d.toISOString().slice(0, 19) + "+07:00";
}

export function rsaSign(privatePem: string, text: string): string {
  return createSign("RSA-SHA256").update(text).sign(privatePem, "base64");
}

export async function getToken(sb: Sandbox, opts: { ts?: string; body?: unknown; privatePem?: string } = {}) {
  const ts = opts.ts ?? wibTs(sb.ctx.clock.now());
  const res = await fetch(`${sb.url}/v1.0/access-token/b2b`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-TIMESTAMP": ts,
      "X-CLIENT-KEY": CREDS.clientId,
      "X-SIGNATURE": rsaSign(opts.privatePem ?? sb.keys.merchantPrivateKeyPem!, `${CREDS.clientId}|${ts}`),
    },
    body: JSON.stringify(opts.body ?? { grantType: "client_credentials" }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

export type SnapCallOpts = { externalId?: string; ts?: string; secret?: string; tamper?: (raw: string) => string; headers?: Record<string, string> };

export async function snapCall(sb: Sandbox, token: string, path: string, body: unknown, o: SnapCallOpts = {}) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const ts = o.ts ?? wibTs(sb.ctx.clock.now());
  const hash = createHash("sha256").update(raw).digest("hex");
  const sig = createHmac("sha512", o.secret ?? CREDS.clientSecret)
    .update(`POST:${path}:${token}:${hash}:${ts}`)
    .digest("base64");
  const res = await fetch(`${sb.url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer ${token}`,
      "X-TIMESTAMP": ts,
      "X-SIGNATURE": sig,
      "X-PARTNER-ID": CREDS.partnerId,
      "X-EXTERNAL-ID": o.externalId ?? `${Date.now()}${Math.floor(Math.random() * 1e9)}`,
      "CHANNEL-ID": "12345",
      ...o.headers,
    },
    body: o.tamper ? o.tamper(raw) : raw,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function paymentBody(order: string, value = "10000.00", extra: Record<string, unknown> = {}) {
  return {
    partnerReferenceNo: order,
    chargeToken: "",
    payOptionDetails: [{ payMethod: "GOPAY", payOption: "GOPAY_WALLET", transAmount: { value, currency: "IDR" } }],
    additionalInfo: { pointOfPurchaseId: "POP-1" },
    ...extra,
  };
}

export async function control(sb: Sandbox, method: string, path: string, body?: unknown) {
  const res = await fetch(`${sb.url}/_sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function coreCall(sb: Sandbox, method: string, path: string, body?: unknown, headers: Record<string, string> = {}, key = CREDS.serverKey) {
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers: { "Content-Type": "application/json", Authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}`, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function miniCall(sb: Sandbox, method: string, path: string, auth: string, body?: unknown, requestId?: string) {
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers: { "Content-Type": "application/json", Authorization: auth, ...(requestId ? { "Request-Id": requestId } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export type Received = { path: string; headers: http.IncomingHttpHeaders; body: string; at: number };

/** A merchant webhook receiver for tests: records what the sandbox sends and answers from a script of statuses (then 200). */
export class Receiver {
  got: Received[] = [];
  script: number[] = [];
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      this.got.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      res.writeHead(this.script.shift() ?? 200, { "Content-Type": "application/json" });
      res.end('{"responseCode":"2005600"}');
    });
  });
  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", () => r()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  close() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** Polls `f` until it returns something (not undefined/false), or fails after `ms`. */
export async function until<T>(f: () => T | undefined, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}
