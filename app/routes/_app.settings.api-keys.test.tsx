import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it, vi } from "vitest";
import type * as RemixReact from "@remix-run/react";

// why: the page is rendered alone, outside a Remix router; its hooks answer as for an admin's
// first visit (no keys yet, nothing submitted).
vi.mock("@remix-run/react", async (importOriginal) => ({
  ...(await importOriginal<typeof RemixReact>()),
  useLoaderData: () => ({ keys: [] }),
  useActionData: () => undefined,
  useNavigation: () => ({ state: "idle" }),
  useFormAction: () => "/settings/api-keys",
  useLocation: () => ({ pathname: "/settings/api-keys", search: "", hash: "" }),
  Form: ({ children }: { children: React.ReactNode }) => <form method="post">{children}</form>,
  Link: ({ to, children }: { to: string; children: React.ReactNode }) => <a href={to}>{children}</a>,
}));

const { default: ApiKeysSettings } = await import("./_app.settings.api-keys");
const { sharedI18n } = await import("~/i18n/i18n.server");

async function description(lng: "en" | "id") {
  const i18n = await sharedI18n(lng);
  const html = renderToString(
    <I18nextProvider i18n={i18n}>
      <ApiKeysSettings />
    </I18nextProvider>,
  );
  // The header sentence: from the path's code to the full stop after the header's code.
  return /<code[^>]*>\/api\/v1\/…<\/code>.*?<\/p>/.exec(html)?.[0] ?? html;
}

describe("/settings/api-keys: how to send a key", () => {
  it("shows the header literally, full stop outside the code (English)", async () => {
    const d = await description("en");
    expect(d).toMatch(/with the header <code[^>]*>Authorization: Bearer &lt;key&gt;<\/code>\.<\/p>/);
    expect(d).not.toContain("&lt;/key&gt;");
    expect(d).not.toContain("<key>");
  });

  it("shows the header literally, full stop outside the code (Bahasa Indonesia)", async () => {
    const d = await description("id");
    expect(d).toMatch(/dengan header <code[^>]*>Authorization: Bearer &lt;key&gt;<\/code>\.<\/p>/);
    expect(d).not.toContain("&lt;/key&gt;");
    expect(d).not.toContain("<key>");
  });
});
