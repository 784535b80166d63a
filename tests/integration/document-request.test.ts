import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "../support/db";
import { BROWSER_LANGUAGE, makeStaff } from "./auth-helpers";
import { serverBuild, startHttpApp, type HttpApp } from "./http-server";

/**
 * One page load, one Request: every loader of a document (root, the shell, the page) gets the same
 * Request object, so what is remembered per Request (the signed-in staff member, looked up once in
 * app/auth/session.server.ts) is worked out once per page. Remix 2 gave each loader two fresh copies
 * (stripIndexParam, stripRoutesParam), so the session was read three times per page;
 * patches/@remix-run+server-runtime+*.patch passes the request on when there is nothing to strip.
 */
const t = useTestDb();
let app: HttpApp;
const seen: { routeId: string; request: Request }[] = [];
beforeAll(async () => {
  const build = await serverBuild();
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const loader = route.module.loader;
    routes[id] = !loader
      ? route
      : {
          ...route,
          module: {
            ...route.module,
            loader: (args: Parameters<typeof loader>[0]) => {
              seen.push({ routeId: id, request: args.request });
              return loader(args);
            },
          },
        };
  }
  app = await startHttpApp({ build: { ...build, routes } });
});
afterAll(async () => app?.close());

const get = (path: string, cookie: string) =>
  fetch(`${app.url}${path}`, { headers: { Cookie: cookie, "Accept-Language": BROWSER_LANGUAGE }, redirect: "manual" });

describe("a document request", () => {
  it("hands every loader the same Request, for documents and for .data", async () => {
    const admin = await makeStaff(t.db, "admin");
    for (const path of ["/orders?status=paid", "/settings/limits", "/orders.data?status=paid"]) {
      seen.length = 0;
      const res = await get(path, admin.cookie);
      expect(res.status, path).toBe(200);
      await res.arrayBuffer();
      expect(seen.map((s) => s.routeId).slice(0, 2), path).toEqual(["root", "routes/_app"]);
      expect(seen.length, path).toBeGreaterThanOrEqual(3);
      for (const s of seen) expect(s.request, `${path} ${s.routeId}`).toBe(seen[0]!.request);
      expect(new URL(seen[0]!.request.url).searchParams.get("status"), path).toBe(path.startsWith("/orders") ? "paid" : null);
    }
  });

  it("still strips Remix's own parameters: a loader never sees _routes or a bare index", async () => {
    const admin = await makeStaff(t.db, "admin");
    seen.length = 0;
    const res = await get("/orders.data?status=paid&_routes=routes%2F_app.orders._index", admin.cookie);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(seen.map((s) => s.routeId)).toEqual(["routes/_app.orders._index"]);
    expect(seen[0]!.request.url).not.toContain("_routes");
    expect(new URL(seen[0]!.request.url).searchParams.get("status")).toBe("paid");
  });
});
