import type { Translation } from "../types";
import type en from "../en/shell";

const shell: Translation<typeof en> = {
  nav: {
    label: "Utama",
    overview: "Ringkasan",
    orders: "Pesanan",
    holds: "Tahan dana",
    customers: "Pelanggan",
    accounts: "Akun tertaut",
    campaigns: "Kampanye",
    coins: "Koin",
    finance: "Keuangan",
    approvals: "Persetujuan",
    audit: "Log audit",
    settings: "Pengaturan",
  },
  skipToContent: "Langsung ke konten",
  homeLink: "Ringkasan Loket",
  openMenu: "Buka menu",
  closeMenu: "Tutup menu",
  timesInWib: "Waktu dalam WIB (Asia/Jakarta)",
  pageLoading: "Memuat halaman",
  userMenu: {
    button: "Menu akun",
    role: "Peran:",
    signOut: "Keluar",
    language: "Bahasa",
    followBrowser: "Ikuti browser",
    languageSaved: "Bahasa disimpan",
  },
  toasts: {
    region: "Notifikasi",
    dismiss: "Tutup notifikasi",
  },
  placeholder: {
    notBuilt: "Belum tersedia",
    campaigns: {
      description: "Pengingat pembayaran dan kampanye push ke pelanggan.",
      plans:
        "Di bagian ini tim kampanye nantinya dapat menjadwalkan, melihat pratinjau, dan membatalkan pengingat serta kampanye push.",
    },
    coins: {
      description: "Penyaluran GoPay Coins.",
      plans:
        "Bagian ini nantinya menampilkan batch GoPay Coins, persetujuannya, dan jumlah yang diterima setiap penerima.",
    },
    finance: {
      description: "Rekonsiliasi, laporan, dan ekspor.",
      plans:
        "Bagian ini nantinya mencocokkan catatan Loket dengan settlement GoPay serta menyediakan laporan dan ekspor CSV.",
    },
  },
};
export default shell;
