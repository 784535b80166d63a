import type { Translation } from "../types";
import type en from "../en/auth";

const auth: Translation<typeof en> = {
  backOffice: "back office",
  title: "Masuk",
  email: "Email kantor",
  password: "Kata sandi",
  submit: "Masuk",
  language: "Bahasa",
};
export default auth;
