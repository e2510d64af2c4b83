-- @app: hello
-- @description: The first Velo SQL application: keep the big orders and price them in euros.

-- One statement: read orders.csv, keep the orders of 100 or more, and write them to output/big_orders.csv.
CREATE STREAM big_orders AS
SELECT order_id,
       customer,
       amount,
       ROUND(amount * 0.92, 2) AS amount_eur,
       CASE WHEN amount >= 1000 THEN 'large' ELSE 'medium' END AS size
FROM orders
WHERE amount >= 100
WITH (
    'orders.type' = 'file_source',
    'orders.path' = './orders.csv',
    'orders.format' = 'csv',
    'big_orders.type' = 'file_sink',
    'big_orders.path' = './output/big_orders.csv',
    'big_orders.format' = 'csv'
);
