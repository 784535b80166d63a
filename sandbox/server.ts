import { createPublicKey, generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";
import { Clock } from "./clock";
import { type Ctx, type LoggedRequest, type SandboxConfig } from "./context";
import { control, sweep } from "./control";
import { Faults } from "./faults";
import { Notifier } from "./notify";
import { renderPage } from "./page";
import { faultResponse, match } from "./routes";
import { loadSnapshot, saveSnapshot, seedState } from "./state";

export type SandboxOptions = {
  port?: number;
  host?: string;
  clientId?: string;
  clientSecret?: string;
  partnerId?: string;
  serverKey?: string;
  miniappClientId?: string;
  miniappClientSecret?: string;
  merchantId?: string;
  merchantPublicKeyPem?: string;
  notifyPrivateKeyPem?: string;
  notifyUrl?: string;
  coreNotifyUrl?: string;
  timeScale?: number;
  snapshotFile?: string;
  sweepIntervalMs?: number;
  /** for tests of probabilistic faults */
  random?: () => number;
};

export type Sandbox = {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Key material; the merchant private key is known only when the sandbox generated the pair. */
  keys: { merchantPublicKeyPem: string; merchantPrivateKeyPem?: string; notifyPrivateKeyPem: string; notifyPublicKeyPem: string };
  ctx: Ctx;
};

const SECRET_HEADERS = new Set(["authorization", "authorization-customer", "x-signature", "cookie"]);
const MAX_BODY = 1024 * 1024;
const MAX_LOG = 5000;
/** A snapshot is written this long after the first change since the last one. */
export const SNAPSHOT_DELAY_MS = 200;
/**
 * …but never sooner after the previous write than this many times that write's duration: a large
 * state (100,000 payments take seconds to write) is snapshotted at most ~1/(factor + 1) of the time
 * instead of after every 200 ms of changes, which stalled every call. A small state (a write under
 * 20 ms) keeps the 200 ms. close() always writes.
 */
export const SNAPSHOT_SPACING_FACTOR = 10;

function pair(): { pub: string; priv: string } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { pub: publicKey, priv: privateKey };
}

