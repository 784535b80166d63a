import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "~db/schema";
import { can } from "~/auth/permissions";
import { createSession } from "~/auth/session.server";
import { useTestDb } from "../support/db";
import { APP, makeStaff, post } from "./auth-helpers";
import { ROUTE_MATRIX, type Access, type IntentAction, type RouteEntry } from "./route-matrix.table";

const t = useTestDb();

const ROUTES_DIR = path.resolve(process.cwd(), "app/routes");
const ROUTE_FILE = /\.(tsx?|jsx?|mdx?)$/;
const IGNORED = /\.test\.(tsx?)$|\.css$|\.server\.ts$/; // as vite.config.ts ignoredRouteFiles
// Flat routes: files directly in app/routes/, or folders with a route.tsx inside.
function routeFiles(): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(ROUTES_DIR, { withFileTypes: true })) {
    if (entry.isFile() && ROUTE_FILE.test(entry.name) && !IGNORED.test(entry.name)) out.push(entry.name);
    if (entry.isDirectory()) {
      const inner = readdirSync(path.join(ROUTES_DIR, entry.name)).find((f) => /^route\.(tsx?|jsx?)$/.test(f));
      if (inner) out.push(`${entry.name}/${inner}`);
    }
  }
  return out.sort();
}

type Who = Role | "signed-out";
const WHO: Who[] = [...ROLES, "signed-out"];
type Outcome = { status: number; location?: string | null; error?: unknown };

function outcomeOf(value: unknown): Outcome {
  if (value instanceof Response) return { status: value.status, location: value.headers.get("Location") };
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    return { status: (value as { init?: { status?: number } | null }).init?.status ?? 200 };
  }
  return { status: 200 };
}

async function run(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    return outcomeOf(await fn());
  } catch (err) {
    if (err instanceof Response) return outcomeOf(err);
    // A crash is a 500 to the user; for a forbidden caller it means the check did not come first.
    return { status: 500, error: err };
  }
}

function permitted(access: Access, who: Who): boolean {
  if (access === "public") return true;
  if (access === "api-key" || access === "signature") return false;
  if (who === "signed-out") return false;
  return access === "signed-in" || can(who, access);
}

/** A sentence when the outcome breaks the rule, else null. */
function violation(kind: "loader" | "action", access: Access, who: Who, o: Outcome): string | null {
  if (access === "signature") return o.status >= 200 && o.status < 300 ? `unsigned webhook call answered ${o.status}` : null;
  if (access === "api-key") return o.status === 401 ? null : `API-key route: a staff session gives no access, expected 401, got ${o.status}`;
  if (permitted(access, who)) {
    return o.status === 401 || o.status === 403 ? `permitted but got ${o.status}` : null;
  }
  if (who === "signed-out") {
    if (kind === "loader") {
      return o.status >= 300 && o.status < 400 && o.location?.startsWith("/login") ? null : `signed out: expected redirect to /login, got ${o.status} ${o.location ?? ""}`;
    }
    return o.status === 401 ? null : `signed out: expected 401, got ${o.status}`;
  }
  return o.status === 403 ? null : `role without ${access}: expected 403, got ${o.status}${o.error ? ` (${String(o.error)})` : ""}`;
}

const roleStaff = new Map<Role, string>();
/** A fresh real session per call: some actions (sign-out) revoke the one they are given. */
async function cookieFor(who: Who): Promise<string | undefined> {
  if (who === "signed-out") return undefined;
  const { cookie } = await createSession(roleStaff.get(who)!, { ip: "127.0.0.1" }, t.db);
  return cookie.split(";")[0];
}

const context = { cspNonce: "", clientIp: "127.0.0.1" };
type Mod = { loader?: (a: unknown) => Promise<unknown>; action?: (a: unknown) => Promise<unknown> };
const load = (file: string) => import(/* @vite-ignore */ path.join(ROUTES_DIR, file)) as Promise<Mod>;

beforeAll(async () => {
  for (const role of ROLES) roleStaff.set(role, (await makeStaff(t.db, role)).id);
});

describe("route × role matrix", () => {
  it("has an entry for every route module in app/routes/ (add yours to route-matrix.table.ts)", () => {
    const files = routeFiles();
    expect(files.filter((f) => !(f in ROUTE_MATRIX)), "route files without an entry in route-matrix.table.ts").toEqual([]);
    expect(Object.keys(ROUTE_MATRIX).filter((f) => !files.includes(f)), "entries whose route file is gone").toEqual([]);
  });

  for (const [file, entry] of Object.entries(ROUTE_MATRIX) as Array<[string, RouteEntry]>) {
    it(`${file}: exports match the table, and every role gets what it may`, async () => {
      const mod = await load(file);
      expect(typeof mod.loader === "function", `${file} exports a loader ⇔ the table lists one`).toBe(entry.loader !== undefined);
      expect(typeof mod.action === "function", `${file} exports an action ⇔ the table lists one`).toBe(entry.action !== undefined);
      const problems: string[] = [];
      const params = entry.params ?? {};

      if (entry.loader && mod.loader) {
        for (const who of WHO) {
          const cookie = await cookieFor(who);
          const request = new Request(`${APP}${entry.path}`, { headers: cookie ? { Cookie: cookie } : {} });
          const o = await run(() => mod.loader!({ request, params, context }));
          const v = violation("loader", entry.loader, who, o);
          if (v) problems.push(`loader as ${who}: ${v}`);
        }
      }

      if (entry.action && mod.action) {
        const cases: Array<{ label: string; access: Access; form: Record<string, string> }> =
          typeof entry.action === "string"
            ? [{ label: "action", access: entry.action, form: entry.form ?? {} }]
            : Object.entries((entry.action as IntentAction).intents).map(([intent, access]) => ({
                label: `action intent=${intent}`,
                access,
                form: { intent, ...((entry.action as IntentAction).forms?.[intent] ?? {}) },
              }));
        for (const c of cases) {
          for (const who of WHO) {
            const request = post(entry.path, c.form, await cookieFor(who));
            const o = await run(() => mod.action!({ request, params, context }));
            const v = violation("action", c.access, who, o);
            if (v) problems.push(`${c.label} as ${who}: ${v}`);
          }
        }
        if (typeof entry.action !== "string") {
          // An unknown intent from someone allowed on the page is a 400, not a silent success.
          const someone = ROLES.find((r) => Object.values((entry.action as IntentAction).intents).some((a) => permitted(a, r)));
          if (someone) {
            const o = await run(async () => mod.action!({ request: post(entry.path, { intent: "no-such-intent" }, await cookieFor(someone)), params, context }));
            if (o.status !== 400) problems.push(`unknown intent as ${someone}: expected 400, got ${o.status}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it("refuses a POST from a foreign Origin with 403, even with a valid admin session", async () => {
    const cookie = await cookieFor("admin");
    for (const file of ["_app.settings.staff.tsx", "_auth.login.tsx", "logout.tsx"]) {
      const mod = await load(file);
      const entry = ROUTE_MATRIX[file]!;
      const request = post(entry.path, { intent: "create" }, cookie, "https://evil.example");
      const o = await run(() => mod.action!({ request, params: {}, context }));
      expect(o.status, file).toBe(403);
    }
    // No Origin and no Referer at all is refused too.
    const mod = await load("_app.settings.staff.tsx");
    const bare = new Request(`${APP}/settings/staff`, { method: "POST", headers: { Cookie: cookie! }, body: new URLSearchParams({ intent: "create" }) });
    expect((await run(() => mod.action!({ request: bare, params: {}, context }))).status).toBe(403);
  });
});
