import { can } from "~/auth/permissions";
import type { DbOrTx } from "~/db/client.server";
import type { Role } from "~db/schema/staff";
import { hourlySeries, statusSeries, type HourPoint, type StatusDay } from "./series";
import {
  attentionFigures,
  moneyFigures,
  ordersByDayAndStatus,
  paidByHour,
  type AttentionFigures,
  type MoneyFigures,
} from "./queries.server";
import { overviewWindow, type OverviewWindow } from "./window";
import type { OverviewPeriod, PeriodFigures } from "./periods";
import { coinsOverview, type CoinsOverview } from "~/services/coins/overview.server";
import {
  reconciliationOverview,
  type ReconciliationOverview,
} from "~/services/reconciliation/overview.server";
import { loadPeriodFigures } from "./periods.server";

export interface Overview {
  window: Pick<OverviewWindow, "now" | "today" | "todayStart" | "currentHour">;
  /** orders:read — payments, refunds, failures and both charts. */
  money?: MoneyFigures & { hourly: HourPoint[]; week: StatusDay[] };
  /** orders:read — today / 7 days / 30 days from report_days (gross, refunds, net, success rate, splits, daily series). */
  period?: PeriodFigures;
  /** finance:read — open reconciliation differences and last night's run (helper recon's service). */
  reconciliation?: ReconciliationOverview;
  /** coins:read — this WIB month's coin payouts against the budget (helper coins-core's service). */
  coins?: CoinsOverview;
  /** holds:read */
  holds?: Pick<AttentionFigures, "holdsActive" | "holdsExpiringSoon" | "holdsPastExpiry">;
  /** What someone should look at now; each part only for a role that can act on or read it. */
  attention?: {
    unknownOperations?: { count: number; oldestAt: Date | null };
    pendingApprovals?: AttentionFigures["pendingApprovals"];
    notifications?: { applyFailed: number; badSignature: number };
  };
}

/**
 * Everything the overview page shows, for one role: a group the role cannot open is neither
 * queried nor returned (campaigns staff have no orders:read, so no money figures at all).
 */
export async function loadOverview(
  db: DbOrTx,
  opts: { role: Role; now?: Date; period?: OverviewPeriod },
): Promise<Overview> {
  const w = overviewWindow(opts.now);
  const role = opts.role;
  const orders = can(role, "orders:read");
  const holds = can(role, "holds:read");
  const approvals = can(role, "approvals:read");
  const wantAttention = orders || holds || approvals;

  const [money, hourly, week, att, period, reconciliation, coins] = await Promise.all([
    orders ? moneyFigures(db, w) : undefined,
    orders ? paidByHour(db, w) : undefined,
    orders ? ordersByDayAndStatus(db, w) : undefined,
    wantAttention ? attentionFigures(db, w) : undefined,
    orders ? loadPeriodFigures(db, opts.period ?? "today", w.today) : undefined,
    can(role, "finance:read") ? reconciliationOverview(db) : undefined,
    can(role, "coins:read") ? coinsOverview(db, w.now) : undefined,
  ]);

  const out: Overview = {
    window: { now: w.now, today: w.today, todayStart: w.todayStart, currentHour: w.currentHour },
  };
  if (money && hourly && week)
    out.money = { ...money, hourly: hourlySeries(hourly, w), week: statusSeries(week, w) };
  if (period) out.period = period;
  if (reconciliation) out.reconciliation = reconciliation;
  if (coins) out.coins = coins;
  if (att && holds) {
    out.holds = {
      holdsActive: att.holdsActive,
      holdsExpiringSoon: att.holdsExpiringSoon,
      holdsPastExpiry: att.holdsPastExpiry,
    };
  }
  if (att) {
    out.attention = {
      // Operations and notifications are about orders' payments: whoever reads orders sees them.
      ...(orders
        ? { unknownOperations: { count: att.unknownOperations, oldestAt: att.oldestUnknownAt } }
        : {}),
      ...(approvals ? { pendingApprovals: att.pendingApprovals } : {}),
      ...(orders
        ? {
            notifications: {
              applyFailed: att.notificationsApplyFailed,
              badSignature: att.notificationsBadSignature,
            },
          }
        : {}),
    };
  }
  return out;
}
