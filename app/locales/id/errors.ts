import type { Translation } from "../types";
import type en from "../en/errors";

const errors: Translation<typeof en> = {
  code: "Galat {{status}}",
  signIn: {
    title: "Silakan masuk lagi",
    text: "Sesi Anda telah berakhir. Masuk untuk melanjutkan; tidak ada yang diubah.",
    action: "Masuk",
  },
  forbidden: {
    title: "Anda tidak punya akses",
    text: "Peran Anda tidak mengizinkan halaman atau tindakan ini. Minta ke admin jika Anda memerlukannya.",
    needs: "Peran Anda tidak dapat melakukan ini (memerlukan {{permission}}).",
  },
  notFound: {
    title: "Tidak ditemukan",
    text: "Halaman atau data itu tidak ditemukan. Periksa alamatnya atau cari lagi.",
    order: "Tidak ada pesanan dengan ID “{{orderId}}”.",
    orderGone: "Pesanan ini tidak ada.",
    batch: "Batch ini tidak ditemukan.",
  },
  unexpected: {
    title: "Terjadi kesalahan",
    text: "Kesalahan tak terduga menghentikan halaman ini. Coba lagi; jika terus terjadi, beri tahu tim engineering kapan kejadiannya.",
  },
  backToOverview: "Kembali ke ringkasan",
  titles: {
    refused: "Ditolak",
    tooLarge: "Terlalu besar",
    badRequest: "Permintaan tidak valid",
    notFound: "Tidak ditemukan",
  },
  refusal: {
    roleCannot: "Peran Anda tidak dapat melakukan ini.",
    signInAgain: "Masuk lagi untuk melanjutkan.",
    crossOrigin: "Permintaan lintas situs ditolak: formulir ini harus dikirim dari Loket sendiri.",
    tooLarge: "Isi permintaan lebih besar dari {{kb}} KB.",
    nulPath: "Alamat halaman berisi karakter NUL (%00), yang tidak diterima Loket.",
    nulQuery: "Parameter alamat berisi karakter NUL (%00), yang tidak diterima Loket.",
    unknownIntent: 'Tindakan "{{intent}}" tidak dikenal.',
  },
};
export default errors;
