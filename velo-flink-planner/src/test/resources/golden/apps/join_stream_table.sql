-- @app: join_stream_table
-- A stream-table LEFT join against a keyed file table and an INNER join against a JDBC-style table source.
CREATE TABLE customers AS
SELECT customer_id PRIMARY KEY, name, tier
FROM customer_file
WITH (
    'customer_file.type' = 'file_source',
    'customer_file.path' = './data/customers.csv',
    'customer_file.columns' = 'customer_id STRING, name STRING, tier STRING'
);

CREATE STREAM enriched AS
SELECT o.order_id, o.amount, c.name, c.tier
FROM orders o
LEFT JOIN customers c ON o.customer_id = c.customer_id
WHERE o.amount > 10
WITH (
    'orders.type' = 'file_source',
    'orders.path' = './data/orders.csv',
    'orders.columns' = 'order_id BIGINT, customer_id STRING, amount DECIMAL(10,2)',
    'enriched.type' = 'file_sink',
    'enriched.path' = './output/enriched.csv'
);
