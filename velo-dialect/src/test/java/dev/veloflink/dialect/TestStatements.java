package dev.veloflink.dialect;

import java.util.List;

/** Valid statements covering every grammar rule (SPEC Appendix A) and the statements written in the SPEC. */
final class TestStatements {
    private TestStatements() {
    }

    static final List<String> VALID = List.of(
            // statements, commands (§2)
            "SELECT 1",
            "SELECT 1 AS one, 'a' b",
            "SELECT * FROM orders",
            "SELECT o.* FROM orders o",
            "SELECT a b FROM t",
            "SHOW STREAMS", "SHOW TABLES", "SHOW JOBS", "SHOW QUERIES", "SHOW FUNCTIONS",
            "DESCRIBE orders", "STOP JOB enrich_orders", "STOP JOB enrich_orders DRAIN",
            "CREATE STREAM s AS SELECT * FROM t",
            "CREATE TABLE totals AS SELECT customer, SUM(amount) AS total FROM orders GROUP BY customer",
            "CREATE STREAM s (id BIGINT NOT NULL, amount DECIMAL(10,2), name VARCHAR(20), t TIMESTAMP(3), d DATE,"
                    + " tags ARRAY<STRING>, m MAP<STRING,INT>, st STRUCT<a INT, b STRING>, f FLOAT, ok BOOL,"
                    + " l LONG, n NUMERIC(5), x DECIMAL, dt DATETIME, tx TEXT, r REAL) AS SELECT * FROM t",
            "CREATE STREAM s AS SELECT * FROM t WITH ('t.type' = 'file_source', 't.path' = './x.csv')",
            "CREATE STREAM s AS SELECT * FROM t WITH (t.type = file_source, parallelism = 2, x.y = -3.5,"
                    + " 'watermark.max_out_of_orderness' = 10s, state.ttl = INTERVAL '1' HOUR, group.id = 'g')",
            "CREATE TABLE t AS SELECT k PRIMARY KEY, v FROM src WITH ('src.type' = 'file_source') EMIT CHANGES",
            "CREATE STREAM s AS SELECT a FROM t EMIT FINAL INTO sink WITH ('sink.type' = 'file_sink')",
            "CREATE STREAM s AS SELECT a FROM t INTO 'file://out/x.csv'",
            "SELECT a FROM t INTO sink",
            "SELECT * FROM orders WITH ('orders.type' = 'file_source') WHERE amount > 10",
            "SELECT * FROM 'kafka://localhost:9092/orders' AS o",
            "SELECT * FROM 'file:///data/orders.csv'",
            "SELECT x FROM (SELECT a AS x FROM t) AS d",
            "SELECT x FROM (SELECT a AS x FROM t) d",
            // clauses in any order after WHERE (§3.1)
            "SELECT region, COUNT(*) FROM orders WHERE amount > 0 GROUP BY region HAVING COUNT(*) > 1"
                    + " ORDER BY region DESC LIMIT 10 EMIT CHANGES",
            "SELECT region, COUNT(*) FROM orders EMIT FINAL LIMIT 5 ORDER BY region ASC GROUP BY region",
            "SELECT region, COUNT(*) FROM orders WINDOW TUMBLING(order_time, 1m) GROUP BY region",
            "SELECT COUNT(*) FROM orders GROUP BY region WINDOW TUMBLING(INTERVAL '5' MINUTES)",
            "SELECT COUNT(*) FROM orders GROUP BY region WINDOW TUMBLING(300)",
            "SELECT COUNT(*) FROM orders GROUP BY region WINDOW SLIDING(_event_time, 10m, 5m)",
            "SELECT COUNT(*) FROM orders GROUP BY region WINDOW SLIDING(10m, 5m)",
            "SELECT COUNT(*) FROM s GROUP BY id WINDOW SESSION(_event_time, INTERVAL '30' SECONDS)",
            "SELECT COUNT(*) FROM s GROUP BY id WINDOW SESSION(30s, id)",
            "SELECT COUNT(*) FROM s GROUP BY id WINDOW SESSION(t.ts, 100ms)",
            // UNION (§3.4)
            "SELECT a FROM x UNION SELECT a FROM y",
            "SELECT a FROM x UNION ALL SELECT a FROM y UNION SELECT b FROM z ORDER BY a LIMIT 3 EMIT CHANGES",
            "CREATE STREAM u AS SELECT a FROM x UNION ALL SELECT a FROM y",
            "SELECT DISTINCT a, b FROM t",
            // joins (§12)
            "SELECT o.id, c.name FROM orders o JOIN customers c ON o.cid = c.id",
            "SELECT * FROM a INNER JOIN b ON a.k = b.k",
            "SELECT * FROM a LEFT JOIN b ON a.k = b.k LEFT OUTER JOIN c AS cc ON a.k = cc.k",
            "SELECT * FROM a RIGHT OUTER JOIN b ON a.k = b.k",
            "SELECT * FROM a FULL JOIN b ON a.k = b.k WITHIN 5m",
            "SELECT * FROM a FULL OUTER JOIN b ON a.k = b.k WITHIN INTERVAL '1' HOUR",
            "SELECT * FROM a JOIN b ON b.t BETWEEN a.t - INTERVAL '5' MINUTE AND a.t + 10m",
            "SELECT * FROM a JOIN (SELECT k, COUNT(*) AS n FROM b GROUP BY k) AS bb ON a.k = bb.k",
            "SELECT * FROM a JOIN b ON TRUE",
            // expressions (Appendix A)
            "SELECT a OR b AND NOT c, NOT NOT d FROM t",
            "SELECT a = 1, a <> 1, a != 1, a < 1, a <= 1, a > 1, a >= 1 FROM t",
            "SELECT a BETWEEN 1 AND 2, a NOT BETWEEN 1 AND 2 FROM t",
            "SELECT a IN (1, 2, 3), a NOT IN ('x', \"y\") FROM t",
            "SELECT a FROM t WHERE a IN (SELECT k FROM ref) AND b NOT IN (SELECT k FROM ref)",
            "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM ref WHERE ref.k = t.a) AND NOT EXISTS (SELECT k FROM r)",
            "SELECT a FROM t WHERE a > ANY (SELECT k FROM r) OR a = SOME (SELECT k FROM r) OR a < ALL (SELECT k FROM r)",
            "SELECT (SELECT MAX(k) FROM r) AS m FROM t",
            "SELECT a LIKE 'x%', a NOT LIKE 'y_' ESCAPE '\\' FROM t",
            "SELECT a IS NULL, a IS NOT NULL, b IS TRUE, b IS NOT FALSE FROM t",
            "SELECT a || b || 'c', a + b * c - d / e % f FROM t",
            "SELECT -a, +b, -5, - 2147483648, -9223372036854775808, -(5), 1 - -2 FROM t",
            "SELECT 2147483648, 12.50, 0.5, 1e3, 2.5E-2, 100ms, 30s, 5m, 1h, 1d, 1w, 5ns, 7us FROM t",
            "SELECT INTERVAL '5' MINUTE, INTERVAL 3 HOURS, INTERVAL '1' DAY, INTERVAL 2 WEEKS,"
                    + " INTERVAL 10 MILLISECONDS, INTERVAL '1' SECOND FROM t",
            "SELECT TIMESTAMP '2024-05-01 09:00:00', DATE '2024-05-01', TIMESTAMP(x), TIMESTAMP() FROM t",
            "SELECT 'it''s', \"say \"\"hi\"\"\", TRUE, FALSE, NULL FROM t",
            "SELECT arr[1], m['k'], s.field.sub, arr[1][2] FROM t",
            "SELECT CASE method WHEN 'card' THEN 0.029 WHEN 'wire' THEN 0.001 ELSE 0.01 END AS fee_rate FROM t",
            "SELECT CASE WHEN a < 0 THEN 'neg' WHEN a > 0 THEN 'pos' END FROM t",
            "SELECT CAST(a AS INTEGER), TRY_CAST(b AS DECIMAL(10,2)), CAST(c AS ARRAY<STRING>) FROM t",
            "SELECT EXTRACT(YEAR FROM ts), EXTRACT(epoch FROM i) FROM t",
            "SELECT POSITION('a' IN s), POSITION('b', s) FROM t",
            "SELECT CURRENT_TIMESTAMP, CURRENT_TIMESTAMP(), NOW() FROM t",
            "SELECT LEFT(s, 2), RIGHT (s, 3), COUNT(*), COUNT(DISTINCT a), COUNT_DISTINCT(a) FROM t",
            "SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY amount DESC) FROM t",
            "SELECT * FROM a JOIN b ON a.k = b.k AND PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x) > 1 WITHIN 5m",
            // row windows (§11)
            "SELECT LAG(temp_c) OVER (ROWS WINDOW BUFFER 5 ROWS PARTITION BY device_id ORDER BY read_at) FROM t",
            "SELECT AVG(x) OVER (PARTITION BY d ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM t",
            "SELECT AVG(x) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW) FROM t",
            "SELECT AVG(x) OVER (ORDER BY ts RANGE BETWEEN 30m PRECEDING AND 5m FOLLOWING) FROM t",
            "SELECT SUM(x) OVER (ORDER BY v RANGE BETWEEN 2.5 PRECEDING AND UNBOUNDED FOLLOWING) FROM t",
            "SELECT ROW_NUMBER() OVER () FROM t",
            "SELECT ROW_NUMBER() OVER (ROWS WINDOW BUFFER 100 ROWS EMIT EVERY RECORD EXPIRE AFTER 5m INACTIVITY"
                    + " ORDER BY ts PARTITION BY k ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t",
            "SELECT LAG(x, 1, 0) OVER (ROWS WINDOW BUFFER 10 ROWS EXPIRE AFTER NEVER) FROM t",
            // non-reserved words as names (§4.1)
            "SELECT timestamp, value, key, `table`, date, status, `order date`, `a``b` FROM `my stream`",
            "SELECT table, stream, session, range, rows FROM t",
            "SELECT cast, position, extract FROM t",
            "SELECT a FROM t /* comment ; inside */ WHERE b = 'x;y' -- trailing ; comment",
            "select lower(a) as l from t where b is not null group by l",
            // SPEC §9.7 and examples
            "SELECT customer, COUNT(*) AS n, SUM(amount) AS total FROM orders GROUP BY customer"
                    + " HAVING COUNT(*) < 2",
            "SELECT _window_start, customer, COUNT(*) AS n FROM orders GROUP BY customer WINDOW TUMBLING(1m)",
            "SELECT SUM(amount) AS total, total / 2 AS half FROM orders",
            "SELECT UNNEST(tags) AS tag FROM t",
            "SELECT JSON_VALUE(j, '$.items[0].sku'), SESSION_START(), TUMBLE_START(ts, INTERVAL '1' MINUTE) FROM t",
            "SELECT c.x FROM t WHERE region = 'EU' GROUP BY \"region\"");
}
