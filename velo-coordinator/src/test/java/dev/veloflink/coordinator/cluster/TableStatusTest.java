package dev.veloflink.coordinator.cluster;

import dev.veloflink.coordinator.MetricReadings;
import dev.veloflink.coordinator.MetricReadings.Reading;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** velo status's table lines, from the readings two subtasks of a job would give. */
class TableStatusTest {
    private static Reading table(String family, String table, Object value) {
        return new Reading(family, Map.of("table", table), value, false);
    }

    private static MetricReadings of(Reading... readings) {
        return family -> List.of(readings).stream().filter(r -> r.family().equals(family)).toList();
    }

    @Test
    void aTableInItsBulkPhaseShowsRowsAndPercentOfItsTarget() {
        MetricReadings readings = of(
                table("velo_table_phase", "customers", 1L), table("velo_table_phase", "customers", 0L),
                table("velo_table_ready", "customers", 0L), table("velo_table_ready", "customers", 0L),
                table("velo_table_rows_loaded", "customers", 300L), table("velo_table_rows_loaded", "customers", 110L),
                table("velo_table_bulk_done", "customers", 400L), table("velo_table_bulk_done", "customers", 110L),
                table("velo_table_bulk_target", "customers", 400L), table("velo_table_bulk_target", "customers", 600L));

        assertThat(TableStatus.of(readings)).extracting(TableStatus::line)
                .containsExactly("table customers: bulk phase (not ready), 410 rows loaded, 51%");
    }

    @Test
    void anIncrementalTableIsReadyWithoutPercent() {
        MetricReadings readings = of(table("velo_table_phase", "customers", 1L),
                table("velo_table_ready", "customers", 1L), table("velo_table_rows_loaded", "customers", 3L),
                table("velo_table_bulk_target", "customers", 3L), table("velo_table_bulk_done", "customers", 3L));

        assertThat(TableStatus.of(readings)).extracting(TableStatus::line)
                .containsExactly("table customers: incremental phase (ready), 3 rows loaded");
    }

    @Test
    void aCreateTableIsSeenThroughItsJoinAndItsStatementsRecordsOut() {
        MetricReadings readings = of(table("velo_table_ready", "rates", 0L),
                new Reading("velo_records_out_total", Map.of("statement", "rates"), 12L, true));

        assertThat(TableStatus.of(readings)).extracting(TableStatus::line)
                .containsExactly("table rates: loaded by a statement (not ready), 12 rows loaded");
    }
}
