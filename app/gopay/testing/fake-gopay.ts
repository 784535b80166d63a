import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import pino, { type Logger } from "pino";

// why: unit tests may stub at the HTTP boundary. This is a real local HTTP server on port 0 that
// records exactly what the client put on the wire; the client code under test is not mocked.

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The raw body bytes as received, as UTF-8. */
  body: string;
}

export type Reply =
  | { status: number; json?: unknown; text?: string; delayMs?: number }
  /** Destroy the socket after reading the request: the caller cannot know whether it was applied. */
  | { drop: true };

export type Handler = (req: RecordedRequest, n: number) => Reply | Promise<Reply>;

export interface FakeGopay {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Requests to one path. */
  to(path: string): RecordedRequest[];
  /** Replaces the handler for one path (matched with startsWith on the path without query). */
  on(path: string, handler: Handler): void;
  stop(): Promise<void>;
  /** Stops listening (connection refused) until start() is called again, same port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

export async function startFakeGopay(defaultHandler?: Handler): Promise<FakeGopay> {
  const requests: RecordedRequest[] = [];
  const handlers = new Map<string, Handler>();
  const counts = new Map<string, number>();

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    const rec: RecordedRequest = { method: req.method ?? "", path: req.url ?? "", headers, body: Buffer.concat(chunks).toString("utf8") };
    requests.push(rec);
    const bare = rec.path.split("?")[0]!;
    const key = [...handlers.keys()].filter((p) => bare.startsWith(p)).sort((a, b) => b.length - a.length)[0];
    const n = (counts.get(key ?? "") ?? 0) + 1;
    counts.set(key ?? "", n);
    const handler = (key ? handlers.get(key) : undefined) ?? defaultHandler;
    const reply: Reply = handler ? await handler(rec, n) : { status: 404, json: { error: "no handler" } };
    if ("drop" in reply) {
      req.socket.destroy();
      return;
    }
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return;
    const text = reply.text ?? (reply.json === undefined ? "" : JSON.stringify(reply.json));
    res.writeHead(reply.status, { "content-type": "application/json" });
    res.end(text);
  }

  let server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  await listen(server, 0);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    to: (path) => requests.filter((r) => r.path.split("?")[0] === path),
    on: (path, h) => void handlers.set(path, h),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
    async pause() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
    async resume() {
      server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
      await listen(server, port);
    },
  };
}

/** A pino logger writing JSON lines into an array, to assert what the client logs. */
export function captureLogs(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString("utf8"));
      cb();
    },
  });
  return { logger: pino({ level: "trace" }, stream), lines };
}
