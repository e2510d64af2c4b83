-- @app: kafka_exactly_once
-- @job_mode: transactional
-- Kafka to Kafka with exactly_once: a json source with event time, an Avro sink keyed by the group key, a
-- csv sink with a key field; the sasl.jaas.config secret must print as ****.
CREATE STREAM order_totals AS
SELECT customer_id, COUNT(*) AS orders, SUM(amount) AS total
FROM orders
WINDOW TUMBLING(_event_time, 5m)
GROUP BY customer_id
WITH (
    'orders.type' = 'kafka_source',
    'orders.topic' = 'orders',
    'orders.bootstrap.servers' = 'broker-1.example:9092',
    'orders.value.format' = 'json',
    'orders.columns' = 'order_id BIGINT, customer_id STRING, amount DECIMAL(10,2)',
    'orders.auto.offset.reset' = 'earliest',
    'orders.kafka.sasl.jaas.config' = 'org.apache.kafka.common.security.plain.PlainLoginModule required username="velo" password="GOLDEN-SECRET-MARKER";',
    'order_totals.type' = 'kafka_sink',
    'order_totals.topic' = 'order_totals',
    'order_totals.bootstrap.servers' = 'broker-1.example:9092',
    'order_totals.value.format' = 'json',
    'order_totals.delivery.guarantee' = 'exactly_once'
);

CREATE STREAM big_orders AS
SELECT order_id, customer_id, amount
FROM orders
WHERE amount >= 100
WITH (
    'orders.type' = 'kafka_source',
    'orders.topic' = 'orders',
    'orders.bootstrap.servers' = 'broker-1.example:9092',
    'orders.value.format' = 'json',
    'orders.columns' = 'order_id BIGINT, customer_id STRING, amount DECIMAL(10,2)',
    'big_orders.type' = 'kafka_sink',
    'big_orders.topic' = 'big_orders',
    'big_orders.bootstrap.servers' = 'broker-1.example:9092',
    'big_orders.value.format' = 'csv',
    'big_orders.key.field' = 'customer_id'
);
