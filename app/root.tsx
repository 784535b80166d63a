import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { getLanguage } from "./i18n/i18n.server";
import { useNonce } from "./nonce";
import stylesHref from "./styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** The language of every page: the staff member's setting, else the browser's, else Bahasa Indonesia. */
export async function loader({ request }: LoaderFunctionArgs) {
  return { locale: await getLanguage(request) };
}

export const meta: MetaFunction = () => [{ title: "Loket" }];

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const { i18n } = useTranslation();
  // Without root data (the root loader itself failed) keep the language the render started in.
  const locale = data?.locale ?? i18n.language;
  useChangeLanguage(locale);
  return (
    <html lang={locale} dir={i18n.dir(locale)} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full antialiased">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Errors no route handled (and errors in the shell's own loader) land here, inside Layout. */
export { GeneralErrorBoundary as ErrorBoundary };
