package dev.veloflink.planner.plan;

import dev.veloflink.connectors.decode.RecordDecoder;
import dev.veloflink.connectors.stop.StoppableSource;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.window.WindowedAggregation;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.SideOutputTransformation;
import org.apache.flink.streaming.api.transformations.SourceTransformation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * LIMIT ends its job over unbounded input too (SPEC §3.4, §1.6): once the whole job is built, each source whose every
 * path to a sink passes through a LIMIT learns which LIMITs those are, and ends once all of them are reached. A source
 * that also feeds a statement without a LIMIT keeps running: that statement's job has not finished, and the Flink job
 * ends only when all the application's jobs have. Dead letters and late rows (side outputs to the dead-letter sink)
 * do not keep a source running.
 */
public final class LimitEnds {
    private static final Set<String> DEAD_LETTER_TAGS = Set.of(RecordDecoder.DEAD_LETTERS.getId(),
            RowErrorHandler.DEAD_LETTERS.getId(), WindowedAggregation.LATE_ROWS_TAG_ID);

    private LimitEnds() {
    }

    /** Wires the LIMITs of {@code job} to the sources they end; call after every statement is added to {@code env}. */
    public static void wire(StreamExecutionEnvironment env, JobContext job) {
        if (job.limits().isEmpty()) {
            return;
        }
        Map<Integer, JobContext.Limit> limits = new HashMap<>();
        job.limits().forEach(limit -> limits.put(limit.output().getId(), limit));
        Map<Integer, List<Transformation<?>>> downstream = new HashMap<>();
        Map<Integer, Transformation<?>> all = new LinkedHashMap<>();
        ArrayDeque<Transformation<?>> pending = new ArrayDeque<>(env.getTransformations());
        while (!pending.isEmpty()) {
            Transformation<?> step = pending.poll();
            if (all.putIfAbsent(step.getId(), step) != null) {
                continue;
            }
            for (Transformation<?> input : step.getInputs()) {
                downstream.computeIfAbsent(input.getId(), id -> new ArrayList<>()).add(step);
                pending.add(input);
            }
        }
        for (Transformation<?> step : all.values()) {
            if (step instanceof SourceTransformation<?, ?, ?> source
                    && source.getSource() instanceof StoppableSource<?, ?, ?> stoppable) {
                reachedLimits(source, downstream, limits).ifPresent(reached -> {
                    String listeningId = "velo-limit-ends/" + source.getId();
                    source.setCoordinatorListeningID(listeningId);
                    stoppable.stopAfter(reached);
                    reached.forEach(id -> limitById(limits, id).factory().endSource(listeningId));
                });
            }
        }
    }

    /** The LIMITs every path from {@code source} meets first; empty when some path reaches a sink without one. */
    private static java.util.Optional<Set<String>> reachedLimits(Transformation<?> source,
                                                                 Map<Integer, List<Transformation<?>>> downstream,
                                                                 Map<Integer, JobContext.Limit> limits) {
        Set<String> reached = new TreeSet<>();
        Set<Integer> seen = new java.util.HashSet<>();
        ArrayDeque<Transformation<?>> pending = new ArrayDeque<>(List.of(source));
        while (!pending.isEmpty()) {
            Transformation<?> step = pending.poll();
            if (!seen.add(step.getId())) {
                continue;
            }
            JobContext.Limit limit = limits.get(step.getId());
            if (limit != null) {
                reached.add(limit.id());
                continue;
            }
            if (step instanceof SideOutputTransformation<?> side
                    && DEAD_LETTER_TAGS.contains(side.getOutputTag().getId())) {
                continue;
            }
            List<Transformation<?>> next = downstream.getOrDefault(step.getId(), List.of());
            if (next.isEmpty()) {
                return java.util.Optional.empty();
            }
            pending.addAll(next);
        }
        return reached.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(reached);
    }

    private static JobContext.Limit limitById(Map<Integer, JobContext.Limit> limits, String id) {
        return limits.values().stream().filter(limit -> limit.id().equals(id)).findFirst().orElseThrow();
    }
}
