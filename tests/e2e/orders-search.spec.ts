import { expect, test } from "./support/fixtures";
import { merchantKey, paidOrder, type PaidOrder } from "./support/refund-orders";
import { signInAs } from "./support/refund-orders";

/**
 * A support agent finds a customer's order the way the customer describes it: by phone number in
 * whatever spelling they read out (0812…, +62 812…), narrows with a filter, and opens it. The
 * orders are real: made through the merchant API and paid at the sandbox.
 */
let paid: PaidOrder;
let unpaid: PaidOrder;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(60_000);
  const key = await merchantKey(browser, `e2e search ${Date.now()}`);
  paid = await paidOrder(key, { amountRupiah: 175_000, name: "Dewi Lestari" });
  // The same customer's second, unpaid order: the status filter must tell them apart.
  unpaid = await paidOrder(key, { amountRupiah: 60_000, name: "Dewi Lestari", paid: false });
});

test("finds an order by a 0812… phone number, filters by status, and opens it", async ({ page }) => {
  await signInAs(page, "support");
  await page.goto("/orders");
  const search = page.getByRole("search", { name: "Search orders" });
  await search.getByLabel("Search").fill(paid.phone); // 0812xxxxxxxx; Loket stores 62812…
  await search.getByRole("button", { name: "Search" }).click();
  const row = page.getByRole("row").filter({ hasText: paid.orderId });
  // The payment notification may still be on its way: the row is there either way.
  await expect(row).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(2); // header + this customer's one order
  await expect(row).toContainText("Rp 175.000");

  // The +62 spelling with spaces finds the same order.
  const spaced = `+62 ${paid.phone.slice(1, 4)} ${paid.phone.slice(4, 8)} ${paid.phone.slice(8)}`;
  await search.getByLabel("Search").fill(spaced);
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=%2B62/);
  await expect(page.getByRole("row").filter({ hasText: paid.orderId })).toBeVisible();

  // Filter: the unpaid order's phone, status Paid → nothing; Paid or Pending (two chips) → it.
  await search.getByLabel("Search").fill(unpaid.phone);
  const statuses = search.getByRole("group", { name: /Status/ });
  await statuses.getByRole("checkbox", { name: "Paid", exact: true }).check();
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/status=paid/);
  await expect(page.getByText("No orders match")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: unpaid.orderId })).toHaveCount(0);
  // The chip stays ticked after the search, and a second one widens the set.
  await expect(statuses.getByRole("checkbox", { name: "Paid", exact: true })).toBeChecked();
  await statuses.getByRole("checkbox", { name: "Pending", exact: true }).check();
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/status=paid&status=pending|status=pending&status=paid/);
  await expect(page.getByRole("row").filter({ hasText: unpaid.orderId })).toBeVisible();
  await expect(statuses).toContainText("(2 chosen)");

  // Back to the paid one, opened from the list.
  await page.goto(`/orders?q=${encodeURIComponent(paid.phone)}`);
  await page.getByRole("link", { name: paid.orderId }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${paid.orderId}$`));
  await expect(page.getByRole("heading", { name: `Order ${paid.orderId}` })).toBeVisible();
  await expect(page.getByText("Dewi Lestari").first()).toBeVisible();
});
