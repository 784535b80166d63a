import { createRequire } from "node:module";
import path from "node:path";
import { PassThrough, Writable } from "node:stream";
import { createElement, Suspense, type ReactNode } from "react";
import { describe, expect, it } from "vitest";
import type * as RouterModule from "@remix-run/router";

/**
 * The patches under patches/ that take per-document work out of Remix's render pipeline (applied
 * by `postinstall`): these tests load the same CommonJS copies the server loads.
 * - react-dom: a flush is written as one Buffer, not a chunk per 2 KB of TextEncoder views.
 * - @remix-run/server-runtime: a loader gets the request itself when there is no `index` or
 *   `_routes` to strip (so one page load's loaders share one Request, and the session lookup
 *   memoised per Request runs once); one route-module map per build.
 * - react-router-dom: static data routes made once per routes array.
 * - @remix-run/router: the matches of a pathname remembered per ranked route set.
 */
const require = createRequire(import.meta.url);

type Renderer = {
  renderToPipeableStream: (
    node: ReactNode,
    opts: { onAllReady?: () => void; onShellReady?: () => void; onError?: (e: unknown) => void },
  ) => { pipe: <W extends NodeJS.WritableStream>(w: W) => W; abort: () => void };
};
// Both builds (the server runs the production one; tests and `npm run dev` the development one),
// by file: react-dom's exports map only offers the one NODE_ENV picks.
const reactDomDir = path.dirname(require.resolve("react-dom/package.json"));
const renderers: [string, Renderer][] = [
  ["production", require(path.join(reactDomDir, "cjs/react-dom-server.node.production.min.js")) as Renderer],
  ["development", require(path.join(reactDomDir, "cjs/react-dom-server.node.development.js")) as Renderer],
];

/** Renders to the end; returns the bytes and how many writes reached the destination. */
function render(renderer: Renderer, node: ReactNode): Promise<{ html: string; writes: number }> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        parts.push(chunk);
        cb();
      },
    });
    sink.on("finish", () => resolve({ html: Buffer.concat(parts).toString("utf8"), writes: parts.length }));
    const { pipe } = renderer.renderToPipeableStream(node, {
      onAllReady: () => pipe(sink),
      onError: reject,
    });
  });
}

const TEXT = "Rp 10.000 — café 日本 😀 <b>&\"'";
const rows = (n: number) =>
  createElement(
    "table",
    null,
    createElement(
      "tbody",
      null,
      Array.from({ length: n }, (_, i) =>
        createElement("tr", { key: i, className: "row" }, createElement("td", { title: TEXT }, `${i} `, TEXT)),
      ),
    ),
  );
const expectedRows = (n: number) => {
  const esc = "Rp 10.000 — café 日本 😀 &lt;b&gt;&amp;&quot;&#x27;";
  return `<table><tbody>${Array.from({ length: n }, (_, i) => `<tr class="row"><td title="${esc}">${i} <!-- -->${esc}</td></tr>`).join("")}</tbody></table>`;
};

describe("react-dom patch: one write per flush", () => {
  for (const [name, renderer] of renderers) {
    it(`${name}: the same markup, multi-byte text intact, ~200 KB in one write (unpatched: one per 2 KB)`, async () => {
      const { html, writes } = await render(renderer, rows(2000));
      expect(html).toBe(expectedRows(2000));
      expect(Buffer.byteLength(html)).toBeGreaterThan(150_000);
      expect(writes).toBe(1);
    });

    it(`${name}: streamed Suspense boundaries still arrive in their own flushes, and two renders never mix`, async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let done = false;
      function Late() {
        if (!done) throw gate.then(() => void (done = true));
        return createElement("p", null, "late é");
      }
      const out = new PassThrough();
      const chunks: string[] = [];
      out.on("data", (c: Buffer) => chunks.push(c.toString("utf8")));
      const shell = new Promise<void>((resolve, reject) => {
        const { pipe } = renderer.renderToPipeableStream(
          createElement("main", null, createElement("h1", null, "first"), createElement(Suspense, { fallback: createElement("i", null, "…") }, createElement(Late))),
          {
            onShellReady: () => {
              pipe(out);
              resolve();
            },
            onError: reject,
          },
        );
      });
      await shell;
      await new Promise((r) => setImmediate(r));
      expect(chunks.join("")).toContain("<h1>first</h1>");
      expect(chunks.join("")).not.toContain("late é");
      // Another render completes in between: its bytes are its own.
      const other = await render(renderer, rows(3));
      expect(other.html).toBe(expectedRows(3));
      release();
      await new Promise((r) => out.on("end", r));
      const all = chunks.join("");
      expect(all).toContain("late é");
      expect(all).not.toContain('class="row"');
      expect(chunks.length).toBeGreaterThanOrEqual(2);
    });
  }
});

