import { useTranslation } from "react-i18next";
import { DataTable, EmptyState, RowLink, StatusPill, useStatusLabel, type Column } from "~/components/ui";
import { formatIdr } from "~/lib/money";
import { formatWib } from "~/lib/time";
import { Countdown } from "./countdown";
import { useHoldActions, type HoldAct } from "./hold-actions";

/** A hold as its row shows it (the route's loader sends only these fields). */
export interface HoldTableRow {
  orderId: string;
  amount: bigint;
  status: string;
  authorisedAt: Date;
  expiresAt: Date;
  customerId: string | null;
  /** Name, else phone, else email. */
  customer: string;
  /** Only on an authorised hold, for staff who may capture or release it. */
  act?: HoldAct;
}

/** Selected holds: id → order id (the bulk release names them). */
export type HoldSelection = Record<string, string>;

/** wibTime's <time> without its class: the cell styles it (app/styles.css `.h-table`). */
function at(value: Date, language: string) {
  const d = new Date(value);
  return <time dateTime={d.toISOString()}>{formatWib(d, language)}</time>;
}

/**
 * The holds of one page. The cells' look is in app/styles.css (`.h-table`, by column): said once,
 * not on 50 rows. Capture and release share one dialog (./hold-actions).
 */
export function HoldsTable({
  rows,
  now,
  canCapture,
  canRelease,
  selected,
  onSelect,
  expiring,
}: {
  rows: HoldTableRow[];
  now: Date;
  canCapture: boolean;
  canRelease: boolean;
  selected: HoldSelection;
  onSelect: React.Dispatch<React.SetStateAction<HoldSelection>>;
  expiring: boolean;
}) {
  const { t, i18n } = useTranslation("holds");
  const language = i18n.language;
  const statusLabel = useStatusLabel();
  const actions = useHoldActions({ canCapture, canRelease });
  // "authorised <0/>" split once per table around the time (a <Trans> per row parsed it 50 times).
  const [authorisedBefore, authorisedAfter = ""] = t("table.authorisedAt").split("<0/>");
  const selectable = canRelease;
  const authorised = rows.flatMap((r) =>
    r.status === "authorised" && r.act ? [{ holdId: r.act.holdId, orderId: r.orderId }] : [],
  );
  const allSelected = authorised.length > 0 && authorised.every((r) => selected[r.holdId]);
  const toggle = (holdId: string, orderId: string) =>
    onSelect((s) => {
      const next = { ...s };
      if (next[holdId]) delete next[holdId];
      else next[holdId] = orderId;
      return next;
    });

  const columns: Column<HoldTableRow>[] = [
    ...(selectable
      ? [
          {
            key: "select",
            header: (
              <input
                type="checkbox"
                aria-label={t("table.selectAll")}
                checked={allSelected}
                onChange={() =>
                  onSelect(
                    allSelected ? {} : Object.fromEntries(authorised.map((r) => [r.holdId, r.orderId])),
                  )
                }
              />
            ),
            cell: (r: HoldTableRow) =>
              r.status === "authorised" && r.act ? (
                <input
                  type="checkbox"
                  aria-label={t("table.select", { orderId: r.orderId })}
                  checked={Boolean(selected[r.act.holdId])}
                  onChange={() => r.act && toggle(r.act.holdId, r.orderId)}
                />
              ) : null,
          },
        ]
      : []),
    {
      key: "order",
      header: t("table.order"),
      // The authorised time sits under the order id so the row fits beside the actions at 1280 px.
      cell: (r) => (
        <>
          <RowLink to={`/orders/${encodeURIComponent(r.orderId)}`}>{r.orderId}</RowLink>
          <span>
            {authorisedBefore}
            {at(r.authorisedAt, language)}
            {authorisedAfter}
          </span>
        </>
      ),
    },
    {
      key: "customer",
      header: t("table.customer"),
      // The customer case view: everything else this person did.
      cell: (r) => (r.customerId ? <RowLink to={`/customers/${r.customerId}`}>{r.customer}</RowLink> : r.customer),
    },
    {
      key: "amount",
      header: t("table.amount"),
      align: "right",
      styledBy: "table",
      cell: (r) => formatIdr(r.amount),
    },
    {
      key: "expires",
      header: t("table.expires"),
      // Time left first (what finance acts on), the exact WIB time under it.
      cell: (r) => (
        <>
          {r.status === "authorised" ? <Countdown expiresAt={r.expiresAt} serverNow={now} /> : null}
          {at(r.expiresAt, language)}
        </>
      ),
    },
    {
      key: "status",
      header: t("table.status"),
      cell: (r) => <StatusPill status={r.status} label={statusLabel(r.status)} />,
    },
    {
      key: "actions",
      header: <span className="sr-only">{t("table.actions")}</span>,
      align: "right",
      styledBy: "table",
      cell: (r) =>
        r.status === "authorised" && r.act
          ? actions.buttons({ orderId: r.orderId, amount: r.amount, act: r.act })
          : null,
    },
  ];

  return (
    <>
      <DataTable
        caption={t("table.caption")}
        columns={columns}
        rows={rows}
        rowKey={(r) => r.orderId}
        tableClassName="h-table"
        empty={
          <EmptyState title={expiring ? t("table.noneExpiring") : t("table.noMatch")}>
            {expiring ? t("table.noneExpiringText") : t("table.noMatchText")}
          </EmptyState>
        }
      />
      {actions.dialog}
    </>
  );
}
