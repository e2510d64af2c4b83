-- @app: trading_pipeline
-- @description: Trades enriched with reference data, per-sector volume each minute, large trades flagged.
--
-- A multi-statement application in the original engine's style: every source and sink is described by a config
-- file (with extends, consumer_config, producer_config), the reference data is a table loaded from a CSV config
-- file, one statement aggregates over a join in windows, and statements are chained through Kafka topics.

-- Reference data: one row per instrument, from data/instruments.csv.
CREATE TABLE instruments AS
SELECT symbol PRIMARY KEY, name, sector
FROM instruments_csv
WITH ('instruments_csv.config_file' = 'configs/instruments_table.yaml');

-- Every trade of a known instrument, with its sector and notional; written to the topic enriched_trades.
-- @metric: velo_trading_enriched_total
-- @metric_type: counter
-- @metric_help: Trades enriched with their instrument
-- @metric_labels: sector
CREATE STREAM enriched_trades AS
SELECT t.trade_id, t.symbol, i.sector, t.qty, t.price, t.qty * t.price AS notional
FROM trades t
JOIN instruments i ON t.symbol = i.symbol
WITH (
    'trades.config_file' = 'configs/trades_source.yaml',
    'enriched_trades.config_file' = 'configs/enriched_trades_sink.yaml'
);

-- Trades and notional per sector and minute of the trades' own (Kafka record) time: a window over a join.
CREATE STREAM sector_volume AS
SELECT i.sector AS sector,
       _window_start AS window_start,
       _window_end AS window_end,
       COUNT(*) AS trade_count,
       SUM(t.qty * t.price) AS notional
FROM trades t
JOIN instruments i ON t.symbol = i.symbol
WINDOW TUMBLING(_event_time, 1m)
GROUP BY i.sector
WITH (
    'trades.config_file' = 'configs/trades_source.yaml',
    'sector_volume.config_file' = 'configs/sector_volume_sink.yaml'
);

-- The next link of the chain: reads the topic enriched_trades (its schema is that statement's output).
-- @metric: velo_trading_large_trades_total
-- @metric_type: counter
-- @metric_help: Trades of 10000.00 or more
-- @metric_labels: sector, symbol
-- @metric: velo_trading_last_large_notional
-- @metric_type: gauge
-- @metric_help: The notional of the latest large trade
-- @metric_field: notional
CREATE STREAM large_trades AS
SELECT trade_id, symbol, sector, notional
FROM enriched
WHERE notional >= 10000.00
WITH (
    'enriched.config_file' = 'configs/enriched_trades_source.yaml',
    'large_trades.config_file' = 'configs/large_trades_sink.yaml'
);
