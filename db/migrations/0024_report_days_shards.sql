ALTER TABLE "report_days" ADD COLUMN "shard" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_days" DROP CONSTRAINT "report_days_pk";
--> statement-breakpoint
ALTER TABLE "report_days" ADD CONSTRAINT "report_days_pk" PRIMARY KEY("day","source","channel","payment_option","shard");
--> statement-breakpoint
-- Every payment of a day added to the same few report_days rows ('payments', 'created_paid',
-- 'created:pending', 'created:paid' of today), so concurrent transactions queued on those rows'
-- locks from their orders UPDATE until they committed: under 32 concurrent GoPay notifications most
-- backends sat in Lock:transactionid and ingest's p99 was ~500 ms (docs/benchmarks.md, ninth pass).
-- Now each connection adds to its own shard of a key (backend pid mod 8); readers sum the shards.
-- A transaction still writes one shard for all its rows, in key order, as before.
CREATE OR REPLACE FUNCTION report_shard() RETURNS smallint
LANGUAGE sql STABLE AS $$ SELECT (pg_backend_pid() % 8)::smallint $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_days_orders_trg()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
  v_shard smallint := report_shard();
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount, shard)
    SELECT c.day, c.source, c.channel, c.payment_option, sum(c.n), sum(c.amount), v_shard
      FROM report_new o CROSS JOIN LATERAL report_order_contribs(o.channel, o.payment_option, o.status, o.amount, o.paid_amount, o.created_at, o.paid_at, o.closed_at) c
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option, shard) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  ELSIF TG_OP = 'UPDATE' THEN
    WITH moved AS MATERIALIZED (
      SELECT t.id,
             max(t.channel) FILTER (WHERE t.side = 1) AS n_channel, max(t.payment_option) FILTER (WHERE t.side = 1) AS n_option,
             max(t.channel) FILTER (WHERE t.side = -1) AS p_channel, max(t.payment_option) FILTER (WHERE t.side = -1) AS p_option
        FROM (SELECT id, channel, payment_option, 1 AS side FROM report_new
              UNION ALL
              SELECT id, channel, payment_option, -1 AS side FROM report_old) t
       GROUP BY t.id
      HAVING count(*) FILTER (WHERE t.side = 1) = 1 AND count(*) FILTER (WHERE t.side = -1) = 1
         AND (max(t.channel) FILTER (WHERE t.side = 1), coalesce(max(t.payment_option) FILTER (WHERE t.side = 1), ''))
             IS DISTINCT FROM (max(t.channel) FILTER (WHERE t.side = -1), coalesce(max(t.payment_option) FILTER (WHERE t.side = -1), ''))
    )
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount, shard)
    SELECT x.day, x.source, x.channel, x.payment_option, sum(x.n), sum(x.amount), v_shard FROM (
      SELECT c.* FROM report_new o CROSS JOIN LATERAL report_order_contribs(o.channel, o.payment_option, o.status, o.amount, o.paid_amount, o.created_at, o.paid_at, o.closed_at) c
      UNION ALL
      SELECT c.day, c.source, c.channel, c.payment_option, -c.n, -c.amount FROM report_old o CROSS JOIN LATERAL report_order_contribs(o.channel, o.payment_option, o.status, o.amount, o.paid_amount, o.created_at, o.paid_at, o.closed_at) c
      UNION ALL
      SELECT c.* FROM moved m JOIN refunds f ON f.order_id = m.id
        CROSS JOIN LATERAL report_refund_contribs(m.n_channel, m.n_option, f.status, f.amount, f.settled_at, f.created_at) c
      UNION ALL
      SELECT c.day, c.source, c.channel, c.payment_option, -c.n, -c.amount FROM moved m JOIN refunds f ON f.order_id = m.id
        CROSS JOIN LATERAL report_refund_contribs(m.p_channel, m.p_option, f.status, f.amount, f.settled_at, f.created_at) c
      UNION ALL
      SELECT c.* FROM moved m JOIN holds h ON h.order_id = m.id
        CROSS JOIN LATERAL report_hold_contribs(m.n_channel, m.n_option, h.status, h.amount, h.captured_at, h.released_at) c
      UNION ALL
      SELECT c.day, c.source, c.channel, c.payment_option, -c.n, -c.amount FROM moved m JOIN holds h ON h.order_id = m.id
        CROSS JOIN LATERAL report_hold_contribs(m.p_channel, m.p_option, h.status, h.amount, h.captured_at, h.released_at) c
    ) x
     GROUP BY 1, 2, 3, 4 HAVING sum(x.n) <> 0 OR sum(x.amount) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option, shard) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  ELSE
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount, shard)
    SELECT c.day, c.source, c.channel, c.payment_option, -sum(c.n), -sum(c.amount), v_shard
      FROM report_old o CROSS JOIN LATERAL report_order_contribs(o.channel, o.payment_option, o.status, o.amount, o.paid_amount, o.created_at, o.paid_at, o.closed_at) c
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option, shard) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  END IF;
  RETURN NULL;
