import type { Translation } from "../types";
import type en from "../en/security";

const security: Translation<typeof en> = {
  title: "Keamanan",
  description: "Cara Anda masuk: faktor kedua, kode pemulihan, dan kata sandi.",
  code: {
    title: "Masukkan kode",
    description: "Buka aplikasi autentikator Anda dan ketik kode 6 digit untuk Loket ({{email}}).",
    label: "Kode",
    hint: "6 digit dari aplikasi, atau salah satu kode pemulihan Anda.",
    submit: "Verifikasi",
    startOver: "Masuk sebagai orang lain",
  },
  enrol: {
    title: "Atur faktor kedua Anda",
    required: "Peran Anda wajib memakai faktor kedua untuk masuk. Atur sekarang: hanya perlu semenit.",
    scan: "1. Pindai kode QR ini dengan aplikasi autentikator (Google Authenticator, Microsoft Authenticator, 1Password…).",
    manual: "Tidak bisa memindai? Ketik kunci ini di aplikasi:",
    type: "2. Ketik kode 6 digit yang tampil di aplikasi.",
    codeLabel: "Kode dari aplikasi",
    submit: "Aktifkan faktor kedua",
    qrLabel: "Kode QR untuk aplikasi autentikator Anda",
  },
  recovery: {
    title: "Kode pemulihan Anda — hanya ditampilkan sekali",
    description:
      "Setiap kode bisa dipakai sekali untuk masuk jika ponsel Anda hilang. Simpan di tempat aman, misalnya pengelola kata sandi; Loket hanya menyimpan hash-nya.",
    continue: "Lanjut ke Loket",
    listLabel: "Kode pemulihan",
  },
  page: {
    factorTitle: "Faktor kedua",
    on: "Aktif sejak",
    off: "Nonaktif",
    required: "Wajib untuk peran Anda.",
    optional: "Opsional untuk peran Anda: disarankan.",
    codesLeft_other: "Tersisa {{count}} kode pemulihan yang belum dipakai.",
    regenerate: "Kode pemulihan baru",
    regenerateTitle: "Buat kode pemulihan baru?",
    regenerateBody: "Sepuluh kode baru ditampilkan sekali; kode lama tidak berlaku lagi.",
    enrolDone: "Faktor kedua sudah aktif.",
    passwordTitle: "Ganti kata sandi",
    newPassword: "Kata sandi baru",
    repeatPassword: "Ulangi kata sandi baru",
    passwordHint: "Minimal 12 karakter.",
    passwordSubmit: "Ganti kata sandi",
    passwordChanged: "Kata sandi diganti. Sesi Anda yang lain sudah diakhiri.",
    reauthNote:
      "Untuk mengganti kata sandi atau faktor kedua, Anda diminta memastikan bahwa ini memang Anda.",
  },
  reauth: {
    title: "Pastikan ini Anda",
    description: "Ketik kata sandi dan kode terkini dari aplikasi Anda. Konfirmasi berlaku 5 menit.",
    descriptionNoCode: "Ketik kata sandi Anda. Konfirmasi berlaku 5 menit.",
    button: "Pastikan ini Anda",
    submit: "Konfirmasi",
    password: "Kata sandi Anda",
    code: "Kode dari aplikasi",
    confirmedUntil: "Terkonfirmasi sampai",
    needed: "Tindakan admin atas staf meminta Anda memastikan bahwa ini memang Anda.",
    required: "Pastikan dulu bahwa ini Anda (kata sandi dan kode), lalu coba lagi.",
    wrong: "Kata sandi atau kode itu tidak benar.",
  },
  stepUp: {
    description: "Pastikan dulu bahwa ini Anda: kata sandi dan kode terkini dari aplikasi Anda. Konfirmasi lalu berlaku 5 menit.",
    descriptionNoCode: "Pastikan dulu bahwa ini Anda: kata sandi Anda. Konfirmasi lalu berlaku 5 menit.",
  },
  staff: {
    reset: "Reset 2FA",
    resetTitle: "Reset faktor kedua {{email}}?",
    resetBody:
      "Aplikasi autentikator dan kode pemulihannya tidak berlaku lagi dan semua sesinya diakhiri. Saat masuk berikutnya ia diminta mengatur faktor kedua lagi (atau masuk dengan kata sandi saja jika perannya tidak memerlukannya).",
    resetDone: "Faktor kedua direset; sesinya sudah diakhiri",
    on: "2FA aktif",
    off: "2FA nonaktif",
  },
  errors: {
    code: "Ketik kodenya.",
    wrong: "Kode itu tidak benar atau sudah dipakai. Tunggu kode berikutnya lalu coba lagi.",
    expired: "Proses masuk ini sudah kedaluwarsa. Masuk lagi.",
    notEnrolled: "Atur faktor kedua terlebih dahulu.",
    mismatch: "Kedua kata sandi baru itu tidak sama.",
  },
};
export default security;
