import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { sharedI18n } from "~/i18n/i18n.server";
import { ScheduleText } from "./delivery-progress";

const render = async (lng: "id" | "en") =>
  renderToString(
    <I18nextProvider i18n={await sharedI18n(lng)}>
      <ScheduleText schedule={{ mode: "local", date: "2026-12-05", time: "09:00" }} scheduledAt={null} />
    </I18nextProvider>,
  );

describe("a campaign sent at a time in each recipient's zone", () => {
  it("names its day as every other date on the page does, not as an ISO day", async () => {
    expect(await render("id")).toBe("5 Des 2026 pukul 09:00, zona tiap penerima");
    expect(await render("en")).toBe("5 Dec 2026 at 09:00, each recipient&#x27;s zone");
  });
});
