import type { Translation } from "../types";
import type en from "../en/finance";

const finance: Translation<typeof en> = {
  title: "Keuangan",
  reports: {
    title: "Laporan",
    description: "Laporan penyelesaian per hari atau bulan WIB. Setiap total membuka baris yang menjumlahkannya.",
    period: { label: "Periode", day: "Hari", month: "Bulan", previous: "Sebelumnya", next: "Berikutnya", show: "Tampilkan", dayInput: "Hari (WIB)", monthInput: "Bulan" },
    sources: {
      payments: "Pembayaran",
      refunds: "Refund",
      cancels: "Pembatalan",
      captures: "Penangkapan tahan dana",
      releases: "Pelepasan tahan dana",
      coin_payouts: "Pembayaran koin",
    },
    sourceHelp: {
      payments: "Uang diterima, pada hari dibayar (pesanan yang direfund termasuk: refund punya barisnya sendiri).",
      refunds: "Refund yang dikonfirmasi GoPay, pada hari selesai.",
      cancels: "Pesanan belum dibayar yang dibatalkan: tidak ada uang berpindah.",
      captures: "Tahan dana pre-auth yang ditangkap: sudah dihitung dalam pembayaran.",
      releases: "Tahan dana pre-auth yang dilepas: uang pelanggan dibebaskan, tidak ada yang diambil.",
      coin_payouts: "GoPay Coins yang dibayarkan ke pelanggan (uang keluar).",
    },
    net: "Bersih",
    netHelp: "Pembayaran − refund − pembayaran koin",
    columns: { source: "Pergerakan", count: "Jumlah", amount: "Nominal", day: "Hari (WIB)", total: "Total" },
    byChannel: "Per kanal",
    byOption: "Per opsi pembayaran",
    channels: { deeplink: "Deeplink", tokenized: "Tokenisasi", preauth: "Pre-auth", none: "Tanpa kanal" },
    options: { GOPAY_WALLET: "Dompet GoPay", PAY_LATER: "PayLater", GOPAY_SAVINGS: "Tabungan", none: "Tanpa opsi" },
    perDay: "Per hari",
    perDayDescription: "Nominal per hari WIB; masing-masing membuka barisnya.",
    export: "Ekspor laporan (CSV)",
    exportRows: "Ekspor baris (CSV)",
    empty: "Tidak ada uang yang berpindah pada periode ini.",
    countLink: "{{count, number}} × {{source}}",
    rows: {
      title: "{{source}}: baris",
      range: "{{from}} sampai {{to}} (hari WIB)",
      oneDay: "{{day}} (hari WIB)",
      filters: "Disaring menurut",
      total_other: "{{count, number}} baris, total",
      back: "Kembali ke laporan",
      empty: "Tidak ada baris pada periode ini.",
      invalid: "Tautan ini tidak menunjuk daftar laporan (sumber, hari dari dan sampai). Buka daftar dari laporan.",
      more: "Baris berikutnya",
      first: "Baris pertama",
      columns: { at: "Waktu (WIB)", ref: "Pesanan / permintaan", channel: "Kanal", option: "Opsi", amount: "Nominal", status: "Status", reference: "Referensi GoPay" },
    },
  },
};
export default finance;
