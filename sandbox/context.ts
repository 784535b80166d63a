import { type Clock } from "./clock";
import { type Faults } from "./faults";
import { type Notifier } from "./notify";
import { type State } from "./state";

export type SandboxConfig = {
  clientId: string;
  clientSecret: string;
  partnerId: string;
  serverKey: string;
  miniappClientId: string;
  miniappClientSecret: string;
  merchantPublicKeyPem: string;
  notifyPrivateKeyPem: string;
  notifyUrl?: string;
  coreNotifyUrl?: string;
  timeScale: number;
  snapshotFile?: string;
  merchantId: string;
};

export type LoggedRequest = {
  seq: number;
  at: string;
  method: string;
  path: string;
  op: string;
  headers: Record<string, string>;
  status: number | "dropped";
  responseCode?: string;
  fault?: string;
};

/** What every handler works with. */
export type Ctx = {
  config: SandboxConfig;
  state: State;
  clock: Clock;
  faults: Faults;
  notifier: Notifier;
  requests: LoggedRequest[];
  /** base URL of this sandbox, for links it hands out */
  baseUrl: () => string;
  /** state changed: schedule a snapshot */
  touch: () => void;
  nextId: (prefix: string) => string;
};