function readFileIf(file: string | undefined): string | undefined {
  return file && fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

function redact(h: IncomingMessage["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    const s = Array.isArray(v) ? v.join(", ") : v;
    out[k] = SECRET_HEADERS.has(k) ? `${s.split(" ")[0]} [redacted]` : s;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const raw = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(raw) });
  res.end(raw);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a sandbox; credentials and key files fall back to the environment, everything else to options. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const env = process.env;
  let merchantPublicKeyPem = options.merchantPublicKeyPem ?? readFileIf(env.SANDBOX_MERCHANT_PUBLIC_KEY_FILE);
  let merchantPrivateKeyPem: string | undefined;
  if (!merchantPublicKeyPem) ({ pub: merchantPublicKeyPem, priv: merchantPrivateKeyPem } = pair());
  let notifyPrivateKeyPem = options.notifyPrivateKeyPem ?? readFileIf(env.SANDBOX_NOTIFY_PRIVATE_KEY_FILE);
  if (!notifyPrivateKeyPem) notifyPrivateKeyPem = pair().priv;
  const notifyPublicKeyPem = createPublicKey(notifyPrivateKeyPem).export({ type: "spki", format: "pem" }).toString();

  const config: SandboxConfig = {
    clientId: options.clientId ?? env.GOPAY_CLIENT_ID ?? "loket-demo-client",
    clientSecret: options.clientSecret ?? env.GOPAY_CLIENT_SECRET ?? "loket-demo-client-secret-change-me",
    partnerId: options.partnerId ?? env.GOPAY_PARTNER_ID ?? "LOKETDEMO01",
    serverKey: options.serverKey ?? env.MIDTRANS_SERVER_KEY ?? "SB-Mid-server-loket-demo",
    miniappClientId: options.miniappClientId ?? env.GOPAY_MINIAPP_CLIENT_ID ?? "loket-miniapp",
    miniappClientSecret: options.miniappClientSecret ?? env.GOPAY_MINIAPP_CLIENT_SECRET ?? "loket-miniapp-secret",
    merchantId: options.merchantId ?? env.GOPAY_MERCHANT_ID ?? "M-LOKET-DEMO",
    merchantPublicKeyPem,
    notifyPrivateKeyPem,
    notifyUrl: options.notifyUrl,
    coreNotifyUrl: options.coreNotifyUrl,
    timeScale: options.timeScale ?? 60,
    snapshotFile: options.snapshotFile,
  };
  if (!(config.timeScale > 0)) throw new Error("timeScale must be > 0");

  const clock = new Clock();
  const faults = new Faults(options.random);
  const notifier = new Notifier(config, clock, faults);
  const state = loadSnapshot(config.snapshotFile) ?? seedState();
  clock.offsetMs = state.clockOffsetMs;
  let baseUrl = "";
  let saveTimer: NodeJS.Timeout | undefined;
  let lastSave = { endedAt: 0, tookMs: 0 };
  const saveNow = () => {
    const t0 = performance.now();
    ctx.state.clockOffsetMs = clock.offsetMs;
    saveSnapshot(config.snapshotFile, ctx.state);
    lastSave = { endedAt: performance.now(), tookMs: performance.now() - t0 };
  };
  const ctx: Ctx = {
    config,
    state,
    clock,
    faults,
    notifier,
    requests: [],
    baseUrl: () => baseUrl,
    touch: () => {
      if (!config.snapshotFile || saveTimer) return;
      const spaced = lastSave.endedAt + SNAPSHOT_SPACING_FACTOR * lastSave.tookMs - performance.now();
      saveTimer = setTimeout(() => {
        saveTimer = undefined;
        saveNow();
      }, Math.max(SNAPSHOT_DELAY_MS, spaced));
    },
    nextId: (prefix) => `${prefix}${ctx.state.seq++}`,
  };
  let logSeq = 1;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const method = (req.method ?? "GET").toUpperCase();
    const raw = await readBody(req);
    if (!raw) return send(res, 413, { error: "Body too large" });

    if (url.pathname === "/" || url.pathname.startsWith("/_sandbox/pay/") || url.pathname.startsWith("/_sandbox/link/")) {
      if (method !== "GET") return send(res, 405, { error: "GET only" });
      const html = renderPage(ctx, url);
      if (html === undefined) return send(res, 404, { error: "Not found" });
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return void res.end(html);
    }
    if (url.pathname.startsWith("/_sandbox/")) {
      const isForm = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
      let body: Record<string, unknown> = {};
      if (raw.length > 0) {
        try {
          body = isForm ? Object.fromEntries(new URLSearchParams(raw.toString("utf8"))) : (JSON.parse(raw.toString("utf8")) as Record<string, unknown>);
        } catch {
          return send(res, 400, { error: "Body must be JSON" });
        }
      }
      const result = await control(ctx, method, url.pathname, url.searchParams, body ?? {});
      if (!result) return send(res, 404, { error: `No control endpoint ${method} ${url.pathname}` });
      if (isForm) {
        const back = typeof body.back === "string" && body.back.startsWith("/") ? body.back : "/";
        const rb = result.body as { error?: string; auth_code?: string };
        const msg = result.status >= 400 ? (rb.error ?? "Failed.") : rb.auth_code ? `Auth code ${rb.auth_code} (single use, 6 minutes)` : "Done.";
        res.writeHead(303, { Location: `${back}${back.includes("?") ? "&" : "?"}msg=${encodeURIComponent(msg)}` });
        return void res.end();
      }
      return send(res, result.status, result.body);
    }

    const found = match(method, url.pathname);
    if (!found) return send(res, 404, { error: `Unknown endpoint ${method} ${url.pathname}` });
    const { route, params } = found;
    const entry: LoggedRequest = {
      seq: logSeq++,
      at: new Date(clock.now()).toISOString(),
      method,
      path: url.pathname,
      op: route.op,
      headers: redact(req.headers),
      status: 0,
    };
    ctx.requests.push(entry);
    if (ctx.requests.length > MAX_LOG) ctx.requests.splice(0, ctx.requests.length - MAX_LOG);

    // What a fault's `match` looks in: the body as sent (a refund's partnerRefundNo, a payout's description…).
    const subject = raw.toString("utf8");
    const latency = faults.fire(route.op, "latency", subject);
    if (latency) await sleep(latency.latencyMs ?? 0);
    if (faults.fire(route.op, "drop-before", subject)) {
      Object.assign(entry, { status: "dropped", fault: "drop-before" });
      return void res.socket?.destroy();
    }
    for (const code of [500, 503, 504] as const) {
      if (faults.fire(route.op, `http${code}`, subject)) {
        const r = faultResponse(route, code);
        Object.assign(entry, { status: r.status, responseCode: codeOf(r.body), fault: `http${code}` });
        return send(res, r.status, r.body);
      }
    }
    const response = await route.run(ctx, { method, path: url.pathname, query: url.searchParams, headers: req.headers, raw, params });
    if (faults.fire(route.op, "drop-after", subject)) {
      Object.assign(entry, { status: "dropped", responseCode: codeOf(response.body), fault: "drop-after" });
      return void res.socket?.destroy();
    }
    Object.assign(entry, { status: response.status, responseCode: codeOf(response.body) });
    send(res, response.status, response.body);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error("sandbox: request failed", err);
      if (!res.headersSent) send(res, 500, { error: "sandbox bug", detail: String(err) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${options.host ?? "127.0.0.1"}:${port}`;

  let sweeping = false;
  const sweeper = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweep(ctx)
      .catch((err: unknown) => console.error("sandbox: sweep failed", err))
      .finally(() => (sweeping = false));
  }, options.sweepIntervalMs ?? 1000);

  return {
    url: baseUrl,
    port,
    ctx,
    keys: { merchantPublicKeyPem, merchantPrivateKeyPem, notifyPrivateKeyPem, notifyPublicKeyPem },
    close: async () => {
      clearInterval(sweeper);
      if (saveTimer) clearTimeout(saveTimer);
      if (config.snapshotFile) saveNow();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function codeOf(body: unknown): string | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const b = body as Record<string, unknown>;
  const c = b.responseCode ?? b.status_code ?? (b.error as Record<string, unknown> | undefined)?.code;
  return typeof c === "string" ? c : undefined;
}
