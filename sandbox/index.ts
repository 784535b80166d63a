import { prepareDemoConfig } from "../server/demo-config";
import { startSandbox } from "./server";

// `npm run sandbox`: the demo configuration (generated keys shared with the app) unless the
// environment says otherwise.
prepareDemoConfig(process.env);
const env = process.env;
const sb = await startSandbox({
  port: Number(env.SANDBOX_PORT ?? 4010),
  notifyUrl: env.SANDBOX_NOTIFY_URL,
  coreNotifyUrl: env.SANDBOX_CORE_NOTIFY_URL,
  timeScale: env.SANDBOX_TIME_SCALE ? Number(env.SANDBOX_TIME_SCALE) : 60,
  snapshotFile: env.SANDBOX_SNAPSHOT_FILE || undefined,
});
console.log(`GoPay sandbox on ${sb.url} (notify → ${env.SANDBOX_NOTIFY_URL ?? "nowhere"}, core notify → ${env.SANDBOX_CORE_NOTIFY_URL ?? "nowhere"})`);
const stop = () => {
  void sb.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
