import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type * as RouterModule from "@remix-run/router";

/**
 * patches/@remix-run+router+1.23.3.patch (applied by `postinstall`) caches route flattening and
 * path compilation in the copy of @remix-run/router the server loads (its CommonJS build, which
 * @remix-run/server-runtime and react-router require). These tests load that same copy.
 */
const router = createRequire(import.meta.url)("@remix-run/router") as typeof RouterModule;

const routes = () => [
  {
    id: "root",
    path: "/",
    children: [
      { id: "orders", path: "orders", children: [{ id: "orders-index", index: true }, { id: "order", path: ":orderId" }] },
      { id: "audit", path: "audit" },
      { id: "splat", path: "*" },
    ],
  },
];
const ids = (matches: ReturnType<typeof router.matchRoutes>) => matches?.map((m) => m.route.id);

describe("route matching with the cache patch", () => {
  it("is applied: a routes array is flattened once, so a route pushed into it behind the router's back is not seen", () => {
    const tree = routes();
    expect(ids(router.matchRoutes(tree, "/reports"))).toEqual(["root", "splat"]);
    tree[0]!.children.unshift({ id: "reports", path: "reports" } as (typeof tree)[0]["children"][number]);
    // Unpatched, this would find "reports": the tree was flattened again on every call.
    expect(ids(router.matchRoutes(tree, "/reports"))).toEqual(["root", "splat"]);
    // A new array (what Remix builds per request for rendering) is flattened afresh.
    expect(ids(router.matchRoutes([...tree], "/reports"))).toEqual(["root", "reports"]);
  });

  it("matches as before: params, index routes, case-insensitive paths, splats, repeated calls", () => {
    const tree = routes();
    for (let i = 0; i < 3; i++) {
      const order = router.matchRoutes(tree, "/orders/INV-1%2F2");
      expect(ids(order)).toEqual(["root", "orders", "order"]);
      expect(order?.at(-1)?.params).toEqual({ orderId: "INV-1/2" });
      expect(ids(router.matchRoutes(tree, "/orders"))).toEqual(["root", "orders", "orders-index"]);
      expect(ids(router.matchRoutes(tree, "/ORDERS/x"))).toEqual(["root", "orders", "order"]);
      expect(router.matchRoutes(tree, "/orders/x")?.at(-1)?.params).toEqual({ orderId: "x" });
      expect(ids(router.matchRoutes(tree, "/nope/deeper"))).toEqual(["root", "splat"]);
      expect(router.matchPath("/orders/:orderId", "/orders/abc")?.params).toEqual({ orderId: "abc" });
      expect(router.matchPath({ path: "/orders", end: false }, "/orders/abc")?.pathnameBase).toEqual("/orders");
      expect(router.matchPath({ path: "/orders", end: true }, "/orders/abc")).toBeNull();
      expect(router.matchPath({ path: "/Orders", caseSensitive: true }, "/orders")).toBeNull();
      expect(router.matchPath({ path: "/Orders", caseSensitive: false }, "/orders")).not.toBeNull();
    }
  });

  it("sees routes added through the router's own patchRoutes (lazy route discovery)", async () => {
    const r = router.createRouter({
      routes: [{ id: "root", path: "/", children: [{ id: "home", index: true }] }],
      history: router.createMemoryHistory({ initialEntries: ["/"] }),
    });
    r.initialize();
    expect(router.matchRoutes(r.routes, "/later")).toBeNull();
    r.patchRoutes("root", [{ id: "later", path: "later" }]);
    expect(ids(router.matchRoutes(r.routes, "/later"))).toEqual(["root", "later"]);
    await r.navigate("/later");
    expect(r.state.matches.map((m) => m.route.id)).toEqual(["root", "later"]);
    r.dispose();
  });
});
