package dev.veloflink.runtime.aggregate;

import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.RowProjection;
import org.apache.flink.api.java.typeutils.RowTypeInfo;

import java.io.Serializable;
import java.util.Objects;

/**
 * HAVING and the select list of an aggregation applied after its operator, when they need values computed
 * downstream of it (subqueries, SPEC §3.5): both read the aggregated row {@code [group keys..., aggregates...,
 * _window_start, _window_end]} extended with one column per subquery.
 *
 * @param statement          the statement (job) name, for counters
 * @param having             HAVING over the extended row; null when there is none
 * @param output             the select list (and the output key after it) over the extended row
 * @param outputType         the output rows' layout, for the state that remembers the last row emitted per key
 * @param windowed           whether the rows are a window's: their state ends with the window (its event time)
 * @param allowedLatenessMs  how long a fired window may still change (late.data update_previous), else 0
 */
public record HavingSpec(String statement, RowExpr having, RowProjection output, RowTypeInfo outputType,
                         boolean windowed, long allowedLatenessMs) implements Serializable {

    public HavingSpec {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(outputType, "outputType");
    }
}
