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
    throttledSeconds_one: "Too many failed sign-ins. Try again in {{count}} second.",
    throttledSeconds_other: "Too many failed sign-ins. Try again in {{count}} seconds.",
    emailTooLong: "An email address has at most 254 characters.",
    passwordTooLong: "A password has at most 256 characters.",
  },
  idle: {
    signedOut: "You were signed out because the session was idle. Sign in again to continue.",
    title: "Are you still there?",
    description_one: "Nothing has happened in Loket for a while. You will be signed out in {{count}} second.",
    description_other:
      "Nothing has happened in Loket for a while. You will be signed out in {{count}} seconds.",
    stay: "Stay signed in",
    signOut: "Sign out now",
  },
};
export default auth;
