-- Custom SQL migration.
-- report_days_orders_trg, UPDATE branch: which orders changed channel or payment option (their
-- refunds' and hold's shares move with them, migration 0019) was found by joining the OLD and NEW
-- transition tables. PL/pgSQL keeps one plan per connection, made on the first UPDATE it served —
-- nearly always one row, so a nested loop — and reuses it for a statement of any size: an UPDATE
-- of N orders on a connection that had already updated one compared N × N rows (5,000 orders:
-- 4.3 s; 20,000: over 90 s; 1,000,000 in the lists bench's seed: never finished). The changed
-- orders are now found by grouping both tables by id — linear whatever the plan — and the result
-- is the same rows (tests/integration/reports-property.test.ts, reports-bulk-update.test.ts).
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
    INSERT INTO report_days AS r (day, source, channel, payment_option, count, amount)
    SELECT x.day, x.source, x.channel, x.payment_option, sum(x.n), sum(x.amount) FROM (
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
