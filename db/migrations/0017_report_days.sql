CREATE TABLE "report_days" (
	"day" date NOT NULL,
	"source" text NOT NULL,
	"channel" text DEFAULT '' NOT NULL,
	"payment_option" text DEFAULT '' NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "report_days_pk" PRIMARY KEY("day","source","channel","payment_option")
);
--> statement-breakpoint
-- report_days: per WIB day × source × channel × payment option, maintained by statement-level
-- triggers (with transition tables) in the same transaction as the change. Each table's share is
-- defined ONCE, in its report_*_contribs function; app/services/reports/sources/* select the same
-- rows from the raw tables (tests/integration/reports-property.test.ts holds them equal).
-- An UPDATE nets old against new and writes only keys whose sums changed: most order updates
-- (updated_at, gopay_status) touch no counter row at all. Plain PL/pgSQL: Postgres and PGlite.
CREATE OR REPLACE FUNCTION loket_wib_day(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ((t AT TIME ZONE 'UTC') + interval '7 hours')::date $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_order_contribs(
  p_channel text, p_option text, p_status text, p_amount bigint, p_paid_amount bigint,
  p_created_at timestamptz, p_paid_at timestamptz, p_closed_at timestamptz
) RETURNS TABLE (day date, source text, channel text, payment_option text, n bigint, amount bigint)
LANGUAGE sql IMMUTABLE AS $$
  SELECT v.d, v.s, p_channel, coalesce(p_option, ''), 1::bigint, v.a
  FROM (VALUES
    (loket_wib_day(p_created_at), 'created', p_amount),
    (CASE WHEN p_paid_at IS NOT NULL AND p_status IN ('paid', 'partially_refunded', 'refunded') THEN loket_wib_day(p_created_at) END, 'created_paid', p_amount),
    (CASE WHEN p_paid_at IS NOT NULL AND p_status IN ('paid', 'partially_refunded', 'refunded') THEN loket_wib_day(p_paid_at) END, 'payments', p_paid_amount),
    (CASE WHEN p_status = 'cancelled' AND p_channel <> 'preauth' AND p_closed_at IS NOT NULL THEN loket_wib_day(p_closed_at) END, 'cancels', p_amount)
  ) AS v(d, s, a)
  WHERE v.d IS NOT NULL
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_refund_contribs(
  p_channel text, p_option text, p_status text, p_amount bigint, p_settled_at timestamptz, p_created_at timestamptz
) RETURNS TABLE (day date, source text, channel text, payment_option text, n bigint, amount bigint)
LANGUAGE sql IMMUTABLE AS $$
  SELECT loket_wib_day(coalesce(p_settled_at, p_created_at)), 'refunds', p_channel, coalesce(p_option, ''), 1::bigint, p_amount
  WHERE p_status = 'succeeded'
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_hold_contribs(
  p_channel text, p_option text, p_status text, p_amount bigint, p_captured_at timestamptz, p_released_at timestamptz
) RETURNS TABLE (day date, source text, channel text, payment_option text, n bigint, amount bigint)
LANGUAGE sql IMMUTABLE AS $$
  SELECT v.d, v.s, p_channel, coalesce(p_option, ''), 1::bigint, p_amount
  FROM (VALUES
    (CASE WHEN p_status = 'captured' AND p_captured_at IS NOT NULL THEN loket_wib_day(p_captured_at) END, 'captures'),
    (CASE WHEN p_status = 'released' AND p_released_at IS NOT NULL THEN loket_wib_day(p_released_at) END, 'releases')
  ) AS v(d, s)
  WHERE v.d IS NOT NULL
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_coin_payout_contribs(p_status text, p_amount bigint, p_paid_at timestamptz)
RETURNS TABLE (day date, source text, channel text, payment_option text, n bigint, amount bigint)
LANGUAGE sql IMMUTABLE AS $$
  SELECT loket_wib_day(p_paid_at), 'coin_payouts', '', '', 1::bigint, p_amount
  WHERE p_status = 'paid' AND p_paid_at IS NOT NULL
$$;
--> statement-breakpoint
-- Adds signed contributions (a temp table per statement would cost more than this one upsert);
-- ordered by key so two transactions take the counter rows' locks in the same order.
CREATE OR REPLACE FUNCTION report_days_orders_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount)
    SELECT c.day, c.source, c.channel, c.payment_option, sum(c.n), sum(c.amount)
      FROM report_new o CROSS JOIN LATERAL report_order_contribs(o.channel, o.payment_option, o.status, o.amount, o.paid_amount, o.created_at, o.paid_at, o.closed_at) c
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount)
    SELECT x.day, x.source, x.channel, x.payment_option, sum(x.n), sum(x.amount) FROM (
      SELECT c.* FROM report_new o CROSS JOIN LATERAL report_order_contribs(o.channel, o.payment_option, o.status, o.amount, o.paid_amount, o.created_at, o.paid_at, o.closed_at) c
      UNION ALL
      SELECT c.day, c.source, c.channel, c.payment_option, -c.n, -c.amount FROM report_old o CROSS JOIN LATERAL report_order_contribs(o.channel, o.payment_option, o.status, o.amount, o.paid_amount, o.created_at, o.paid_at, o.closed_at) c
    ) x
     GROUP BY 1, 2, 3, 4 HAVING sum(x.n) <> 0 OR sum(x.amount) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  ELSE
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount)
    SELECT c.day, c.source, c.channel, c.payment_option, -sum(c.n), -sum(c.amount)
      FROM report_old o CROSS JOIN LATERAL report_order_contribs(o.channel, o.payment_option, o.status, o.amount, o.paid_amount, o.created_at, o.paid_at, o.closed_at) c
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_days_refunds_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount)
    SELECT c.day, c.source, c.channel, c.payment_option, sum(c.n), sum(c.amount)
      FROM report_new f JOIN orders o ON o.id = f.order_id
      CROSS JOIN LATERAL report_refund_contribs(o.channel, o.payment_option, f.status, f.amount, f.settled_at, f.created_at) c
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount)
    SELECT x.day, x.source, x.channel, x.payment_option, sum(x.n), sum(x.amount) FROM (
      SELECT c.* FROM report_new f JOIN orders o ON o.id = f.order_id
        CROSS JOIN LATERAL report_refund_contribs(o.channel, o.payment_option, f.status, f.amount, f.settled_at, f.created_at) c
      UNION ALL
      SELECT c.day, c.source, c.channel, c.payment_option, -c.n, -c.amount FROM report_old f JOIN orders o ON o.id = f.order_id
        CROSS JOIN LATERAL report_refund_contribs(o.channel, o.payment_option, f.status, f.amount, f.settled_at, f.created_at) c
    ) x
     GROUP BY 1, 2, 3, 4 HAVING sum(x.n) <> 0 OR sum(x.amount) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  ELSE
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount)
    SELECT c.day, c.source, c.channel, c.payment_option, -sum(c.n), -sum(c.amount)
      FROM report_old f JOIN orders o ON o.id = f.order_id
      CROSS JOIN LATERAL report_refund_contribs(o.channel, o.payment_option, f.status, f.amount, f.settled_at, f.created_at) c
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_days_holds_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount)
    SELECT c.day, c.source, c.channel, c.payment_option, sum(c.n), sum(c.amount)
      FROM report_new h JOIN orders o ON o.id = h.order_id
      CROSS JOIN LATERAL report_hold_contribs(o.channel, o.payment_option, h.status, h.amount, h.captured_at, h.released_at) c
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount)
    SELECT x.day, x.source, x.channel, x.payment_option, sum(x.n), sum(x.amount) FROM (
      SELECT c.* FROM report_new h JOIN orders o ON o.id = h.order_id
        CROSS JOIN LATERAL report_hold_contribs(o.channel, o.payment_option, h.status, h.amount, h.captured_at, h.released_at) c
      UNION ALL
      SELECT c.day, c.source, c.channel, c.payment_option, -c.n, -c.amount FROM report_old h JOIN orders o ON o.id = h.order_id
        CROSS JOIN LATERAL report_hold_contribs(o.channel, o.payment_option, h.status, h.amount, h.captured_at, h.released_at) c
    ) x
     GROUP BY 1, 2, 3, 4 HAVING sum(x.n) <> 0 OR sum(x.amount) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  ELSE
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount)
    SELECT c.day, c.source, c.channel, c.payment_option, -sum(c.n), -sum(c.amount)
      FROM report_old h JOIN orders o ON o.id = h.order_id
      CROSS JOIN LATERAL report_hold_contribs(o.channel, o.payment_option, h.status, h.amount, h.captured_at, h.released_at) c
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_days_coin_payouts_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount)
    SELECT c.day, c.source, c.channel, c.payment_option, sum(c.n), sum(c.amount)
      FROM report_new p CROSS JOIN LATERAL report_coin_payout_contribs(p.status, p.amount, p.paid_at) c
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount)
    SELECT x.day, x.source, x.channel, x.payment_option, sum(x.n), sum(x.amount) FROM (
      SELECT c.* FROM report_new p CROSS JOIN LATERAL report_coin_payout_contribs(p.status, p.amount, p.paid_at) c
      UNION ALL
      SELECT c.day, c.source, c.channel, c.payment_option, -c.n, -c.amount FROM report_old p CROSS JOIN LATERAL report_coin_payout_contribs(p.status, p.amount, p.paid_at) c
    ) x
     GROUP BY 1, 2, 3, 4 HAVING sum(x.n) <> 0 OR sum(x.amount) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  ELSE
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount)
    SELECT c.day, c.source, c.channel, c.payment_option, -sum(c.n), -sum(c.amount)
      FROM report_old p CROSS JOIN LATERAL report_coin_payout_contribs(p.status, p.amount, p.paid_at) c
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, source, channel, payment_option) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER report_days_orders_ins AFTER INSERT ON orders REFERENCING NEW TABLE AS report_new FOR EACH STATEMENT EXECUTE FUNCTION report_days_orders_trg();
--> statement-breakpoint
CREATE TRIGGER report_days_orders_upd AFTER UPDATE ON orders REFERENCING OLD TABLE AS report_old NEW TABLE AS report_new FOR EACH STATEMENT EXECUTE FUNCTION report_days_orders_trg();
--> statement-breakpoint
CREATE TRIGGER report_days_orders_del AFTER DELETE ON orders REFERENCING OLD TABLE AS report_old FOR EACH STATEMENT EXECUTE FUNCTION report_days_orders_trg();
--> statement-breakpoint
CREATE TRIGGER report_days_refunds_ins AFTER INSERT ON refunds REFERENCING NEW TABLE AS report_new FOR EACH STATEMENT EXECUTE FUNCTION report_days_refunds_trg();
--> statement-breakpoint
CREATE TRIGGER report_days_refunds_upd AFTER UPDATE ON refunds REFERENCING OLD TABLE AS report_old NEW TABLE AS report_new FOR EACH STATEMENT EXECUTE FUNCTION report_days_refunds_trg();
--> statement-breakpoint
CREATE TRIGGER report_days_refunds_del AFTER DELETE ON refunds REFERENCING OLD TABLE AS report_old FOR EACH STATEMENT EXECUTE FUNCTION report_days_refunds_trg();
--> statement-breakpoint
CREATE TRIGGER report_days_holds_ins AFTER INSERT ON holds REFERENCING NEW TABLE AS report_new FOR EACH STATEMENT EXECUTE FUNCTION report_days_holds_trg();
--> statement-breakpoint
CREATE TRIGGER report_days_holds_upd AFTER UPDATE ON holds REFERENCING OLD TABLE AS report_old NEW TABLE AS report_new FOR EACH STATEMENT EXECUTE FUNCTION report_days_holds_trg();
--> statement-breakpoint
CREATE TRIGGER report_days_holds_del AFTER DELETE ON holds REFERENCING OLD TABLE AS report_old FOR EACH STATEMENT EXECUTE FUNCTION report_days_holds_trg();
--> statement-breakpoint
CREATE TRIGGER report_days_coin_payouts_ins AFTER INSERT ON coin_payouts REFERENCING NEW TABLE AS report_new FOR EACH STATEMENT EXECUTE FUNCTION report_days_coin_payouts_trg();
--> statement-breakpoint
CREATE TRIGGER report_days_coin_payouts_upd AFTER UPDATE ON coin_payouts REFERENCING OLD TABLE AS report_old NEW TABLE AS report_new FOR EACH STATEMENT EXECUTE FUNCTION report_days_coin_payouts_trg();
--> statement-breakpoint
CREATE TRIGGER report_days_coin_payouts_del AFTER DELETE ON coin_payouts REFERENCING OLD TABLE AS report_old FOR EACH STATEMENT EXECUTE FUNCTION report_days_coin_payouts_trg();
--> statement-breakpoint
-- Backfill what existed before the triggers.
INSERT INTO report_days (day, source, channel, payment_option, count, amount)
SELECT c.day, c.source, c.channel, c.payment_option, sum(c.n), sum(c.amount)
  FROM orders o CROSS JOIN LATERAL report_order_contribs(o.channel, o.payment_option, o.status, o.amount, o.paid_amount, o.created_at, o.paid_at, o.closed_at) c
 GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount)
SELECT c.day, c.source, c.channel, c.payment_option, sum(c.n), sum(c.amount)
  FROM refunds f JOIN orders o ON o.id = f.order_id
  CROSS JOIN LATERAL report_refund_contribs(o.channel, o.payment_option, f.status, f.amount, f.settled_at, f.created_at) c
 GROUP BY 1, 2, 3, 4
ON CONFLICT (day, source, channel, payment_option) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
--> statement-breakpoint
INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount)
SELECT c.day, c.source, c.channel, c.payment_option, sum(c.n), sum(c.amount)
  FROM holds h JOIN orders o ON o.id = h.order_id
  CROSS JOIN LATERAL report_hold_contribs(o.channel, o.payment_option, h.status, h.amount, h.captured_at, h.released_at) c
 GROUP BY 1, 2, 3, 4
ON CONFLICT (day, source, channel, payment_option) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
--> statement-breakpoint
INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount)
SELECT c.day, c.source, c.channel, c.payment_option, sum(c.n), sum(c.amount)
  FROM coin_payouts p CROSS JOIN LATERAL report_coin_payout_contribs(p.status, p.amount, p.paid_at) c
 GROUP BY 1, 2, 3, 4
ON CONFLICT (day, source, channel, payment_option) DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
