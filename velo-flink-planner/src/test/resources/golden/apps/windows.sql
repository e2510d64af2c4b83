-- @app: windows
-- One statement per window kind: TUMBLING, SLIDING, SESSION (with its key argument), each on event time.
CREATE STREAM per_minute AS
SELECT page, COUNT(*) AS views
FROM views
WINDOW TUMBLING(viewed_at, 1m)
GROUP BY page
WITH (
    'views.type' = 'file_source',
    'views.path' = './data/views.csv',
    'views.columns' = 'user_id STRING, page STRING, viewed_at TIMESTAMP',
    'per_minute.type' = 'file_sink',
    'per_minute.path' = './output/per_minute.csv'
);

CREATE STREAM sliding_views AS
SELECT page, WINDOW_START() AS from_ts, WINDOW_END() AS to_ts, COUNT(*) AS views
FROM views
WINDOW SLIDING(viewed_at, 10m, 1m)
GROUP BY page
EMIT CHANGES
WITH (
    'views.type' = 'file_source',
    'views.path' = './data/views.csv',
    'views.columns' = 'user_id STRING, page STRING, viewed_at TIMESTAMP',
    'late.data.strategy' = 'update_previous',
    'late.data.allowed_lateness' = '30s',
    'sliding_views.type' = 'file_sink',
    'sliding_views.path' = './output/sliding_views.csv'
);

CREATE STREAM visits AS
SELECT user_id, COUNT(*) AS pages, MIN(viewed_at) AS first_view
FROM views
WINDOW SESSION(viewed_at, 30m, page)
GROUP BY user_id
WITH (
    'views.type' = 'file_source',
    'views.path' = './data/views.csv',
    'views.columns' = 'user_id STRING, page STRING, viewed_at TIMESTAMP',
    'visits.type' = 'file_sink',
    'visits.path' = './output/visits.csv'
);
