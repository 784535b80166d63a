/**
 * Every translation, bundled (no HTTP backend): one file per language and area. English is the
 * reference tree for typed keys (app/i18n/i18next.d.ts); Bahasa Indonesia must match it
 * (`Translation<typeof en>` at compile time, app/locales/locales.test.ts for plural forms and
 * interpolation variables). Terms follow docs/glossary-id.md.
 */
import enAccounts from "./en/accounts";
import enApprovals from "./en/approvals";
import enAudit from "./en/audit";
import enAuth from "./en/auth";
import enCommon from "./en/common";
import enCustomers from "./en/customers";
import enErrors from "./en/errors";
import enHolds from "./en/holds";
import enOrders from "./en/orders";
import enOverview from "./en/overview";
import enRefunds from "./en/refunds";
import enSecurity from "./en/security";
import enSettings from "./en/settings";
import enShell from "./en/shell";
import idAccounts from "./id/accounts";
import idApprovals from "./id/approvals";
import idAudit from "./id/audit";
import idAuth from "./id/auth";
import idCommon from "./id/common";
import idCustomers from "./id/customers";
import idErrors from "./id/errors";
import idHolds from "./id/holds";
import idOrders from "./id/orders";
import idOverview from "./id/overview";
import idRefunds from "./id/refunds";
import idSecurity from "./id/security";
import idSettings from "./id/settings";
import idShell from "./id/shell";
import enCampaigns from "./en/campaigns";
import enCoins from "./en/coins";
import enFinance from "./en/finance";
import idCampaigns from "./id/campaigns";
import idCoins from "./id/coins";
import idFinance from "./id/finance";
import enReminders from "./en/reminders";
import idReminders from "./id/reminders";

export const resources = {
  en: {
    common: enCommon,
    shell: enShell,
    errors: enErrors,
    auth: enAuth,
    orders: enOrders,
    overview: enOverview,
    audit: enAudit,
    settings: enSettings,
    accounts: enAccounts,
    refunds: enRefunds,
    approvals: enApprovals,
    holds: enHolds,
    security: enSecurity,
    customers: enCustomers,
    campaigns: enCampaigns,
    coins: enCoins,
    finance: enFinance,
    reminders: enReminders,
  },
  id: {
    common: idCommon,
    shell: idShell,
    errors: idErrors,
    auth: idAuth,
    orders: idOrders,
    overview: idOverview,
    audit: idAudit,
    settings: idSettings,
    accounts: idAccounts,
    refunds: idRefunds,
    approvals: idApprovals,
    holds: idHolds,
    security: idSecurity,
    customers: idCustomers,
    campaigns: idCampaigns,
    coins: idCoins,
    finance: idFinance,
    reminders: idReminders,
  },
};
