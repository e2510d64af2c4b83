-- @app: over_partition_by
-- Row windows in the standard form: a running total and a rank per partition, a RANGE frame on time.
CREATE STREAM ranked_trades AS
SELECT symbol, trade_id, price,
       SUM(quantity) OVER (PARTITION BY symbol ORDER BY traded_at) AS running_quantity,
       RANK() OVER (PARTITION BY symbol ORDER BY price DESC) AS price_rank,
       AVG(price) OVER (PARTITION BY symbol ORDER BY traded_at
                        RANGE BETWEEN INTERVAL '5' MINUTE PRECEDING AND CURRENT ROW) AS avg_5m,
       ROW_NUMBER() OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY symbol EXPIRE AFTER 1h INACTIVITY) AS n
FROM trades
WITH (
    'trades.type' = 'file_source',
    'trades.path' = './data/trades.csv',
    'trades.columns' = 'trade_id BIGINT, symbol STRING, price DECIMAL(12,4), quantity INTEGER, traded_at TIMESTAMP',
    'ranked_trades.type' = 'file_sink',
    'ranked_trades.path' = './output/ranked_trades.csv'
);
