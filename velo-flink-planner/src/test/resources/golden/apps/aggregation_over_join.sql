-- @app: aggregation_over_join
-- GROUP BY over a stream-table join (EMIT CHANGES) and a TUMBLING window over the same join (EMIT FINAL).
CREATE STREAM revenue_by_tier AS
SELECT c.tier, COUNT(*) AS orders, SUM(o.amount) AS revenue
FROM orders o
JOIN customers c ON o.customer_id = c.customer_id
GROUP BY c.tier
EMIT CHANGES
WITH (
    'orders.type' = 'file_source',
    'orders.path' = './data/orders.csv',
    'orders.columns' = 'order_id BIGINT, customer_id STRING, amount DECIMAL(10,2), placed_at TIMESTAMP',
    'customers.type' = 'file_source',
    'customers.path' = './data/customers.csv',
    'customers.columns' = 'customer_id STRING, tier STRING',
    'customers.key.fields' = 'customer_id',
    'revenue_by_tier.type' = 'file_sink',
    'revenue_by_tier.path' = './output/revenue_by_tier.csv'
);

CREATE STREAM tier_minutes AS
SELECT c.tier, WINDOW_START() AS minute, SUM(o.amount) AS revenue
FROM orders o
JOIN customers c ON o.customer_id = c.customer_id
WINDOW TUMBLING(placed_at, 1m)
GROUP BY c.tier
WITH (
    'orders.type' = 'file_source',
    'orders.path' = './data/orders.csv',
    'orders.columns' = 'order_id BIGINT, customer_id STRING, amount DECIMAL(10,2), placed_at TIMESTAMP',
    'customers.type' = 'file_source',
    'customers.path' = './data/customers.csv',
    'customers.columns' = 'customer_id STRING, tier STRING',
    'customers.key.fields' = 'customer_id',
    'tier_minutes.type' = 'file_sink',
    'tier_minutes.path' = './output/tier_minutes.csv'
);
