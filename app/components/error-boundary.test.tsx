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

const { GeneralErrorBoundary } = await import("./error-boundary");
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
