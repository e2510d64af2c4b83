-- @app: join_interval
-- A stream-stream interval join on event time, with a written BETWEEN bound and a LEFT join.
CREATE STREAM shipped_orders AS
SELECT o.order_id, o.amount, s.ship_id, s.carrier
FROM orders o
LEFT JOIN shipments s ON s.order_id = o.order_id
    AND s.shipped_at BETWEEN o.placed_at AND o.placed_at + INTERVAL '1' HOUR
WITH (
    'orders.type' = 'file_source',
    'orders.path' = './data/orders.csv',
    'orders.columns' = 'order_id BIGINT, amount DECIMAL(10,2), placed_at TIMESTAMP',
    'orders.event.time.field' = 'placed_at',
    'shipments.type' = 'file_source',
    'shipments.path' = './data/shipments.csv',
    'shipments.columns' = 'ship_id BIGINT, order_id BIGINT, carrier STRING, shipped_at TIMESTAMP',
    'shipments.event.time.field' = 'shipped_at',
    'watermark.strategy' = 'bounded_out_of_orderness',
    'watermark.max_out_of_orderness' = '5s',
    'shipped_orders.type' = 'file_sink',
    'shipped_orders.path' = './output/shipped_orders.csv'
);
