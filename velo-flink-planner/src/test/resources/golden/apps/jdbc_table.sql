-- @app: jdbc_table
-- A JDBC table (bulk then incremental) joined by a file stream, written to a JDBC sink by key; the password in
-- the key and in the URL must print as ****.
CREATE STREAM priced AS
SELECT o.order_id PRIMARY KEY, o.quantity, p.price, o.quantity * p.price AS cost
FROM orders o
JOIN prices p ON o.sku = p.sku
WITH (
    'orders.type' = 'file_source',
    'orders.path' = './data/orders.csv',
    'orders.columns' = 'order_id BIGINT, sku STRING, quantity INTEGER',
    'prices.type' = 'jdbc_source',
    'prices.url' = 'jdbc:postgresql://db.example:5432/shop?user=app&password=GOLDEN-SECRET-MARKER',
    'prices.user' = 'app',
    'prices.password' = 'GOLDEN-SECRET-MARKER',
    'prices.table' = 'prices',
    'prices.columns' = 'sku STRING, price DECIMAL(10,2), updated_at TIMESTAMP',
    'prices.key.fields' = 'sku',
    'prices.incremental.column' = 'updated_at',
    'priced.type' = 'jdbc_sink',
    'priced.url' = 'jdbc:postgresql://db.example:5432/shop',
    'priced.user' = 'app',
    'priced.password' = 'GOLDEN-SECRET-MARKER',
    'priced.table' = 'priced_orders'
);
