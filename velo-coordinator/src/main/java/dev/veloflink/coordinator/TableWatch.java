package dev.veloflink.coordinator;

import dev.veloflink.planner.run.JobFailure;
import dev.veloflink.connectors.options.OptionReader;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.StatementPlan;
import dev.veloflink.planner.TableGraph;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Follows the load of every table of the application ({@link TableGraph}) from the live metrics, and finds the first
 * table past its {@code table.ready.timeout} (SPEC §13.3).
 *
 * <p>Readiness: a stream-table join or subquery reports through {@code velo_table_ready{table}} whether it still
 * holds its stream back; a table is ready once every such operator is released (a join's table source, never
 * before its joins have reported). A table that no join waits for is ready when a
 * table source reports its incremental phase ({@code velo_table_phase{table}} = 1 on every reader) or when the job
 * has finished. Rows loaded: {@code velo_table_rows_loaded{table}} of a table source, else the rows the CREATE TABLE
 * statement emitted, else the records read from the source of that name. Bytes, the bulk position against its target
 * and so the ETA come from the table source's readers ({@code velo_table_bytes_loaded}, {@code velo_table_bulk_*}).
 */
final class TableWatch {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** The rate is taken over this many recent samples (one a tick). */
    private static final int RATE_SAMPLES = 5;

    private final MetricReadings metrics;
    private final Map<String, Optional<String>> statementOfTable = new LinkedHashMap<>();
    private final Map<String, Optional<Timeout>> timeouts = new LinkedHashMap<>();
    private final Map<String, Deque<long[]>> history = new LinkedHashMap<>();
    private final Map<String, TableProgress> readyOrFailed = new LinkedHashMap<>();
    /** The bulk progress last shown per table, which the next sample does not go below. */
    private final Map<String, TableProgress.Bulk> lastBulk = new LinkedHashMap<>();
    /** When the job was submitted: table.ready.timeout and the load times count from there. */
    private volatile long startNanos;

    /** The shortest timeout among the statements that wait for a table, and the first of them. */
    record Timeout(Duration after, String statement) {
    }

    TableWatch(LoadedApplication app, MetricReadings metrics, long startNanos) {
        // Until the job is submitted (started()), load times count from the start of the run.
        this.metrics = metrics;
        this.startNanos = startNanos;
        TableGraph graph = TableGraph.of(app.plans());
        Map<String, StatementPlan> byJobName = new LinkedHashMap<>();
        app.plans().forEach(p -> byJobName.put(p.jobName(), p));
        for (List<String> wave : graph.waves()) {
            for (String table : wave) {
                statementOfTable.put(table, app.plans().stream().filter(p -> p.name().equalsIgnoreCase(table))
                        .map(StatementPlan::jobName).findFirst());
                timeouts.put(table, timeoutOf(graph.readers().getOrDefault(table, List.of()), byJobName));
                history.put(table, new ArrayDeque<>());
            }
        }
    }

    private static Optional<Timeout> timeoutOf(List<String> readers, Map<String, StatementPlan> byJobName) {
        Timeout shortest = null;
        for (String reader : readers) {
            StatementPlan plan = byJobName.get(reader);
            if (plan == null || "no_wait".equalsIgnoreCase(plan.statementKeys().get("table.ready.strategy"))) {
                continue;
            }
            Duration after = Optional.ofNullable(plan.statementKeys().get("table.ready.timeout"))
                    .flatMap(OptionReader::parseDuration).orElse(DEFAULT_TIMEOUT);
            if (shortest == null || after.compareTo(shortest.after()) < 0) {
                shortest = new Timeout(after, reader);
            }
        }
        return Optional.ofNullable(shortest);
    }

    void started(long submittedNanos) {
        startNanos = submittedNanos;
    }

    boolean hasTables() {
        return !history.isEmpty();
    }

    /**
     * Samples every table now. {@code jobEnded}: empty while the job runs, else whether it finished (true) or
     * failed (false); a table not ready by then is READY or FAILED accordingly.
     */
    List<TableProgress> update(long nowNanos, Optional<Boolean> jobEnded) {
        List<TableProgress> tables = new ArrayList<>();
        for (String table : history.keySet()) {
            TableProgress done = readyOrFailed.get(table);
            if (done != null) {
                tables.add(done);
                continue;
            }
            long rows = rowsOf(table);
            long bulkDone = sum(readingsOf("velo_table_bulk_done", "table", table));
            Deque<long[]> samples = history.get(table);
            samples.addLast(new long[] {nowNanos, rows, bulkDone});
            while (samples.size() > RATE_SAMPLES) {
                samples.removeFirst();
            }
            long[] first = samples.getFirst();
            double seconds = (nowNanos - first[0]) / 1e9;
            double rate = seconds > 0 ? (rows - first[1]) / seconds : 0;
            long elapsed = (nowNanos - startNanos) / 1_000_000;
            TableProgress.Phase phase = ready(table) || jobEnded.orElse(false) ? TableProgress.Phase.READY
                    : jobEnded.isPresent() ? TableProgress.Phase.FAILED : TableProgress.Phase.LOADING;
            TableProgress.Bulk bulk = bulkOf(table, bulkDone, seconds > 0 ? (bulkDone - first[2]) / seconds : 0)
                    .notBelow(lastBulk.get(table));
            lastBulk.put(table, bulk);
            TableProgress progress = new TableProgress(table, phase, rows, rate, elapsed, bytesOf(table), bulk);
            if (phase != TableProgress.Phase.LOADING) {
                readyOrFailed.put(table, progress);
            }
            tables.add(progress);
        }
        return tables;
    }

