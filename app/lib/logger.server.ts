import pino, { type Logger } from "pino";
import { env } from "~/env.server";

/**
 * The app's structured logger. Secrets are never passed to it; the redact list is a second line
 * of defence in case a header object slips into a log call. Tests are silent unless LOG_LEVEL is set.
 */
export const REDACT_PATHS = [
  "authorization",
  "*.authorization",
  "*.Authorization",
  "*['x-signature']",
  "*['X-SIGNATURE']",
  "*.accessToken",
  "*.serverKey",
  "*.clientSecret",
  "*.auth_token",
  "*.authToken",
];

let root: Logger | undefined;

export function logger(): Logger {
  if (!root) {
    const level = process.env.VITEST && !process.env.LOG_LEVEL ? "silent" : env().LOG_LEVEL;
    root = pino({ level, base: undefined, redact: { paths: REDACT_PATHS, censor: "[redacted]" } });
  }
  return root;
}
