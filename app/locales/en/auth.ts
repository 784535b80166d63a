/** Signed-out pages: sign in. */
const auth = {
  backOffice: "back office",
  title: "Sign in",
  email: "Work email",
  password: "Password",
  submit: "Sign in",
  language: "Language",
};
export default auth;
