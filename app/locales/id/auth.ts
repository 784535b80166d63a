import type { Translation } from "../types";
import type en from "../en/auth";

const auth: Translation<typeof en> = {
  backOffice: "back office",
  title: "Masuk",
  email: "Email kantor",
  password: "Kata sandi",
  submit: "Masuk",
  language: "Bahasa",
  errors: {
    email: "Masukkan email kantor Anda.",
    password: "Masukkan kata sandi Anda.",
    badCredentials: "Email dan kata sandi itu tidak cocok dengan akun yang aktif.",
    throttled_other: "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {{count}} menit.",
    throttledSeconds_other: "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {{count}} detik.",
    emailTooLong: "Alamat email paling panjang 254 karakter.",
    passwordTooLong: "Kata sandi paling panjang 256 karakter.",
  },
  idle: {
    signedOut: "Anda dikeluarkan karena sesi tidak aktif terlalu lama. Masuk lagi untuk melanjutkan.",
    title: "Masih di sana?",
    description_other:
      "Sudah beberapa saat tidak ada aktivitas di Loket. Anda akan dikeluarkan dalam {{count}} detik.",
    stay: "Tetap masuk",
    signOut: "Keluar sekarang",
  },
};
export default auth;
