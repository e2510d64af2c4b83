-- @app: join_interval_table
-- An interval join (WITHIN) and a stream-table join in one SELECT.
CREATE STREAM shipped_by_carrier AS
SELECT o.order_id, s.ship_id, c.carrier_name
FROM orders o
JOIN shipments s ON s.order_id = o.order_id WITHIN 10m
JOIN carriers c ON c.carrier_id = s.carrier_id
WITH (
    'orders.type' = 'file_source',
    'orders.path' = './data/orders.csv',
    'orders.columns' = 'order_id BIGINT, placed_at TIMESTAMP',
    'orders.event.time.field' = 'placed_at',
    'shipments.type' = 'file_source',
    'shipments.path' = './data/shipments.csv',
    'shipments.columns' = 'ship_id BIGINT, order_id BIGINT, carrier_id STRING, shipped_at TIMESTAMP',
    'shipments.event.time.field' = 'shipped_at',
    'carriers.type' = 'file_source',
    'carriers.path' = './data/carriers.csv',
    'carriers.columns' = 'carrier_id STRING, carrier_name STRING',
    'carriers.key.fields' = 'carrier_id',
    'shipped_by_carrier.type' = 'file_sink',
    'shipped_by_carrier.path' = './output/shipped_by_carrier.csv'
);
