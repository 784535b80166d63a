import type { Translation } from "../types";
import type en from "../en/settings";

const settings: Translation<typeof en> = {
  title: "Pengaturan",
  tabs: {
    label: "Pengaturan",
    staff: "Staf",
    limits: "Batas",
    apiKeys: "API key",
  },
  staff: {
    title: "Staf",
    description: "Siapa saja yang bisa masuk ke Loket, dan dengan peran apa.",
    caption: "Daftar staf",
    generated: {
      title: "Kata sandi untuk {{email}} — hanya ditampilkan sekali",
      hint: "Sampaikan secara pribadi. Loket hanya menyimpan hash-nya.",
    },
    create: {
      title: "Tambah staf",
      description: "Staf masuk dengan email dan kata sandi ini.",
      email: "Email",
      name: "Nama",
      role: "Peran",
      password: "Kata sandi awal",
      passwordHint: "Minimal 12 karakter. Kosongkan untuk dibuatkan otomatis.",
      submit: "Tambah staf",
    },
    roleOf: "Peran {{email}}",
    saveRole: "Simpan peran",
    columns: {
      email: "Email",
      name: "Nama",
      role: "Peran",
      status: "Status",
      created: "Dibuat",
      actions: "Tindakan",
    },
    active: "aktif",
    deactivated: "nonaktif",
    deactivate: {
      button: "Nonaktifkan",
      notYourself: "Anda tidak dapat menonaktifkan diri sendiri",
      title: "Nonaktifkan {{email}}?",
      description: "Staf ini langsung keluar dari semua perangkat dan tidak bisa masuk sampai diaktifkan lagi. Riwayat auditnya tetap tersimpan.",
    },
    reactivate: {
      button: "Aktifkan lagi",
      title: "Aktifkan lagi {{email}}?",
      description: "Staf ini bisa masuk lagi dengan kata sandi yang sekarang.",
    },
    reset: {
      button: "Reset kata sandi",
      title: "Reset kata sandi {{email}}?",
      description: "Sesi yang sedang terbuka langsung berakhir. Kosongkan kolom untuk membuat kata sandi otomatis, yang hanya ditampilkan sekali kepada Anda.",
      password: "Kata sandi baru (opsional)",
      passwordHint: "Minimal 12 karakter.",
    },
  },
};
export default settings;
