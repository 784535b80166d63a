import { wibIso } from "./clock";
import { PAY_OPTIONS, SNAP_STATUS_DESC, senToSnapAmount } from "./contract";
import { type Ctx } from "./context";
import { payAccountById, snapByReferenceNo } from "./indexes";
import { type SnapPayment } from "./state";

/** Server-rendered pages to play the customer by hand; plain forms, so they work without JS. */

const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const rp = (sen: number) => `Rp ${senToSnapAmount(sen).replace(/\.00$/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ".")}`;
const when = (ms: number | undefined) => (ms === undefined ? "" : `${wibIso(ms).slice(0, 19).replace("T", " ")} WIB`);

function button(action: string, label: string, back: string, fields: Record<string, string> = {}): string {
  const hidden = Object.entries({ ...fields, back })
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("");
  return `<form method="post" action="${esc(action)}">${hidden}<button>${esc(label)}</button></form>`;
}

function layout(title: string, msg: string | null, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:14px system-ui,sans-serif;margin:1.5rem;color:#111}table{border-collapse:collapse;margin:.5rem 0 1.5rem}
td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}form{display:inline}button{margin:0 .2rem}
.msg{background:#eef6ff;border:1px solid #9bc;padding:.5rem;margin-bottom:1rem}code{font-size:12px}</style></head>
<body><h1>${esc(title)}</h1>${msg ? `<p class="msg" role="status">${esc(msg)}</p>` : ""}${body}
<p><a href="/">All sandbox state</a> · <a href="/_sandbox/state">JSON summary</a> · clock offset via <code>POST /_sandbox/clock</code></p></body></html>`;
}

function payButtons(p: SnapPayment, back: string): string {
  if (p.status !== "03") return "";
  return (
    PAY_OPTIONS.map((o) => button(`/_sandbox/snap/payments/${p.referenceNo}/pay`, `Pay (${o})`, back, { payOption: o })).join("") +
    button(`/_sandbox/snap/payments/${p.referenceNo}/decline`, "Decline", back) +
    button(`/_sandbox/snap/payments/${p.referenceNo}/expire`, "Expire", back)
  );
}

export function renderPage(ctx: Ctx, url: URL): string | undefined {
  const msg = url.searchParams.get("msg");
  const s = ctx.state;
  const pay = /^\/_sandbox\/pay\/([^/]+)$/.exec(url.pathname);
  if (pay) {
    const p = snapByReferenceNo(s, decodeURIComponent(pay[1]));
    if (!p) return undefined;
    return layout(
      `GoPay — pay ${rp(p.amountSen)}`,
      msg,
      `<p>Order <strong>${esc(p.partnerReferenceNo)}</strong>, ${esc(SNAP_STATUS_DESC[p.status])}, valid until ${esc(when(p.validUpTo))}.</p>${payButtons(p, url.pathname)}`,
    );
  }
  const link = /^\/_sandbox\/link\/([^/]+)$/.exec(url.pathname);
  if (link) {
    const a = payAccountById(s, decodeURIComponent(link[1]));
    if (!a) return undefined;
    const actions =
      a.status === "PENDING"
        ? button(`/_sandbox/pay-accounts/${a.accountId}/complete`, "Link my GoPay", url.pathname) +
          button(`/_sandbox/pay-accounts/${a.accountId}/decline`, "Decline", url.pathname)
        : "";
    return layout("GoPay — link account", msg, `<p>Phone +${esc(a.phone)} — status <strong>${esc(a.status)}</strong></p>${actions}`);
  }
  const payments = s.snapPayments
    .slice(-100)
    .reverse()
    .map(
      (p) =>
        `<tr><td><code>${esc(p.referenceNo)}</code><br>${esc(p.partnerReferenceNo)}</td><td>${rp(p.amountSen)}</td><td>${esc(p.status)} ${esc(
          SNAP_STATUS_DESC[p.status],
        )}${p.refunds.length ? `<br>refunded ${rp(p.refunds.reduce((t, r) => t + r.amountSen, 0))}` : ""}</td><td>${esc(when(p.createdAt))}</td><td>${payButtons(p, "/")}</td></tr>`,
    )
    .join("");
  const holds = s.coreTransactions
    .slice(-100)
    .reverse()
    .map(
      (t) =>
        `<tr><td>${esc(t.orderId)}</td><td>${rp(t.amountSen)}</td><td>${esc(t.status)}${t.preAuth ? " (pre-auth)" : ""}</td><td>${esc(
          when(t.holdExpiresAt),
        )}</td><td>${t.status === "authorize" ? button(`/_sandbox/core/transactions/${t.transactionId}/expire`, "Expire hold now", "/") : ""}</td></tr>`,
    )
    .join("");
  const accounts = s.payAccounts
    .slice()
    .reverse()
    .map((a) => {
      const acts =
        a.status === "PENDING"
          ? button(`/_sandbox/pay-accounts/${a.accountId}/complete`, "Complete linking", "/") + button(`/_sandbox/pay-accounts/${a.accountId}/decline`, "Decline", "/")
          : a.status === "ENABLED"
            ? button(`/_sandbox/pay-accounts/${a.accountId}/unbind`, "Unbind in app", "/") + button(`/_sandbox/pay-accounts/${a.accountId}/phone-change`, "Phone changed", "/")
            : "";
      return `<tr><td><code>${esc(a.accountId)}</code></td><td>+${esc(a.phone)}</td><td>${esc(a.status)}</td><td>${acts}</td></tr>`;
    })
    .join("");
  const customers = s.customers
    .map(
      (c) =>
        `<tr><td>${esc(c.id)}</td><td>${esc(c.name)}</td><td>+${esc(c.phone)}</td><td>${esc(c.email)}</td><td><code>${esc(c.authCode)}</code></td><td>${PAY_OPTIONS.map(
          (o) => `${o}: ${rp(c.balances[o])}`,
        ).join("<br>")}</td><td>${button("/_sandbox/miniapp/auth-codes", "New auth code", "/", { customerId: c.id })}</td></tr>`,
    )
    .join("");
  const empty = (n: number, text: string) => (n === 0 ? `<tr><td colspan="6">${text}</td></tr>` : "");
  return layout(
    "Loket GoPay sandbox",
    msg,
    `<p>Now ${esc(when(ctx.clock.now()))} (offset ${ctx.clock.offsetMs} ms). Coin wallet Rp ${esc(
      s.coinWalletRupiah.toLocaleString("id-ID"),
    )}. ${button("/_sandbox/coins/top-up", "Top up Rp 1.000.000", "/", { rupiah: "1000000" })} ${button("/_sandbox/clock", "Advance 15 min", "/", { advanceSeconds: "900" })} ${button("/_sandbox/reset", "Reset everything", "/")}</p>
<h2>SNAP payments</h2><table><tr><th>Reference / order</th><th>Amount</th><th>Status</th><th>Created</th><th>Customer</th></tr>${payments}${empty(s.snapPayments.length, "No payments yet.")}</table>
<h2>Core charges and pre-auth holds</h2><table><tr><th>Order</th><th>Amount</th><th>Status</th><th>Hold expires</th><th></th></tr>${holds}${empty(s.coreTransactions.length, "No charges yet.")}</table>
<h2>Pay accounts</h2><table><tr><th>Account</th><th>Phone</th><th>Status</th><th></th></tr>${accounts}${empty(s.payAccounts.length, "No pay accounts yet.")}</table>
<h2>Customers</h2><table><tr><th>Id</th><th>Name</th><th>Phone</th><th>Email</th><th>Seeded auth code</th><th>Balances</th><th></th></tr>${customers}</table>`,
  );
}