    /** The E501 of the first loading table past its timeout, if any. */
    Optional<JobFailure.Coded> timedOut(List<TableProgress> tables, long nowNanos) {
        long elapsedMillis = (nowNanos - startNanos) / 1_000_000;
        for (TableProgress table : tables) {
            Optional<Timeout> timeout = timeouts.get(table.table());
            if (table.phase() != TableProgress.Phase.LOADING || timeout.isEmpty() || !watched(table.table())
                    || elapsedMillis < timeout.get().after().toMillis()) {
                continue;
            }
            return Optional.of(new JobFailure.Coded("E501", "table '" + table.table() + "' not ready after "
                    + OptionText.duration(timeout.get().after()) + ": bulk phase, " + table.rows() + " rows"
                    + String.format(Locale.ROOT, " at %.0f rows/s", table.rowsPerSecond())
                    + (table.bulk().position().isEmpty() ? "" : ", " + table.bulk().position())
                    + " (statement '" + timeout.get().statement() + "' waits for it; table.ready.timeout)"));
        }
        return Optional.empty();
    }

    /** Only tables that report readiness can time out: a table no join waits for holds nothing back. */
    private boolean watched(String table) {
        return !readingsOf("velo_table_ready", "table", table).isEmpty()
                || !readingsOf("velo_table_phase", "table", table).isEmpty();
    }

    private boolean ready(String table) {
        List<LiveMetrics.Reading> joins = readingsOf("velo_table_ready", "table", table);
        if (!joins.isEmpty()) {
            return joins.stream().allMatch(r -> r.value() instanceof Number n && n.intValue() >= 1);
        }
        if (statementOfTable.get(table).isEmpty() && timeouts.get(table).isPresent()) {
            // A source on the table side of a join that waits for it, whose join operators have not registered their
            // readiness yet (tasks open one by one). Only they can say the stream is released, and only then has
            // every loaded row passed the load gate that counts it: the source's phase alone came too early.
            return false;
        }
        List<LiveMetrics.Reading> phases = readingsOf("velo_table_phase", "table", table);
        return !phases.isEmpty() && phases.stream().allMatch(r -> r.value() instanceof Number n && n.intValue() >= 1);
    }

    long rowsOf(String table) {
        List<LiveMetrics.Reading> loaded = readingsOf("velo_table_rows_loaded", "table", table);
        if (!loaded.isEmpty()) {
            return sum(loaded);
        }
        Optional<String> statement = statementOfTable.get(table);
        if (statement.isPresent()) {
            return sum(readingsOf("velo_records_out_total", "statement", statement.get()));
        }
        return sum(readingsOf("velo_records_in_total", "source", table));
    }

    /** Bytes loaded by the table's source readers, or -1 when they do not know (or there are none). */
    private long bytesOf(String table) {
        List<LiveMetrics.Reading> bytes = readingsOf("velo_table_bytes_loaded", "table", table);
        boolean known = !bytes.isEmpty() && bytes.stream().allMatch(r -> r.value() instanceof Number n
                && n.longValue() >= 0);
        return known ? sum(bytes) : -1;
    }

    /** The bulk phase against its target, and the time left at {@code donePerSecond}. */
    private TableProgress.Bulk bulkOf(String table, long done, double donePerSecond) {
        List<LiveMetrics.Reading> targets = readingsOf("velo_table_bulk_target", "table", table);
        boolean known = !targets.isEmpty() && targets.stream().allMatch(r -> r.value() instanceof Number n
                && n.longValue() >= 0);
        long target = known ? sum(targets) : -1;
        String position = readingsOf("velo_table_bulk_position", "table", table).stream()
                .map(r -> r.value() == null ? "" : r.value().toString()).filter(text -> !text.isEmpty())
                .collect(Collectors.joining(", "));
        long eta = target >= 0 && donePerSecond > 0 ? (long) (Math.max(0, target - done) / donePerSecond * 1000) : -1;
        return new TableProgress.Bulk(done, target, position, eta);
    }

    private List<LiveMetrics.Reading> readingsOf(String family, String label, String value) {
        return metrics.readings(family).stream()
                .filter(r -> value.toLowerCase(Locale.ROOT).equals(
                        String.valueOf(r.labels().get(label)).toLowerCase(Locale.ROOT)))
                .toList();
    }

    private static long sum(List<LiveMetrics.Reading> readings) {
        return readings.stream().mapToLong(r -> r.value() instanceof Number n ? n.longValue() : 0).sum();
    }
}
