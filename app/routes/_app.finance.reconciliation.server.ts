import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { clientIp } from "~/auth/request-meta.server";
import { db } from "~/db/client.server";
import { defineAction, parseAction, refuse, requestT } from "~/lib/action.server";
import { cursorParams, isStaleCursor } from "~/lib/stale-cursor";
import { isoDay } from "~/lib/time";
import { redirectWithToast } from "~/lib/toast.server";
import { say } from "~/lib/words";
import {
  ignoreDifferences,
  moveRun,
  resolveDifferences,
  startRun,
} from "~/services/reconciliation/actions.server";
import { yesterdayWib } from "~/services/reconciliation/daily.server";
import {
  DEFAULT_THROTTLE_PER_SECOND,
  isDifferenceKind,
  MAX_THROTTLE_PER_SECOND,
} from "~/services/reconciliation/kinds";
import {
  explainItem,
  getRun,
  decodeDifferenceCursor,
  listDifferences,
  listRuns,
  PAGE_SIZE,
  runCounts,
} from "~/services/reconciliation/list.server";
import { RECON_DIFFERENCE_STATUSES, type ReconDifferenceStatus } from "~db/schema";

/** The /finance/reconciliation loader: runs, the chosen run's differences (filtered), an explained item. */
export async function reconciliationLoader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "finance:read");
  const url = new URL(request.url);
  const q = url.searchParams;
  const runs = await listRuns(db());
  const runId = q.get("run") ?? runs[0]?.id ?? null;
  const run = runId ? await getRun(db(), runId) : null;
  const kindParam = q.get("kind");
  const kind = isDifferenceKind(kindParam) ? kindParam : undefined;
  const statusParam = q.get("status") ?? "open";
  const status = (RECON_DIFFERENCE_STATUSES as readonly string[]).includes(statusParam)
    ? (statusParam as ReconDifferenceStatus)
    : undefined;
  const after = q.get("after") ?? undefined;
  // One row past the page tells whether "More" leads anywhere (a page of exactly PAGE_SIZE is the last).
  const fetched = run ? await listDifferences(db(), { runId: run.id, kind, status, after, limit: PAGE_SIZE + 1 }) : [];
  const rows = fetched.slice(0, PAGE_SIZE);
  // An `after` that is no row id (cut short, edited): the first rows, and the page says so.
  const staleCursor = Boolean(run) && isStaleCursor(cursorParams(q), decodeDifferenceCursor(after));
  const explainId = q.get("explain");
  const explained = run && explainId ? await explainItem(db(), run.id, explainId) : null;
  return {
    runs: runs.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    })),
    run: run
      ? {
          id: run.id,
          rangeFrom: run.rangeFrom,
          rangeTo: run.rangeTo,
          status: run.status,
          checked: run.checked,
          total: run.total,
          differences: run.differences,
          throttlePerSecond: run.throttlePerSecond,
          lastError: run.lastError,
        }
      : null,
    counts: run ? await runCounts(db(), run.id) : null,
    rows: rows.map((r) => ({
      ...r,
      amount: r.amount.toString(),
      createdAt: r.createdAt.toISOString(),
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
      details: (r.details ?? {}) as Record<string, string | number | boolean | null>,
    })),
    nextAfter: fetched.length > PAGE_SIZE ? rows[rows.length - 1]!.id : null,
    staleCursor,
    filters: { kind: kind ?? "", status: statusParam === "all" ? "all" : (status ?? "open") },
    explain:
      explained && explainId
        ? {
            orderUuid: explainId,
            result: explained.result as { loket: unknown; gopay: unknown; error: string | null },
          }
        : null,
    defaults: {
      from: yesterdayWib(),
      to: yesterdayWib(),
      throttle: DEFAULT_THROTTLE_PER_SECOND,
      maxThrottle: MAX_THROTTLE_PER_SECOND,
    },
    canReconcile: can(me.role, "finance:reconcile"),
    canExport: can(me.role, "finance:export"),
  };
}

const day = z.string().trim().max(20);
const ids = z
  .union([z.string().uuid(), z.array(z.string().uuid())])
  .transform((v) => (Array.isArray(v) ? v : [v]));
const ReconAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("start"),
      from: day,
      to: day,
      throttle: z.coerce.number().int().default(DEFAULT_THROTTLE_PER_SECOND),
    }),
    z.object({ intent: z.literal("pause"), runId: z.string().uuid() }),
    z.object({ intent: z.literal("resume"), runId: z.string().uuid() }),
    z.object({ intent: z.literal("cancel"), runId: z.string().uuid() }),
    z.object({ intent: z.literal("resolve"), ids: ids.optional() }),
    z.object({ intent: z.literal("ignore"), ids: ids.optional() }),
  ]),
  {
    start: "finance:reconcile",
    pause: "finance:reconcile",
    resume: "finance:reconcile",
    cancel: "finance:reconcile",
    resolve: "finance:reconcile",
    ignore: "finance:reconcile",
  },
);

export async function reconciliationAction({ request, context }: ActionFunctionArgs) {
  const parsed = await parseAction(request, ReconAction);
  if (!parsed.ok) return parsed.reply;
  const { staff, input } = parsed;
  const actor = { id: staff.id, email: staff.email };
  const ip = clientIp(context);
  const rt = await requestT(request);
  const t = (key: string, params?: Record<string, string | number>) => say(rt, { key, params }, key);
  const back = (() => {
    const u = new URL(request.url);
    return `${u.pathname}${u.search}`;
  })();
  switch (input.intent) {
    case "start": {
      const from = isoDay(input.from);
      const to = isoDay(input.to);
      if (!from) return refuse({ from: t("finance:reconciliation.errors.badDay") }, { intent: input.intent });
      if (!to) return refuse({ to: t("finance:reconciliation.errors.badDay") }, { intent: input.intent });
      const r = await startRun({ from, to, throttlePerSecond: input.throttle, actor, ip });
      if (!r.ok)
        return refuse({ [r.field ?? "form"]: t(`finance:${r.messageKey}`) }, { intent: input.intent });
      const run = await getRun(db(), r.runId);
      return redirectWithToast(`/finance/reconciliation?run=${r.runId}`, {
        type: "success",
        title: t("finance:reconciliation.start.started"),
        description: t("finance:reconciliation.start.startedDescription", {
          total: run?.total ?? 0,
          n: input.throttle,
        }),
      });
    }
    case "pause":
    case "resume":
    case "cancel": {
      const moved = await moveRun({ runId: input.runId, move: input.intent, actor, ip });
      if (!moved)
        return refuse({ form: t("finance:reconciliation.runs.notMoved") }, { intent: input.intent });
      const title = {
        pause: t("finance:reconciliation.runs.paused"),
        resume: t("finance:reconciliation.runs.resumed"),
        cancel: t("finance:reconciliation.runs.cancelled"),
      }[input.intent];
      return redirectWithToast(back, { type: "success", title });
    }
    case "resolve": {
      if (!input.ids?.length)
        return refuse(
          { form: t("finance:reconciliation.results.nothingSelected") },
          { intent: input.intent },
        );
      const s = await resolveDifferences({ differenceIds: input.ids, actor, ip });
      const parts = [
        s.remaining ? t("finance:reconciliation.results.remaining", { count: s.remaining }) : "",
        s.failed.length
          ? t("finance:reconciliation.results.failed", {
              orders: s.failed.map((f) => f.orderId).join(", "),
              message: s.failed[0]!.message,
            })
          : "",
      ].filter(Boolean);
      return redirectWithToast(back, {
        type: s.failed.length ? "error" : s.remaining ? "info" : "success",
        title: t("finance:reconciliation.results.resolved", { count: s.resolved }),
        description: parts.join(" ") || undefined,
      });
    }
    case "ignore": {
      if (!input.ids?.length)
        return refuse(
          { form: t("finance:reconciliation.results.nothingSelected") },
          { intent: input.intent },
        );
      const n = await ignoreDifferences({ differenceIds: input.ids, actor, ip });
      return redirectWithToast(back, {
        type: "success",
        title: t("finance:reconciliation.results.ignored", { count: n }),
      });
    }
  }
}
