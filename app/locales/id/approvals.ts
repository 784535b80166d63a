import type { Translation } from "../types";
import type en from "../en/approvals";

const approvals: Translation<typeof en> = {
  title: "Persetujuan",
  description:
    "Pengembalian dana di atas batas peran, pembayaran koin sebesar atau di atas ambang persetujuan, dan batch koin menunggu di sini untuk disetujui pengguna keuangan atau admin lain. Permintaan kedaluwarsa setelah 24 jam.",
  waiting: "Tertunda ({{count, number}})",
  decided: "Sudah diputuskan",
  table: {
    request: "Permintaan",
    amount: "Nominal",
    requestedBy: "Diajukan oleh",
    reason: "Alasan",
    expires: "Kedaluwarsa",
    actions: "Tindakan",
    status: "Status",
    decidedBy: "Diputuskan oleh",
    when: "Waktu",
  },
  age: {
    justNow: "baru saja",
    minutes: "{{m}} mnt lalu",
    hours: "{{h}} j {{m}} mnt lalu",
  },
  noLongerHonourable: "Tidak bisa disetujui lagi. {{problem}}",
  yourRequest: "Permintaan Anda",
  approve: "Setujui",
  approveText:
    "{{amount}} dikembalikan ke {{customer}} untuk pesanan <b>{{orderId}}</b>, diajukan oleh {{requester}}. Langsung dikirim ke GoPay dan tidak bisa dibatalkan.",
  theCustomer: "pelanggan",
  reject: "Tolak",
  rejectText:
    "Tidak ada dana yang dikembalikan untuk pesanan <b>{{orderId}}</b>. {{requester}} akan melihat alasan Anda.",
  reason: "Alasan",
  reasonWithNote: "{{reason}}: {{note}}",
  dialog: {
    refund: {
      approveTitle: "Setujui pengembalian dana ini?",
      approveConfirm: "Setujui dan kembalikan dana",
      rejectTitle: "Tolak pengembalian dana ini?",
    },
    coinPayout: { approveTitle: "Setujui pembayaran koin ini?", approveConfirm: "Setujui dan bayar", rejectTitle: "Tolak pembayaran koin ini?" },
    coinBatch: { approveTitle: "Setujui batch koin ini?", approveConfirm: "Setujui dan bayar", rejectTitle: "Tolak batch koin ini?" },
    other: {
      approveTitle: "Setujui permintaan ini?",
      approveConfirm: "Setujui",
      rejectTitle: "Tolak permintaan ini?",
      approveText: "Diajukan oleh {{requester}}. Menyetujuinya langsung menjalankannya dan tidak bisa dibatalkan.",
      rejectText: "Tidak ada bagian dari permintaan ini yang dijalankan. {{requester}} akan melihat alasan Anda.",
    },
  },
  nothingWaiting: "Tidak ada yang tertunda",
  nothingWaitingText:
    "Pengembalian dana di atas batas peran, pembayaran koin sebesar atau di atas ambang persetujuan, dan batch koin muncul di sini sampai ada yang menyetujui atau menolaknya.",
  noDecisions: "Belum ada keputusan",
  noDecisionsText: "Permintaan yang disetujui, ditolak, dan kedaluwarsa tercantum di sini.",
  outcome: {
    rejected: "Permintaan ditolak",
    gopayRefused: "Disetujui, tetapi GoPay menolak pengembalian dana",
    waiting: "Disetujui: menunggu GoPay",
    waitingText: "Hasilnya dicek otomatis.",
    refunded: "Disetujui dan dana dikembalikan",
    refundedText: "{{amount}} dikembalikan.",
  },
  errors: {
    stale: "Permintaan ini tidak ada; muat ulang halaman.",
    sayWhy: "Tulis alasan penolakan.",
    tooLong: "Alasan maksimal {{max}} karakter.",
  },
  honour: {
    notFound: "Permintaan persetujuan ini tidak ada.",
    ownRequest:
      "Anda tidak bisa memutuskan permintaan Anda sendiri: pengguna keuangan atau admin lain yang harus.",
    already: "Permintaan ini sudah berstatus {{status}}.",
    expired: "Permintaan ini kedaluwarsa (setelah 24 jam). Ajukan pengembalian dana baru.",
    noRefund: "Pengembalian dana untuk permintaan ini tidak ditemukan.",
    refundMoved: "Pengembalian dananya berstatus {{status}}, tidak lagi menunggu persetujuan.",
    noOrder: "Pesanan untuk permintaan ini tidak ditemukan.",
    deactivated:
      "{{who}} sudah dinonaktifkan sejak mengajukan: tolak permintaan ini, lalu kembalikan dana sendiri jika memang masih terutang.",
    theRequester: "Pengaju",
    cannot: "Tidak bisa disetujui: {{reason}}",
    noLongerFits:
      "Tidak bisa disetujui: {{amount}} tidak lagi muat; maksimal {{max}} bisa dikembalikan sekarang.",
  },
};
export default approvals;
