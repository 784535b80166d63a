/**
 * The Loket app server: Express + Remix. Opens the database (Postgres with DATABASE_URL,
 * embedded PGlite otherwise), applies migrations, runs the boot tasks (demo seed, jobs), then
 * serves. `--dev` serves through Vite's dev middleware.
 */
import "dotenv/config";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import fs from "node:fs";
import path from "node:path";
import { prepareDemoConfig } from "./demo-config";

const dev = process.argv.includes("--dev");
if (!process.env.NODE_ENV) process.env.NODE_ENV = dev ? "development" : "production";
prepareDemoConfig(process.env);

const { boot, shutdown } = await import("../app/boot.server");
const { createApp } = await import("./app");
const bootInfo = await boot();

let build: ServerBuild | (() => Promise<ServerBuild>);
let mountAssets: (app: express.Express) => void;
if (dev) {
  const vite = await import("vite");
  const viteServer = await vite.createServer({ server: { middlewareMode: true } });
  mountAssets = (app) => app.use(viteServer.middlewares);
  build = () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
} else {
  const buildDir = path.resolve("build");
  mountAssets = (app) => {
    app.use(
      "/assets",
      express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }),
    );
    // The few public files (favicon…) by name: express.static would stat the disk for every page request.
    const clientDir = path.join(buildDir, "client");
    // No client build (the scale-out tests serve the route sources through LOKET_SERVER_BUILD before
    // any `remix vite:build`): no public files, and the app still serves its routes.
    const publicFiles = new Set(
      fs.existsSync(clientDir)
        ? fs
            .readdirSync(clientDir, { withFileTypes: true })
            .filter((d) => d.isFile())
            .map((d) => `/${d.name}`)
        : [],
    );
    const serveStatic = express.static(clientDir, { maxAge: "1h" });
    // A public file asked for by its content version (the icon sprite: /icons.svg?v=<hash>) never changes under that URL.
    const serveVersioned = express.static(clientDir, { immutable: true, maxAge: "1y" });
    app.use((req, res, next) =>
      publicFiles.has(req.path) ? (typeof req.query.v === "string" ? serveVersioned : serveStatic)(req, res, next) : next(),
    );
  };
  // LOKET_SERVER_BUILD: another server build module (the scale-out tests serve the route sources).
  build = (await import(
    process.env.LOKET_SERVER_BUILD ?? path.join(buildDir, "server/index.js")
  )) as ServerBuild;
}

// Origin checks, body limits, NUL refusal, safe error logging: see server/app.ts.
const app = createApp({ build, dev, mode: process.env.NODE_ENV, mountAssets });

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
