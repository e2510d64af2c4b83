-- @app: subqueries
-- Subqueries in WHERE (IN, EXISTS correlated, scalar), in HAVING, and nested.
CREATE TABLE limits_by_id AS
SELECT customer_id PRIMARY KEY, max_amount, tier
FROM limits
WITH (
    'limits.type' = 'file_source',
    'limits.path' = './data/limits.csv',
    'limits.columns' = 'customer_id STRING, max_amount DECIMAL(10,2), tier STRING'
);

CREATE STREAM flagged AS
SELECT order_id, amount,
       (SELECT max_amount FROM limits_by_id l WHERE l.customer_id = o.customer_id) AS allowed
FROM orders o
WHERE amount IN (SELECT max_amount FROM limits_by_id WHERE tier <> 'bronze')
   OR NOT EXISTS (SELECT 1 FROM limits_by_id l WHERE l.customer_id = o.customer_id)
WITH (
    'orders.type' = 'file_source',
    'orders.path' = './data/orders.csv',
    'orders.columns' = 'order_id BIGINT, customer_id STRING, amount DECIMAL(10,2)',
    'flagged.type' = 'file_sink',
    'flagged.path' = './output/flagged.csv'
);

CREATE STREAM over_limit AS
SELECT customer_id, SUM(amount) AS total
FROM orders o
GROUP BY customer_id
HAVING SUM(amount) > (SELECT max_amount FROM limits_by_id l WHERE l.customer_id = o.customer_id)
EMIT CHANGES
WITH (
    'orders.type' = 'file_source',
    'orders.path' = './data/orders.csv',
    'orders.columns' = 'order_id BIGINT, customer_id STRING, amount DECIMAL(10,2)',
    'over_limit.type' = 'file_sink',
    'over_limit.path' = './output/over_limit.csv'
);

CREATE STREAM nested AS
SELECT order_id
FROM orders o
WHERE EXISTS (SELECT 1 FROM limits_by_id l WHERE l.customer_id = o.customer_id
              AND l.max_amount IN (SELECT paid FROM payments p WHERE p.customer_id = l.customer_id))
WITH (
    'orders.type' = 'file_source',
    'orders.path' = './data/orders.csv',
    'orders.columns' = 'order_id BIGINT, customer_id STRING, amount DECIMAL(10,2)',
    'payments.type' = 'file_source',
    'payments.path' = './data/payments.csv',
    'payments.columns' = 'customer_id STRING, paid DECIMAL(10,2)',
    'nested.type' = 'file_sink',
    'nested.path' = './output/nested.csv'
);
