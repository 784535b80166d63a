/** The signed-in frame: navigation, top bar, user menu, toasts, language switch. */
const shell = {
  nav: {
    label: "Main",
    overview: "Overview",
    orders: "Orders",
    holds: "Holds",
    customers: "Customers",
    accounts: "Accounts",
    campaigns: "Campaigns",
    coins: "Coins",
    finance: "Finance",
    approvals: "Approvals",
    audit: "Audit",
    settings: "Settings",
  },
  skipToContent: "Skip to content",
  homeLink: "Loket overview",
  openMenu: "Open menu",
  closeMenu: "Close menu",
  timesInWib: "Times in WIB (Asia/Jakarta)",
  pageLoading: "Page loading",
  userMenu: {
    button: "Account menu",
    role: "Role:",
    signOut: "Sign out",
    language: "Language",
    followBrowser: "Follow the browser",
    languageSaved: "Language saved",
  },
  toasts: {
    region: "Notifications",
    dismiss: "Dismiss notification",
  },
  placeholder: {
    notBuilt: "Not built yet",
    campaigns: {
      description: "Payment reminders and push campaigns to customers.",
      plans:
        "This section will let the campaigns team schedule, preview and cancel reminders and push campaigns.",
    },
    coins: {
      description: "GoPay Coins disbursements.",
      plans: "This section will show GoPay Coins batches, their approvals and what each recipient received.",
    },
    finance: {
      description: "Reconciliation, reports and exports.",
      plans:
        "This section will reconcile Loket's records with GoPay's settlement and offer reports and CSV exports.",
    },
  },
};
export default shell;
