package dev.veloflink.planner;

import java.util.List;
import java.util.Set;

/** The unprefixed statement keys of SPEC §5.6, and which of them every source of the statement inherits. */
public final class StatementKeys {
    public static final String EVENT_TIME_FIELD = "event.time.field";
    public static final String EVENT_TIME_FORMAT = "event.time.format";
    public static final String WATERMARK_STRATEGY = "watermark.strategy";
    public static final String WATERMARK_MAX_OUT_OF_ORDERNESS = "watermark.max_out_of_orderness";
    public static final String WATERMARK_IDLE_TIMEOUT = "watermark.idle.timeout";
    public static final String LATE_DATA_STRATEGY = "late.data.strategy";
    public static final String LATE_DATA_ALLOWED_LATENESS = "late.data.allowed_lateness";
    public static final String ERROR_STRATEGY = "error.strategy";
    public static final String PARALLELISM = "parallelism";
    /** The job's state backend (docs/guide.md): {@code hashmap} or {@code rocksdb}; unset, Flink's configuration decides. */
    public static final String STATE_BACKEND = "state.backend";

    /** Inherited by every source of the statement unless {@code X.<key>} overrides it. */
    public static final List<String> INHERITED = List.of(EVENT_TIME_FIELD, EVENT_TIME_FORMAT, WATERMARK_STRATEGY,
            WATERMARK_MAX_OUT_OF_ORDERNESS, WATERMARK_IDLE_TIMEOUT, LATE_DATA_STRATEGY, LATE_DATA_ALLOWED_LATENESS,
            ERROR_STRATEGY);

    public static final Set<String> ALL = Set.of(EVENT_TIME_FIELD, EVENT_TIME_FORMAT, WATERMARK_STRATEGY,
            WATERMARK_MAX_OUT_OF_ORDERNESS, WATERMARK_IDLE_TIMEOUT, LATE_DATA_STRATEGY, LATE_DATA_ALLOWED_LATENESS,
            ERROR_STRATEGY, "dead_letter.type", "join.missing.strategy", "join.missing.defaults",
            "join.missing.retry.count", "join.missing.retry.delay", "table.ready.timeout", "table.ready.strategy",
            "state.ttl", PARALLELISM, "checkpoint.interval", "state.savepoints.dir", STATE_BACKEND);

    private StatementKeys() {
    }
}
