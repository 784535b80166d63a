import { expect, test } from "./support/fixtures";

/**
 * A list opened with a page cursor it cannot use (a "next page" link cut short in a chat, edited,
 * from an older version) shows page one and says so above the table, with a link to the first page
 * that keeps the filters; following it, the notice is gone and the URL has no cursor. The loaders'
 * side of every list is in tests/integration/list-cursors.test.ts. Screenshot: /tmp/shots/.
 */
test("a page link that cannot be used says so, and the first page link keeps the filters", async ({
  page,
  signIn,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, "admin");
  const notice = page.getByTestId("stale-cursor");
  const lists = [
    { asked: "/orders?status=paid&after=garbage", first: "/orders?status=paid", heading: "Orders" },
    { asked: "/holds?view=expiring&before=eyJhIjoxfQ", first: "/holds?view=expiring", heading: "Holds" },
    {
      asked: "/audit?after=garbage&action=auth.sign_in",
      first: "/audit?action=auth.sign_in",
      heading: "Audit log",
    },
  ];
  for (const { asked, first, heading } of lists) {
    await page.goto(asked);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expect(notice).toHaveAttribute("role", "status");
    await expect(notice).toContainText(
      "This page link is not valid (it may have been cut short). Showing the first page.",
    );
    if (asked.startsWith("/orders"))
      await page.screenshot({ path: "/tmp/shots/list-cursor-orders-1280.png" });
    await notice.getByRole("link", { name: "Continue from the first page" }).click();
    await expect(page).toHaveURL((url) => `${url.pathname}${url.search}` === first);
    await expect(notice).toHaveCount(0);
  }
});
