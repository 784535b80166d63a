/** Signed-out pages: sign in. */
const auth = {
  backOffice: "back office",
  title: "Sign in",
  email: "Work email",
  password: "Password",
  submit: "Sign in",
  language: "Language",
  errors: {
    email: "Enter your work email.",
    password: "Enter your password.",
    badCredentials: "That email and password do not match an active account.",
    throttled_one: "Too many failed sign-ins. Try again in {{count}} minute.",
    throttled_other: "Too many failed sign-ins. Try again in {{count}} minutes.",
  },
};
export default auth;
