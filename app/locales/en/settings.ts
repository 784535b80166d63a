/** Settings: the tabs, staff management, API keys. Limits are phase 2 (money). */
const settings = {
  title: "Settings",
  tabs: {
    label: "Settings",
    staff: "Staff",
    limits: "Limits",
    apiKeys: "API keys",
  },
  staff: {
    title: "Staff",
    description: "Who can sign in to Loket, and with which role.",
    caption: "Staff members",
    generated: {
      title: "Password for {{email}} — shown once",
      hint: "Pass it on privately. Loket stores only its hash.",
    },
    create: {
      title: "Add a staff member",
      description: "They sign in with this email and password.",
      email: "Email",
      name: "Name",
      role: "Role",
      password: "Initial password",
      passwordHint: "At least 12 characters. Leave empty to generate one.",
      submit: "Add staff member",
    },
    roleOf: "Role of {{email}}",
    saveRole: "Save role",
    columns: {
      email: "Email",
      name: "Name",
      role: "Role",
      status: "Status",
      created: "Created",
      actions: "Actions",
    },
    active: "active",
    deactivated: "deactivated",
    deactivate: {
      button: "Deactivate",
      notYourself: "You cannot deactivate yourself",
      title: "Deactivate {{email}}?",
      description: "They are signed out everywhere at once and cannot sign in until reactivated. Their audit history stays.",
    },
    reactivate: {
      button: "Reactivate",
      title: "Reactivate {{email}}?",
      description: "They can sign in again with their current password.",
    },
    reset: {
      button: "Reset password",
      title: "Reset the password of {{email}}?",
      description: "Their open sessions end now. Leave the field empty to generate a password, shown to you once.",
      password: "New password (optional)",
      passwordHint: "At least 12 characters.",
    },
  },
};
export default settings;
