/** Indonesian phone numbers normalised to `62812…` (digits, country code, no plus). */
export function normalisePhone(input: string): string | undefined {
  const digits = input.replace(/[\s\-().]/g, "");
  let d = digits.startsWith("+") ? digits.slice(1) : digits;
  if (!/^\d+$/.test(d)) return undefined;
  if (d.startsWith("0")) d = `62${d.slice(1)}`;
  else if (d.startsWith("8")) d = `62${d}`;
  if (!d.startsWith("62") || d.length < 9 || d.length > 15) return undefined;
  return d;
}

/** `+62 812-3456-7890` for display. */
export function formatPhone(normalised: string | null | undefined): string {
  if (!normalised) return "—";
  const rest = normalised.startsWith("62") ? normalised.slice(2) : normalised;
  const parts = [rest.slice(0, 3), rest.slice(3, 7), rest.slice(7)].filter(Boolean);
  return `+62 ${parts.join("-")}`;
}
