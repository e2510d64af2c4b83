-- @app: kafka_table
-- A keyed kafka_source on the table side of a join is a Kafka table: at parallelism 2 its partitions are read in
-- parallel by 2 readers; at parallelism 1 one reader takes them round robin.
CREATE STREAM enriched AS
SELECT o.order_id, o.amount, c.name
FROM orders o
JOIN customers c ON o.customer_id = c.id
WITH (
    'parallelism' = '2',
    'orders.type' = 'file_source',
    'orders.path' = './data/orders.csv',
    'orders.columns' = 'order_id BIGINT, customer_id STRING, amount DECIMAL(10,2)',
    'customers.type' = 'kafka_source',
    'customers.topic' = 'customers',
    'customers.bootstrap.servers' = 'broker-1.example:9092',
    'customers.value.format' = 'json',
    'customers.columns' = 'id STRING, name STRING',
    'customers.key.fields' = 'id',
    'enriched.type' = 'file_sink',
    'enriched.path' = './output/enriched.csv'
);

CREATE STREAM enriched_one_reader AS
SELECT o.order_id, c.name
FROM orders o
JOIN customers c ON o.customer_id = c.id
WITH (
    'orders.type' = 'file_source',
    'orders.path' = './data/orders.csv',
    'orders.columns' = 'order_id BIGINT, customer_id STRING, amount DECIMAL(10,2)',
    'customers.type' = 'kafka_source',
    'customers.topic' = 'customers',
    'customers.bootstrap.servers' = 'broker-1.example:9092',
    'customers.value.format' = 'json',
    'customers.columns' = 'id STRING, name STRING',
    'customers.key.fields' = 'id',
    'enriched_one_reader.type' = 'file_sink',
    'enriched_one_reader.path' = './output/enriched_one_reader.csv'
);
