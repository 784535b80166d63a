import type { ServerBuild } from "@remix-run/node";
import type { AssetsManifest } from "@remix-run/server-runtime/dist/entry";
import type { EntryRoute, ServerRoute } from "@remix-run/server-runtime/dist/routes";
import { UNSAFE_flatRoutes as flatRoutes } from "@remix-run/dev";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Writable } from "node:stream";
import { createApp } from "../../server/app";
import { setLogDestination } from "../../app/lib/logger.server";

/**
 * The real Express app of server/index.ts (server/app.ts: origin check, body limits, NUL refusal,
 * error logging, Remix) on a free port, serving the real route modules of app/routes with the
 * real entry.server — loaded in this test process, so the test's database (useTestDb) is the
 * app's. Only the browser asset manifest is a stand-in: no client bundle is built or served.
 */
export interface HttpApp {
  url: string;
  /** Log lines the app wrote (pino JSON), for tests that check what reaches the log. */
  logs: string[];
  close(): Promise<void>;
}

const APP_DIR = path.resolve(process.cwd(), "app");

/** The route sources as a ServerBuild (no Vite build): also the scale-out tests' child servers (scale-out-build.ts). */
export async function serverBuild(): Promise<ServerBuild> {
  const manifest = flatRoutes(APP_DIR, ["**/*.test.ts", "**/*.test.tsx", "**/*.css"]);
  const defs = [
    { id: "root", file: "root.tsx", path: "", parentId: undefined as string | undefined, index: undefined as boolean | undefined, caseSensitive: undefined as boolean | undefined },
    ...Object.values(manifest).filter((r) => !/\.server\.tsx?$/.test(r.file)),
  ];
  const routes: Record<string, Omit<ServerRoute, "children">> = {};
  const assetRoutes: Record<string, EntryRoute> = {};
  for (const r of defs) {
    const module = (await import(/* @vite-ignore */ path.join(APP_DIR, r.file))) as ServerRoute["module"];
    const parentId = r.id === "root" ? undefined : (r.parentId ?? "root");
    routes[r.id] = { id: r.id, parentId, path: r.path, index: r.index, caseSensitive: r.caseSensitive, module };
    assetRoutes[r.id] = {
      id: r.id,
      parentId,
      path: r.path,
      index: r.index,
      caseSensitive: r.caseSensitive,
      hasAction: typeof module.action === "function",
      hasLoader: typeof module.loader === "function",
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: typeof module.ErrorBoundary === "function",
      module: `/assets/${r.id}.js`,
      imports: [],
    };
  }
  const assets: AssetsManifest = { entry: { module: "/assets/entry.client.js", imports: [] }, routes: assetRoutes, url: "/assets/manifest.js", version: "test" };
  const entry = (await import("../../app/entry.server")) as unknown as ServerBuild["entry"]["module"];
  return {
    mode: "production",
    entry: { module: entry },
    routes,
    assets,
    basename: "/",
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_singleFetch: true, v3_lazyRouteDiscovery: true },
    isSpaMode: false,
  };
}

/** Starts the app (on `opts.build`, else serverBuild()); APP_URL (the origin state-changing staff requests must come from) is its own URL. */
export async function startHttpApp(opts: { build?: ServerBuild } = {}): Promise<HttpApp> {
  const build = opts.build ?? (await serverBuild());
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const logs: string[] = [];
  setLogDestination(
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        logs.push(...chunk.toString("utf8").split("\n").filter(Boolean));
        cb();
      },
    }),
  );
  server.on("request", createApp({ build, mode: "production", appUrl: url }));
  return {
    url,
    logs,
    close: async () => {
      setLogDestination(undefined);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Body bytes the client had written when the answer arrived. */
  sent: number;
}

/**
 * A raw HTTP/1.1 request that keeps writing `chunk` (chunked, or under a declared Content-Length)
 * until `total` bytes are sent or the server answers — whichever comes first. For body-limit tests:
 * fetch would not let us see an answer given before the upload ended.
 */
export function rawPost(
  url: string,
  opts: { headers?: Record<string, string>; total: number; chunk?: Buffer; declareLength?: boolean },
): Promise<RawResponse> {
  const chunk = opts.chunk ?? Buffer.alloc(16 * 1024, "a");
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(url, {
      method: "POST",
      headers: { ...(opts.declareLength ? { "Content-Length": String(opts.total) } : { "Transfer-Encoding": "chunked" }), ...opts.headers },
    });
    req.on("response", (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString("utf8"), sent }));
      res.on("error", reject);
    });
    req.on("error", (err) => {
      if (!answered) reject(err);
    });
    const pump = () => {
      while (!answered && sent < opts.total) {
        const piece = chunk.subarray(0, Math.min(chunk.length, opts.total - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    setImmediate(pump);
  });
}
