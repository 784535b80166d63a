import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nOptions } from "./i18n/config";

// The server wrote the language it rendered in into <html lang>; starting from the same one
// (resources are bundled, init is synchronous) makes hydration match with no flash of English.
void i18next
  .use(initReactI18next)
  .init({ ...i18nOptions, lng: document.documentElement.lang })
  .then(() => {
    startTransition(() => {
      hydrateRoot(
        document,
        <I18nextProvider i18n={i18next}>
          <StrictMode>
            <RemixBrowser />
          </StrictMode>
        </I18nextProvider>,
      );
    });
  });
