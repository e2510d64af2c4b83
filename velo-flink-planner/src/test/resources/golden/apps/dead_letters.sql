-- @app: dead_letters
-- Bad records and late rows to a dead-letter file, and (second statement) to a dead-letter Kafka topic.
CREATE STREAM station_totals AS
SELECT station, COUNT(*) AS n, SUM(value) AS total
FROM readings
WINDOW TUMBLING(ts, 10s)
GROUP BY station
WITH (
    'readings.type' = 'file_source',
    'readings.path' = './data/readings.csv',
    'readings.columns' = 'id INTEGER, station STRING, value INTEGER, ts TIMESTAMP',
    'event.time.field' = 'ts',
    'error.strategy' = 'dead_letter',
    'late.data.strategy' = 'dead_letter',
    'dead_letter.type' = 'file_sink',
    'dead_letter.path' = './output/dead.jsonl',
    'station_totals.type' = 'file_sink',
    'station_totals.path' = './output/totals.csv'
);

CREATE STREAM checked AS
SELECT id, station, 100 / value AS inverse
FROM readings
WITH (
    'readings.type' = 'file_source',
    'readings.path' = './data/readings.csv',
    'readings.columns' = 'id INTEGER, station STRING, value INTEGER, ts TIMESTAMP',
    'error.strategy' = 'dead_letter',
    'dead_letter.type' = 'kafka_sink',
    'dead_letter.topic' = 'velo_dead_letters',
    'dead_letter.bootstrap.servers' = 'broker-1.example:9092',
    'checked.type' = 'file_sink',
    'checked.path' = './output/checked.csv'
);
