-- Custom SQL migration.
-- An order's channel or payment option can change after its refunds or hold were counted (the
-- option is often learnt at payment): their report_days shares are keyed by the order's, so the
-- order's UPDATE moves them too (found by tests/integration/reports-property.test.ts).
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
      UNION ALL
      SELECT c.* FROM report_new n JOIN report_old p ON p.id = n.id
        AND (p.channel, coalesce(p.payment_option, '')) IS DISTINCT FROM (n.channel, coalesce(n.payment_option, ''))
        JOIN refunds f ON f.order_id = n.id
        CROSS JOIN LATERAL report_refund_contribs(n.channel, n.payment_option, f.status, f.amount, f.settled_at, f.created_at) c
      UNION ALL
      SELECT c.day, c.source, c.channel, c.payment_option, -c.n, -c.amount FROM report_new n JOIN report_old p ON p.id = n.id
        AND (p.channel, coalesce(p.payment_option, '')) IS DISTINCT FROM (n.channel, coalesce(n.payment_option, ''))
        JOIN refunds f ON f.order_id = n.id
        CROSS JOIN LATERAL report_refund_contribs(p.channel, p.payment_option, f.status, f.amount, f.settled_at, f.created_at) c
      UNION ALL
      SELECT c.* FROM report_new n JOIN report_old p ON p.id = n.id
        AND (p.channel, coalesce(p.payment_option, '')) IS DISTINCT FROM (n.channel, coalesce(n.payment_option, ''))
        JOIN holds h ON h.order_id = n.id
        CROSS JOIN LATERAL report_hold_contribs(n.channel, n.payment_option, h.status, h.amount, h.captured_at, h.released_at) c
      UNION ALL
      SELECT c.day, c.source, c.channel, c.payment_option, -c.n, -c.amount FROM report_new n JOIN report_old p ON p.id = n.id
        AND (p.channel, coalesce(p.payment_option, '')) IS DISTINCT FROM (n.channel, coalesce(n.payment_option, ''))
        JOIN holds h ON h.order_id = n.id
        CROSS JOIN LATERAL report_hold_contribs(p.channel, p.payment_option, h.status, h.amount, h.captured_at, h.released_at) c
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
