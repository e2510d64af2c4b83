package dev.veloflink.coordinator.cluster;

import dev.veloflink.coordinator.MetricReadings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where one table of a running job stands, as {@code velo status} shows it (SPEC §13): its phase, whether the joins
 * that wait for it have been released, the rows loaded and, in the bulk phase, the percentage of the bulk target.
 * Read from the job's {@code velo_table_*} metrics alone, so it needs no application file.
 *
 * @param table   the table's name
 * @param phase   the phase of its least advanced table source reader; empty for a table no source reports on (a
 *                CREATE TABLE, seen through the joins that read it)
 * @param ready   whether every join waiting for it has released its stream (else: the source is incremental)
 * @param rows    rows loaded over both phases ({@code velo_table_rows_loaded}, else the CREATE TABLE's records out)
 * @param percent of the bulk target in the bulk phase, or -1 when not known or not loading
 */
public record TableStatus(String table, Optional<Phase> phase, boolean ready, long rows, int percent) {

    public enum Phase { BULK, INCREMENTAL }

    /** Every table the metrics name, in the order first reported. */
    public static List<TableStatus> of(MetricReadings readings) {
        Set<String> tables = new LinkedHashSet<>();
        for (String family : List.of("velo_table_phase", "velo_table_ready", "velo_table_rows_loaded")) {
            readings.readings(family).forEach(r -> tables.add(r.labels().get("table")));
        }
        tables.remove(null);
        List<TableStatus> statuses = new ArrayList<>();
        for (String table : tables) {
            statuses.add(of(readings, table));
        }
        return statuses;
    }

    private static TableStatus of(MetricReadings readings, String table) {
        List<MetricReadings.Reading> phases = of(readings, "velo_table_phase", "table", table);
        Optional<Phase> phase = phases.isEmpty() ? Optional.empty()
                : Optional.of(phases.stream().allMatch(r -> number(r) >= 1) ? Phase.INCREMENTAL : Phase.BULK);
        List<MetricReadings.Reading> joins = of(readings, "velo_table_ready", "table", table);
        boolean ready = joins.isEmpty() ? phase.equals(Optional.of(Phase.INCREMENTAL))
                : joins.stream().allMatch(r -> number(r) >= 1);
        List<MetricReadings.Reading> loaded = of(readings, "velo_table_rows_loaded", "table", table);
        long rows = sum(loaded.isEmpty() ? of(readings, "velo_records_out_total", "statement", table) : loaded);
        int percent = -1;
        List<MetricReadings.Reading> targets = of(readings, "velo_table_bulk_target", "table", table);
        boolean targetKnown = !targets.isEmpty() && targets.stream().allMatch(r -> number(r) >= 0);
        if (phase.equals(Optional.of(Phase.BULK)) && targetKnown) {
            long target = sum(targets);
            long done = sum(of(readings, "velo_table_bulk_done", "table", table));
            percent = target == 0 ? 100 : (int) Math.min(100, done * 100 / target);
        }
        return new TableStatus(table, phase, ready, rows, percent);
    }

    /** {@code table customers: bulk phase (not ready), 41200 rows loaded, 82%}. */
    public String line() {
        String where = phase.map(p -> p == Phase.BULK ? "bulk phase" : "incremental phase")
                .orElse("loaded by a statement");
        return "table " + table + ": " + where + " (" + (ready ? "ready" : "not ready") + "), " + rows + " rows loaded"
                + (percent >= 0 ? ", " + percent + "%" : "");
    }

    private static List<MetricReadings.Reading> of(MetricReadings readings, String family, String label, String value) {
        return readings.readings(family).stream().filter(r -> value.equalsIgnoreCase(r.labels().get(label))).toList();
    }

    private static long number(MetricReadings.Reading reading) {
        return reading.value() instanceof Number n ? n.longValue() : -1;
    }

    private static long sum(List<MetricReadings.Reading> readings) {
        return readings.stream().mapToLong(r -> r.value() instanceof Number n ? n.longValue() : 0).sum();
    }
}
