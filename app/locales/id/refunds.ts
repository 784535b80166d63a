import type { Translation } from "../types";
import type en from "../en/refunds";

const refunds: Translation<typeof en> = {
  actions: {
    resync: "Sinkronkan",
    resyncTitle: "Sinkronkan dengan GoPay",
    resyncText:
      "Cek status terkini pesanan <b>{{orderId}}</b> ke GoPay dan terapkan perubahannya. Status pesanan tidak pernah mundur.",
    cancelOrder: "Batalkan pesanan",
    cancelTitle: "Batalkan pesanan yang belum dibayar ini?",
    cancelText:
      "Pesanan <b>{{orderId}}</b> akan dibatalkan di GoPay; pelanggan tidak bisa lagi membayarnya. Tindakan ini tidak bisa dibatalkan.",
    cancelTextFor:
      "Pesanan <b>{{orderId}}</b> atas nama {{customer}} akan dibatalkan di GoPay; pelanggan tidak bisa lagi membayarnya. Tindakan ini tidak bisa dibatalkan.",
    keepOrder: "Jangan batalkan",
    refund: "Kembalikan dana",
    refundTitle: "Kembalikan dana pesanan ini",
    refundText:
      "Kirim dana kembali ke <b>{{customer}}</b> untuk pesanan <b>{{orderId}}</b>. Maksimal <b>{{amount}}</b> bisa dikembalikan sekarang. Pengembalian dana tidak bisa dibatalkan.",
    theCustomer: "pelanggan",
    refundAmount: "Kembalikan {{amount}}",
    askApprovalFor: "Minta persetujuan {{amount}}",
    alreadyWaiting: "{{amount}} pada pesanan ini sudah menunggu persetujuan. Jangan diajukan dua kali.",
    amount: "Nominal (Rp)",
    amountHint: "Pengembalian penuh: {{amount}}. Isi lebih kecil untuk pengembalian sebagian.",
    amountHintLimit:
      "Pengembalian penuh: {{amount}}. Isi lebih kecil untuk pengembalian sebagian. Batas Anda: {{limit}}.",
    repeat: "Ya, ini pengembalian dana kedua: kirim lagi.",
    reason: "Alasan",
    why: "Alasan (wajib)",
    note: "Catatan (opsional)",
  },
  check: {
    atMostNow: "Maksimal {{amount}} bisa dikembalikan sekarang.",
    noLimit:
      "Peran Anda tidak bisa mengembalikan dana sendiri: permintaan ini diteruskan ke tim keuangan untuk disetujui, dan belum ada yang dikirim ke GoPay sampai disetujui.",
    aboveLimit:
      "Melebihi batas Anda sebesar {{limit}}: permintaan ini diteruskan ke tim keuangan untuk disetujui, dan belum ada yang dikirim ke GoPay sampai disetujui.",
  },
  reasons: {
    customer_request: "Permintaan pelanggan",
    duplicate_payment: "Pembayaran ganda",
    fraud: "Penipuan",
    product_unavailable: "Produk tidak tersedia",
    other: "Lainnya",
    external: "Dibuat di luar Loket",
  },
  watch: {
    title: "Menunggu GoPay",
    line: "Pengembalian dana <0/> dikirim <1/>: ",
    titleAttention: "Perlu ditindaklanjuti: GoPay belum menjawab",
    needsAttention_other:
      "GoPay tidak menjawab lebih dari {{count, number}} jam. Loket terus menanyakannya ke GoPay dan mencatat apa pun jawabannya; sementara itu nominalnya tetap dicadangkan. Hubungi GoPay dengan partnerRefundNo <code>{{partnerRefundNo}}</code>, dan jangan kembalikan dana ini lagi.",
    unknown: "GoPay tidak menjawab. Loket sedang menanyakan hasilnya ke GoPay; jangan kembalikan dana lagi.",
    pending: "terkirim, belum ada jawaban.",
    footer: "Halaman ini diperbarui otomatis. Nominalnya tetap dicadangkan sampai GoPay menjawab.",
    footerAttention:
      "Halaman ini tidak diperbarui otomatis untuk pengembalian dana yang perlu ditindaklanjuti: muat ulang nanti untuk melihat jawaban GoPay.",
  },
  pending: {
    title_other: "{{count, number}} pengembalian dana menunggu persetujuan",
    aRefund: "Pengembalian dana",
    someone: "seseorang",
    line: "<0/>, diajukan oleh {{who}} pada <1/>",
    expires: "; kedaluwarsa <0/>.",
    footer:
      "Belum ada yang dikirim ke GoPay sampai tim keuangan menyetujuinya. Sementara itu, jangan kembalikan nominal yang sama lagi.",
    footerLink:
      "Belum ada yang dikirim ke GoPay sampai tim keuangan menyetujuinya di <0>Persetujuan</0>. Sementara itu, jangan kembalikan nominal yang sama lagi.",
  },
  refundable: {
    status: "Pesanan berstatus “{{status}}” tidak bisa dikembalikan dananya.",
    authorised: "Tahan dana belum dibayar sampai ditagih (capture): tagih dulu, atau lepaskan untuk mengembalikan dananya.",
    noPaymentTime: "Pesanan ini tidak punya waktu pembayaran.",
    windowClosed: "Batas waktu pengembalian dana {{days}} hari sudah lewat.",
    nothingLeft: "Semua yang dibayar sudah atau sedang dikembalikan.",
  },
  outcome: {
    sentForApproval: "Diajukan untuk persetujuan",
    sentForApprovalText: "{{amount}} melebihi batas Anda: tim keuangan perlu menyetujuinya di /approvals.",
    sent: "Dana dikembalikan",
    sentText: "{{amount}} dikembalikan.",
    refused: "GoPay menolak pengembalian dana",
    alreadyForApproval: "Sudah diajukan untuk persetujuan",
    waiting: "Menunggu GoPay",
    waitingText: "Hasilnya belum pasti; dicek otomatis.",
    resyncChanged: "Sinkron: status diperbarui",
    resyncSame: "Sinkron: tidak ada perbedaan",
    resyncSameText: "Status di GoPay: $t(common:status.{{status}}); tidak ada yang perlu diubah.",
    resyncChangedText: "$t(common:status.{{from}}) → $t(common:status.{{to}})",
    unreachable: "GoPay tidak bisa dihubungi",
    cancelled: "Pesanan dibatalkan",
    notCancelled: "Tidak dibatalkan",
    cancelUnknownText: "Hasil pembatalan belum pasti; dicek otomatis.",
  },
  errors: {
    staleForm: "Formulir ini sudah kedaluwarsa. Tutup dialog lalu buka lagi.",
    chooseReason: "Pilih alasan.",
    sayWhy: "Tulis alasannya secara singkat.",
    noteTooLong: "Catatan maksimal {{max}} karakter.",
    noOrder: "Pesanan ini tidak ada.",
    otherOrder: "Formulir ini milik pesanan lain. Tutup lalu buka lagi.",
  },
  repeat: {
    asked:
      "Anda sudah mengajukan pengembalian {{amount}} untuk pesanan ini ({{ago}}); masih menunggu persetujuan. Kembalikan lagi?",
    refunded: "Anda sudah mengembalikan {{amount}} untuk pesanan ini ({{ago}}). Kembalikan lagi?",
  },
  ago: {
    lessThanMinute: "kurang dari semenit lalu",
    minutes_other: "{{count, number}} menit lalu",
  },
  gopayRefusal: {
    moreThanLeft: "Menurut GoPay, nominal ini melebihi sisa yang bisa dikembalikan untuk pembayaran ini.",
    notAllowed:
      "GoPay tidak lagi mengizinkan pengembalian dana untuk pembayaran ini (belum dibayar, atau batas waktu pengembalian dananya sudah lewat).",
    notFound: "GoPay tidak menemukan pembayaran ini.",
    wrongState: "GoPay tidak bisa mengembalikan dana transaksi ini dalam statusnya sekarang.",
    other: "GoPay menolak pengembalian dana: {{message}}",
  },
};
export default refunds;
