package dev.veloflink.bench.scenarios;

import dev.veloflink.bench.FlinkSql;

import java.nio.file.Path;

/**
 * The Flink SQL source tables the scenarios share, over the same files velo and the baselines read (CSV inputs
 * through their headerless copies, see {@link FlinkSql.HeaderlessCopy}).
 */
final class FlinkSqlTables {
    /**
     * Event time for Flink SQL: a TIMESTAMP_LTZ computed from the epoch milliseconds and a watermark of velo's bound
     * (velo's W = max - d, Flink's max - d - 1 ms: event times only rise, so no row is late on either side).
     */
    static final String EVENT_TIME = "rt AS TO_TIMESTAMP_LTZ(ts, 3),\n  WATERMARK FOR rt AS rt - INTERVAL '"
            + StatefulScenario.WATERMARK_BOUND_SECONDS + "' SECOND";

    private FlinkSqlTables() {
    }

    /** {@code readings} over the readings CSV's headerless copy. */
    static String readings(FlinkSql.HeaderlessCopy copy) {
        return FlinkSql.fileTable("readings", Reading.COLUMNS, copy.copy(), "csv");
    }

    /** {@code events} over the events CSV's headerless copy. */
    static String events(FlinkSql.HeaderlessCopy copy) {
        return FlinkSql.fileTable("events", Event.COLUMNS, copy.copy(), "csv");
    }

    /** {@code events} over the events CSV's headerless copy, with {@code extra} columns (event or processing time). */
    static String events(FlinkSql.HeaderlessCopy copy, String extra) {
        return FlinkSql.fileTable("events", Event.COLUMNS + ",\n  " + extra, copy.copy(), "csv");
    }
}
