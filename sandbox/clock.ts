/** The sandbox's clock: real time plus an offset the control API can advance (so expiry is testable). */
export class Clock {
  offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

const WIB_MS = 7 * 60 * 60 * 1000;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** `2024-03-19T14:30:00+07:00` */
export function wibIso(ms: number): string {
  const w = new Date(ms + WIB_MS);
  return `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}T${pad(w.getUTCHours())}:${pad(
    w.getUTCMinutes(),
  )}:${pad(w.getUTCSeconds())}+07:00`;
}

/** Core API `transaction_time`: `YYYY-MM-DD HH:MM:SS` in WIB. */
export function wibPlain(ms: number): string {
  return wibIso(ms).slice(0, 19).replace("T", " ");
}

export function wibDay(ms: number): string {
  return wibIso(ms).slice(0, 10);
}

/**
 * Parses an ISO-8601 instant that carries its zone (offset or Z), with or without fractional
 * seconds. Date.parse alone would accept zone-less strings as local time, which we refuse.
 */
export function parseIsoWithZone(s: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/.test(s)) return undefined;
  const normal = s.replace(/([+-]\d{2})(\d{2})$/, "$1:$2").replace(/(\.\d{3})\d+/, "$1");
  const t = Date.parse(normal);
  return Number.isNaN(t) ? undefined : t;
}
