import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { afterEach, describe, expect, it, vi } from "vitest";
import type * as RemixReact from "@remix-run/react";

const routeError = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock("@remix-run/react", async (importOriginal) => ({
  ...(await importOriginal<typeof RemixReact>()),
  useRouteError: () => routeError.current,
  Link: ({ to, children }: { to: string; children: React.ReactNode }) => <a href={to}>{children}</a>,
}));

const { ErrorPage, GeneralErrorBoundary, translateDetail } = await import("./error-boundary");
const { sharedI18n } = await import("~/i18n/i18n.server");

afterEach(() => vi.restoreAllMocks());

describe("GeneralErrorBoundary on the server", () => {
  it("renders the unexpected-error page without writing the error to the console", async () => {
    const i18n = await sharedI18n("en");
    // A database error's message carries the statement's values: a customer's phone, here.
    routeError.current = new Error('duplicate key value violates unique constraint: (phone)=(+6281234567890)');
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    const consoleLog = vi.spyOn(console, "log").mockImplementation(() => {});
    const html = renderToString(
      <I18nextProvider i18n={i18n}>
        <GeneralErrorBoundary />
      </I18nextProvider>,
    );
    expect(html).toContain('data-testid="error-page"');
    expect(html).toContain("An unexpected error stopped this page.");
    expect(html).not.toContain("6281234567890");
    expect(consoleError).not.toHaveBeenCalled();
    expect(consoleLog).not.toHaveBeenCalled();
  });
});

describe("a loader's 404 sentence in the page's language", () => {
  it.each([
    // app/routes/_app.orders.$orderId.tsx, _app.orders.$orderId.server.ts, _app.coins.batches.$batchId.tsx
    ["No order with id “NOPE-1”.", "Tidak ada pesanan dengan ID “NOPE-1”."],
    ["Order not found.", "Pesanan ini tidak ada."],
    ["No such batch.", "Batch ini tidak ditemukan."],
  ])("%s", async (english, indonesian) => {
    const id = (await sharedI18n("id")).getFixedT("id", "errors");
    const en = (await sharedI18n("en")).getFixedT("en", "errors");
    expect(translateDetail(english, id)).toBe(indonesian);
    expect(translateDetail(english, en)).toBe(english);
  });

  it("is shown under the 404 title, the order id as typed (escaped by React, not by i18next)", async () => {
    const i18n = await sharedI18n("id");
    const detail = "No order with id “A&B<1>”.";
    const html = renderToString(
      <I18nextProvider i18n={i18n}>
        <ErrorPage status={404} detail={detail} />
      </I18nextProvider>,
    );
    expect(html).toContain("Galat 404");
    expect(html).toContain("Tidak ada pesanan dengan ID “A&amp;B&lt;1&gt;”.");
    expect(html).not.toContain("No order with id");
  });
});
