import type { Translation } from "../types";
import type en from "../en/settings";

const settings: Translation<typeof en> = {
  title: "Pengaturan",
  tabs: {
    label: "Pengaturan",
    staff: "Staf",
    limits: "Batas",
    apiKeys: "API key",
    coins: "Koin",
    sessions: "Sesi Anda",
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
    ownRoleHint: "Peran Anda sendiri: admin lain yang dapat mengubahnya.",
    saveRole: "Simpan peran",
    changeRole: {
      title: "Ubah peran {{email}} menjadi {{role}}?",
      description: "Apa yang dapat mereka lihat dan lakukan berubah di halaman berikutnya.",
    },
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
      description:
        "Staf ini langsung keluar dari semua perangkat dan tidak bisa masuk sampai diaktifkan lagi. Riwayat auditnya tetap tersimpan.",
    },
    reactivate: {
      button: "Aktifkan lagi",
      title: "Aktifkan lagi {{email}}?",
      description: "Staf ini bisa masuk lagi dengan kata sandi yang sekarang.",
    },
    reset: {
      button: "Reset kata sandi",
      title: "Reset kata sandi {{email}}?",
      description:
        "Sesi yang sedang terbuka langsung berakhir. Kosongkan kolom untuk membuat kata sandi otomatis, yang hanya ditampilkan sekali kepada Anda.",
      password: "Kata sandi baru (opsional)",
      passwordHint: "Minimal 12 karakter.",
    },
    toast: {
      created: "{{email}} sekarang bisa masuk",
      roleChanged: "Peran diubah menjadi {{role}}",
      deactivated: "Dinonaktifkan dan dikeluarkan dari semua perangkat",
      reactivated: "Diaktifkan lagi",
      passwordChanged: "Kata sandi diubah; semua sesinya diakhiri",
      sessionsEnded_other: "{{email}}: {{count}} sesi diakhiri",
    },
    errors: {
      emailRequired: "Masukkan alamat email.",
      email: "Masukkan alamat email seperti nama@contoh.com.",
      name: "Masukkan nama staf.",
      role: "Pilih peran.",
      gone: "Staf ini sudah tidak ada.",
      exists: "Staf dengan email ini sudah ada.",
      ownRole: "Anda tidak dapat mengubah peran Anda sendiri: minta admin lain.",
      self: "Anda tidak dapat menonaktifkan diri sendiri: minta admin lain.",
      passwordShort: "Gunakan minimal {{min}} karakter (yang ini {{length}}).",
      passwordLong: "Gunakan maksimal {{max}} karakter.",
      passwordSpaces: "Kata sandi tidak boleh hanya berisi spasi.",
      passwordTrivial:
        "Kata sandi tidak boleh berupa satu karakter atau pola pendek yang diulang, atau urutan seperti 123456789012.",
      passwordCommon: "Kata sandi ini ada di daftar kata sandi yang umum dipakai. Pilih yang lain.",
      passwordPersonal: "Kata sandi tidak boleh memuat alamat email atau nama orang tersebut.",
    },
  },
  endSessions: {
    button: "Akhiri sesi",
    title: "Keluarkan {{email}} dari semua perangkat?",
    description:
      "Semua sesi yang sedang terbuka berakhir sekarang, di semua perangkat. Ia dapat masuk lagi dengan kata sandinya.",
  },
  sessions: {
    title: "Sesi Anda",
    description_other:
      "Tempat Anda sedang masuk. Sesi berakhir setelah {{count}} menit tanpa aktivitas, dan bagaimanapun 12 jam setelah masuk.",
    caption: "Sesi Anda",
    columns: {
      device: "Perangkat",
      ip: "Alamat IP",
      created: "Masuk",
      lastSeen: "Terakhir aktif",
      actions: "Tindakan",
    },
    current: "Sesi ini",
    unknownDevice: "Perangkat tidak dikenal",
    deviceOn: "{{browser}} di {{os}}",
    unknownIp: "tidak diketahui",
    end: {
      button: "Keluarkan",
      title: "Keluarkan sesi di {{device}}?",
      description: "Browser itu dikeluarkan sekarang; siapa pun yang memakainya harus masuk lagi.",
    },
    endOthers: {
      button: "Keluar dari semua perangkat lain",
      title: "Keluar dari semua perangkat lain?",
      description: "Semua sesi Anda yang lain berakhir sekarang, di semua perangkat. Sesi ini tetap masuk.",
    },
    onlyHere: "Anda hanya masuk di sini.",
    toast: {
      ended: "Sesi dikeluarkan",
      endedOthers_other: "{{count}} sesi lain dikeluarkan",
    },
    errors: {
      gone: "Sesi itu sudah berakhir.",
    },
  },
  limits: {
    title: "Batas",
    description:
      "Nominal pengembalian dana terbesar yang boleh dilakukan tiap peran tanpa persetujuan. Nominal dalam rupiah; kosong berarti tanpa batas.",
    help: {
      admin: "Administrator.",
      support: "Pengembalian dana di atas batas perlu persetujuan tim keuangan.",
      finance: "Biasanya tanpa batas.",
      campaigns: "Staf kampanye tidak memindahkan uang.",
      viewer: "Peninjau tidak bisa mengembalikan dana, berapa pun batasnya.",
    },
    unlimited: "Tanpa batas",
    field: "Batas pengembalian dana untuk {{role}} (Rp)",
    lastChanged: "Terakhir diubah",
    neverChanged: "Belum pernah diubah",
    save: "Simpan",
    saved: "Batas pengembalian dana untuk {{role}}: {{limit}}",
  },
  apiKeys: {
    title: "API key",
    description:
      "API key memungkinkan sistem merchant memanggil API JSON Loket (<path>/api/v1/…</path>) dengan header <header/>.",
    created: {
      title: "API key “{{name}}” dibuat",
      description: "Salin sekarang: Loket hanya menyimpan hash-nya dan tidak akan menampilkannya lagi.",
    },
    copy: "Salin key",
    copied: "Tersalin",
    create: {
      title: "Buat API key",
      name: "Nama",
      nameHint: "Sistem yang memakainya, mis. “Backend checkout”.",
      submit: "Buat key",
    },
    keys: "Daftar key",
    caption: "API key",
    columns: {
      name: "Nama",
      key: "Key",
      created: "Dibuat",
      used: "Terakhir dipakai",
      status: "Status",
      actions: "Tindakan",
    },
    never: "Belum pernah",
    revoked: "Dicabut",
    active: "Aktif",
    revoke: {
      button: "Cabut",
      title: "Cabut “{{name}}”?",
      description:
        "Mulai sekarang setiap permintaan yang memakai {{prefix}}… mendapat 401. Tindakan ini tidak bisa dibatalkan; buat key baru jika sistem tersebut masih perlu akses.",
      confirm: "Cabut key",
    },
    empty: "Belum ada API key",
    emptyText: "Buat key di atas agar sebuah sistem bisa memanggil API merchant.",
    toast: {
      revoked: "Key “{{name}}” dicabut",
      revokedText: "Permintaan dengan key ini sekarang mendapat 401.",
    },
    errors: {
      unknown: "Key tidak dikenal.",
      gone: "Key ini sudah tidak ada.",
      nameRequired: "Beri nama key ini, mis. sistem yang akan memakainya.",
      nameTooLong: "Nama maksimal {{max}} karakter.",
    },
  },
};
export default settings;
