/**
 * The Loket app server: Express + Remix. Opens the database (Postgres with DATABASE_URL,
 * embedded PGlite otherwise), applies migrations, runs the boot tasks (demo seed, jobs), then
 * serves. `--dev` serves through Vite's dev middleware.
 */
import "dotenv/config";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { prepareDemoConfig } from "./demo-config";

const dev = process.argv.includes("--dev");
if (!process.env.NODE_ENV) process.env.NODE_ENV = dev ? "development" : "production";
prepareDemoConfig(process.env);

const { boot, shutdown } = await import("../app/boot.server");
const { securityHeaders } = await import("../app/security-headers.server");
const bootInfo = await boot();

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "true");
app.use(compression());

// A fresh nonce per request for the Content-Security-Policy and Remix's inline scripts.
app.use((_req, res, next) => {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  for (const [k, v] of Object.entries(securityHeaders({ nonce, dev }))) res.setHeader(k, v);
  next();
});

let build: ServerBuild | (() => Promise<ServerBuild>);
if (dev) {
  const vite = await import("vite");
  const viteServer = await vite.createServer({ server: { middlewareMode: true } });
  app.use(viteServer.middlewares);
  build = () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
} else {
  const buildDir = path.resolve("build");
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
}

// Webhooks need the exact bytes GoPay signed: keep the raw body for those paths.
app.use(["/v1.0", "/webhooks"], express.raw({ type: "*/*", limit: "1mb" }), (req, _res, next) => {
  if (Buffer.isBuffer(req.body)) (req as unknown as { rawBody: Buffer }).rawBody = req.body;
  next();
});

app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce as string,
      rawBody: (req as unknown as { rawBody?: Buffer }).rawBody,
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    }),
  }),
);

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => {
  console.log(`Loket ready on http://localhost:${port} (${bootInfo.database})`);
  for (const line of bootInfo.messages) console.log(line);
});

let closing = false;
async function close(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: shutting down`);
  server.close();
  await shutdown();
  process.exit(0);
}
process.on("SIGINT", () => void close("SIGINT"));
process.on("SIGTERM", () => void close("SIGTERM"));
