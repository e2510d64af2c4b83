package dev.veloflink.planner;

import dev.veloflink.connectors.SourceProvider;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.planner.plan.ProviderSourceNode;
import dev.veloflink.runtime.aggregate.EmitMode;

import java.util.List;
import java.util.Optional;

/**
 * Chooses how an aggregation's source is read at parallelism above 1 (SPEC §9.8, docs/performance.md): in any order
 * by as many readers as the aggregation has subtasks (a file's byte ranges), when the statement's result cannot
 * depend on that order; else as the source always reads (a file: one reader, files in path order, SPEC §5.5).
 *
 * <p>The result does not depend on the order when the query emits once per group (EMIT FINAL: EMIT CHANGES writes a
 * row per input row, whose running values follow the arrival order) and no aggregate depends on arrival order
 * ({@link dev.veloflink.functions.aggregate.BoundAggregate#arrivalOrderMatters}). {@code explain} notes the choice and
 * its reason.
 *
 * <p>A window on event time keeps one reader, though its EMIT FINAL result would be the same for input whose rows
 * are never late: its watermark is the minimum over the readers, so the readers ahead keep windows open until the
 * one behind catches up, and measured on the 2-core machine the ranges made tumbling windows slower at parallelism 2
 * with nothing gained (docs/performance.md, "Reading a file in byte ranges").
 */
final class AnyOrderReading {
    private AnyOrderReading() {
    }

    /**
     * @param orderedAggregates the aggregates of the query whose result depends on arrival order, by name
     * @param afterSubqueries   whether subqueries read the aggregated rows (kept in order, as planned before)
     * @return the aggregation's source, read in any order when that is chosen
     */
    static PlanNode choose(PlanNode input, int parallelism, EmitMode mode, boolean windowed,
                           List<String> orderedAggregates, boolean afterSubqueries, List<String> notes) {
        if (!(input instanceof ProviderSourceNode source) || parallelism <= 1) {
            return input;
        }
        Optional<SourceProvider> anyOrder = source.provider().readInAnyOrder(parallelism);
        if (anyOrder.isEmpty()) {
            return input;
        }
        Optional<String> keepOrder = reasonToKeepOrder(mode, windowed, orderedAggregates, afterSubqueries);
        if (keepOrder.isPresent()) {
            notes.add(source.name() + " is read by one reader in order at parallelism " + parallelism + ": "
                    + keepOrder.get());
            return input;
        }
        notes.add(source.name() + " is read in byte ranges by " + parallelism + " readers: a GROUP BY with EMIT FINAL "
                + "and no aggregate that depends on arrival order, so the order of its rows cannot change the result");
        return new ProviderSourceNode(source.statement(), source.name(), anyOrder.get(), source.schema(),
                source.eventTime(), source.eventTimeErrors());
    }

    /** Why the source must keep its order for this aggregation, as explain says it; empty when it need not. */
    private static Optional<String> reasonToKeepOrder(EmitMode mode, boolean windowed, List<String> orderedAggregates,
                                                      boolean afterSubqueries) {
        if (mode != EmitMode.FINAL) {
            return Optional.of("EMIT " + mode + " writes a row per input row, whose values follow the arrival order");
        }
        if (!orderedAggregates.isEmpty()) {
            return Optional.of(String.join(", ", orderedAggregates) + (orderedAggregates.size() == 1 ? " depends"
                    : " depend") + " on arrival order");
        }
        if (afterSubqueries) {
            return Optional.of("subqueries read the aggregated rows");
        }
        if (windowed) {
            return Optional.of("a window's watermark is the minimum over the readers, so ranges would keep windows "
                    + "open longer");
        }
        return Optional.empty();
    }
}
