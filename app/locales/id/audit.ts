import type { Translation } from "../types";
import type en from "../en/audit";

const audit: Translation<typeof en> = {
  title: "Log audit",
  description: "Siapa melakukan apa, kapan, dan apa hasilnya. Terbaru di atas; entri tidak dapat diubah.",
  filters: {
    label: "Filter log audit",
    actor: "Pelaku",
    anyone: "Siapa saja",
    action: "Tindakan",
    anyAction: "Semua tindakan",
    targetType: "Jenis objek",
    targetTypePlaceholder: "mis. order",
    targetId: "ID objek",
    from: "Dari (WIB)",
    to: "Sampai (WIB)",
    submit: "Filter",
    clear: "Hapus filter",
  },
  errors: {
    dateFormat: "Gunakan format tanggal seperti 2026-11-21.",
    notADate: "Itu bukan tanggal kalender yang valid.",
    endBeforeStart: "Tanggal akhir lebih awal dari tanggal mulai.",
  },
  table: {
    caption: "Entri log audit",
    time: "Waktu (WIB)",
    actor: "Pelaku",
    system: "sistem",
    action: "Tindakan",
    target: "Objek",
    amount: "Nominal",
    key: "Idempotency key",
    result: "Hasil",
    details: "Rincian",
    request: "Permintaan",
    detail: "Detail",
    ip: "IP {{ip}}",
  },
  result: {
    ok: "berhasil",
    denied: "ditolak",
    failed: "gagal",
    pending: "menunggu",
    unknown: "belum pasti",
  },
  empty: {
    filtered: "Tidak ada entri yang cocok dengan filter ini",
    filteredText: "Perlebar rentang tanggal atau hapus salah satu filter.",
    none: "Belum ada entri audit",
    noneText: "Setiap login dan perubahan akan muncul di sini.",
  },
  pages: "Halaman log audit",
};
export default audit;
