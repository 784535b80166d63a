import { PassThrough } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { isLanguage } from "./i18n/config";
import { getLanguage, sharedI18n } from "./i18n/i18n.server";
import { logger, safeError } from "./lib/logger.server";
import { NonceProvider } from "./nonce";

export const streamTimeout = 5_000;

/**
 * Errors a loader or action threw (not Responses). Logged through safeError: a database error's
 * SQL parameters and row values (customers' names, phones, emails) never reach the log. An
 * aborted request (client gone, or refused by server/app.ts mid-body) is not an error.
 */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs): void {
  if (request.signal.aborted) return;
  const url = new URL(request.url);
  logger().error({ err: safeError(error), method: request.method, path: url.pathname }, "unhandled error in a loader or action");
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The root loader already chose the language (staff setting → cookie → Accept-Language → id);
  // rendering with the same one is what makes the first byte and the hydration agree.
  const rootData = remixContext.staticHandlerContext.loaderData?.root as { locale?: unknown } | undefined;
  const lng = isLanguage(rootData?.locale) ? rootData.locale : await getLanguage(request);
  const i18n = await sharedI18n(lng);
  const nonce = (loadContext as { cspNonce?: string }).cspNonce ?? "";
  const callback = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <I18nextProvider i18n={i18n}>
        <NonceProvider value={nonce}>
          <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
        </NonceProvider>
      </I18nextProvider>,
      {
        nonce,
        [callback]() {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger().error({ err: safeError(error), path: new URL(request.url).pathname }, "render failed");
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}