describe("@remix-run/server-runtime patch: loaders get the request itself", () => {
  const data = require("@remix-run/server-runtime/dist/data.js") as {
    callRouteLoader: (a: { loadContext: unknown; loader: (x: { request: Request }) => unknown; params: object; request: Request; routeId: string; singleFetch: boolean }) => Promise<unknown>;
  };
  const seen = async (request: Request) => {
    let got: Request | undefined;
    await data.callRouteLoader({
      loadContext: {},
      params: {},
      request,
      routeId: "r",
      singleFetch: true,
      loader: ({ request: r }) => ((got = r), null),
    });
    return got!;
  };

  it("without index or _routes, every loader sees the same Request object", async () => {
    const request = new Request("http://loket.test/orders?status=paid&q=ORD-1", { headers: { cookie: "a=b" } });
    expect(await seen(request)).toBe(request);
    expect(await seen(request)).toBe(await seen(request));
  });

  it("index and _routes are still stripped (a blank index dropped, a valued one kept)", async () => {
    const stripped = await seen(new Request("http://loket.test/orders?index&_routes=root&status=paid"));
    expect(stripped.url).toBe("http://loket.test/orders?status=paid");
    expect((await seen(new Request("http://loket.test/x?index=1"))).url).toBe("http://loket.test/x?index=1");
    const withHeaders = await seen(new Request("http://loket.test/orders?_routes=a", { headers: { cookie: "s=1" } }));
    expect(withHeaders.headers.get("cookie")).toBe("s=1");
  });

  it("one route-module map per build", () => {
    const entry = require("@remix-run/server-runtime/dist/entry.js") as { createEntryRouteModules: (m: object) => object };
    const build = { root: { module: { a: 1 } }, page: { module: { b: 2 } } };
    const first = entry.createEntryRouteModules(build);
    expect(first).toEqual({ root: { a: 1 }, page: { b: 2 } });
    expect(entry.createEntryRouteModules(build)).toBe(first);
    expect(entry.createEntryRouteModules({ ...build })).not.toBe(first);
  });
});

describe("react-router-dom patch: static data routes once per routes array", () => {
  const server = require("react-router-dom/server") as {
    createStaticRouter: (routes: object[], context: object) => { routes: { children?: object[] }[]; state: { matches: { route: object }[] } };
  };
  it("the same routes give the same data routes; matches point at them", () => {
    const routes = [{ id: "root", path: "/", children: [{ id: "orders", path: "orders" }] }];
    const context = (r: typeof routes) => ({ basename: "/", location: { pathname: "/orders" }, matches: [{ route: r[0] }, { route: r[0]!.children[0] }], loaderData: {}, actionData: null, errors: null, statusCode: 200, loaderHeaders: {}, actionHeaders: {}, activeDeferreds: null });
    const a = server.createStaticRouter(routes, context(routes));
    const b = server.createStaticRouter(routes, context(routes));
    expect(b.routes).toBe(a.routes);
    expect(b.state.matches[1]!.route).toBe(a.routes[0]!.children![0]);
    const fresh = [{ ...routes[0]! }];
    expect(server.createStaticRouter(fresh, context(fresh)).routes).not.toBe(a.routes);
  });
});

describe("@remix-run/router patch: remembered matches", () => {
  const router = require("@remix-run/router") as typeof RouterModule;
  const tree = [
    { id: "root", path: "/", children: [{ id: "order", path: "orders/:orderId", children: [{ id: "tab", path: ":tab" }] }] },
  ];
  it("each call gets its own objects: changing one result does not change the next", () => {
    const first = router.matchRoutes(tree, "/orders/ORD-1/history")!;
    expect(first.map((m) => m.route.id)).toEqual(["root", "order", "tab"]);
    expect(first[2]!.params).toEqual({ orderId: "ORD-1", tab: "history" });
    // One params object per result, shared by its matches, as matchRouteBranch makes it.
    expect(first[0]!.params).toBe(first[2]!.params);
    (first[2]!.params as Record<string, string>).orderId = "tampered";
    first.pop();
    const second = router.matchRoutes(tree, "/orders/ORD-1/history")!;
    expect(second).toHaveLength(3);
    expect(second[2]!.params).toEqual({ orderId: "ORD-1", tab: "history" });
    expect(second[1]!.route).toBe(first[1]!.route);
  });

  it("stays right past its bound and for paths that do not match", () => {
    for (let i = 0; i < 1200; i++) {
      const m = router.matchRoutes(tree, `/orders/ORD-${i}/tab${i % 7}`)!;
      expect(m[2]!.params).toEqual({ orderId: `ORD-${i}`, tab: `tab${i % 7}` });
    }
    expect(router.matchRoutes(tree, "/nowhere/a/b/c")).toBeNull();
    expect(router.matchRoutes(tree, "/nowhere/a/b/c")).toBeNull();
    expect(router.matchRoutes(tree, "/orders/x%20y")![1]!.params.orderId).toBe("x y");
  });
});
