/**
 * A Remix server build made from the route sources, for the app processes the scale-out tests spawn
 * (`LOKET_SERVER_BUILD=<this file> tsx server/index.ts`): the real server entry and boot, the real
 * routes of this tree, no `remix vite:build` needed (vitest runs before any build in CI, and a shared
 * build/ may be rebuilt under a running test). The one thing Vite does that Node does not — the
 * stylesheet's `?url` import in root.tsx — is answered by a resolve hook.
 */
import { register } from "node:module";
import { serverBuild } from "./http-server";

const hook = `export async function resolve(specifier, context, next) {
  if (/\\.css\\?url$/.test(specifier)) return { url: "data:text/javascript,export default '/assets/styles.css'", shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);

const build = await serverBuild();
export const { mode, entry, routes, assets, basename, publicPath, assetsBuildDirectory, future, isSpaMode } = build;