END;
$function$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_days_refunds_trg()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
  v_shard smallint := report_shard();
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount, shard)
    SELECT c.day, c.source, c.channel, c.payment_option, sum(c.n), sum(c.amount), v_shard
      FROM report_new f JOIN orders o ON o.id = f.order_id
      CROSS JOIN LATERAL report_refund_contribs(o.channel, o.payment_option, f.status, f.amount, f.settled_at, f.created_at) c
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option, shard) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount, shard)
    SELECT x.day, x.source, x.channel, x.payment_option, sum(x.n), sum(x.amount), v_shard FROM (
      SELECT c.* FROM report_new f JOIN orders o ON o.id = f.order_id
        CROSS JOIN LATERAL report_refund_contribs(o.channel, o.payment_option, f.status, f.amount, f.settled_at, f.created_at) c
      UNION ALL
      SELECT c.day, c.source, c.channel, c.payment_option, -c.n, -c.amount FROM report_old f JOIN orders o ON o.id = f.order_id
        CROSS JOIN LATERAL report_refund_contribs(o.channel, o.payment_option, f.status, f.amount, f.settled_at, f.created_at) c
    ) x
     GROUP BY 1, 2, 3, 4 HAVING sum(x.n) <> 0 OR sum(x.amount) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option, shard) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  ELSE
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount, shard)
    SELECT c.day, c.source, c.channel, c.payment_option, -sum(c.n), -sum(c.amount), v_shard
      FROM report_old f JOIN orders o ON o.id = f.order_id
      CROSS JOIN LATERAL report_refund_contribs(o.channel, o.payment_option, f.status, f.amount, f.settled_at, f.created_at) c
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option, shard) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  END IF;
  RETURN NULL;
END;
$function$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_days_holds_trg()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
  v_shard smallint := report_shard();
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount, shard)
    SELECT c.day, c.source, c.channel, c.payment_option, sum(c.n), sum(c.amount), v_shard
      FROM report_new h JOIN orders o ON o.id = h.order_id
      CROSS JOIN LATERAL report_hold_contribs(o.channel, o.payment_option, h.status, h.amount, h.captured_at, h.released_at) c
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option, shard) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount, shard)
    SELECT x.day, x.source, x.channel, x.payment_option, sum(x.n), sum(x.amount), v_shard FROM (
      SELECT c.* FROM report_new h JOIN orders o ON o.id = h.order_id
        CROSS JOIN LATERAL report_hold_contribs(o.channel, o.payment_option, h.status, h.amount, h.captured_at, h.released_at) c
      UNION ALL
      SELECT c.day, c.source, c.channel, c.payment_option, -c.n, -c.amount FROM report_old h JOIN orders o ON o.id = h.order_id
        CROSS JOIN LATERAL report_hold_contribs(o.channel, o.payment_option, h.status, h.amount, h.captured_at, h.released_at) c
    ) x
     GROUP BY 1, 2, 3, 4 HAVING sum(x.n) <> 0 OR sum(x.amount) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option, shard) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  ELSE
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount, shard)
    SELECT c.day, c.source, c.channel, c.payment_option, -sum(c.n), -sum(c.amount), v_shard
      FROM report_old h JOIN orders o ON o.id = h.order_id
      CROSS JOIN LATERAL report_hold_contribs(o.channel, o.payment_option, h.status, h.amount, h.captured_at, h.released_at) c
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option, shard) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  END IF;
  RETURN NULL;
END;
$function$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_days_coin_payouts_trg()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
  v_shard smallint := report_shard();
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount, shard)
    SELECT c.day, c.source, c.channel, c.payment_option, sum(c.n), sum(c.amount), v_shard
      FROM report_new p CROSS JOIN LATERAL report_coin_payout_contribs(p.status, p.amount, p.paid_at) c
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option, shard) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount, shard)
    SELECT x.day, x.source, x.channel, x.payment_option, sum(x.n), sum(x.amount), v_shard FROM (
      SELECT c.* FROM report_new p CROSS JOIN LATERAL report_coin_payout_contribs(p.status, p.amount, p.paid_at) c
      UNION ALL
      SELECT c.day, c.source, c.channel, c.payment_option, -c.n, -c.amount FROM report_old p CROSS JOIN LATERAL report_coin_payout_contribs(p.status, p.amount, p.paid_at) c
    ) x
     GROUP BY 1, 2, 3, 4 HAVING sum(x.n) <> 0 OR sum(x.amount) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option, shard) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  ELSE
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount, shard)
    SELECT c.day, c.source, c.channel, c.payment_option, -sum(c.n), -sum(c.amount), v_shard
      FROM report_old p CROSS JOIN LATERAL report_coin_payout_contribs(p.status, p.amount, p.paid_at) c
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option, shard) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  END IF;
  RETURN NULL;
END;
$function$;
