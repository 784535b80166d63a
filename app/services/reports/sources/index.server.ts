import type { ReportSourceKey } from "../sources";
import { cancelsSource } from "./cancels.server";
import { capturesSource } from "./captures.server";
import { coinPayoutsSource } from "./coin-payouts.server";
import { paymentsSource } from "./payments.server";
import { refundsSource } from "./refunds.server";
import { releasesSource } from "./releases.server";
import type { ReportSource } from "./source.server";

/** Every source of the report, by key: a new money movement is one more line here. */
export const SOURCES: Record<ReportSourceKey, ReportSource> = {
  payments: paymentsSource,
  refunds: refundsSource,
  cancels: cancelsSource,
  captures: capturesSource,
  releases: releasesSource,
  coin_payouts: coinPayoutsSource,
};
