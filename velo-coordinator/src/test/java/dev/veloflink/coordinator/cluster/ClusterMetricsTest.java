package dev.veloflink.coordinator.cluster;

import dev.veloflink.coordinator.MetricReadings.Reading;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a vertex metric id of Flink's REST API becomes a reading: the ids below are the forms the JobManager's metric
 * store gives velo's metrics (ClusterIT reads real ones from a running cluster).
 */
class ClusterMetricsTest {
    @Test
    void aTableSourceGaugeHasItsTableLabel() {
        Reading reading = ClusterMetrics.reading("1.Source__customers.table.customers.velo_table_phase", "1");
        assertThat(reading).isEqualTo(new Reading("velo_table_phase", Map.of("table", "customers"), 1L, false));
    }

    @Test
    void aCounterHasTheLabelsAfterVelosMarkerGroupInDeclaredOrder() {
        Reading reading = ClusterMetrics.reading(
                "0.LookupJoin.velo.statement.enrich.table.customers.strategy.skip.velo_join_missing_total", "7");
        assertThat(reading.family()).isEqualTo("velo_join_missing_total");
        assertThat(reading.labels()).containsExactly(Map.entry("statement", "enrich"), Map.entry("table", "customers"),
                Map.entry("strategy", "skip"));
        assertThat(reading.value()).isEqualTo(7L);
        assertThat(reading.counter()).isTrue();
        assertThat(reading.sample())
                .isEqualTo("velo_join_missing_total{statement=\"enrich\",table=\"customers\",strategy=\"skip\"}");
    }

    @Test
    void valuesAreLongsDoublesOrText() {
        assertThat(ClusterMetrics.reading("0.op.velo_x", "2.5").value()).isEqualTo(2.5);
        assertThat(ClusterMetrics.reading("0.op.table.t.velo_table_bulk_position", "t/0@3 of 9").value())
                .isEqualTo("t/0@3 of 9");
        assertThat(ClusterMetrics.reading("0.op.table.t.velo_table_bulk_position", "").value()).isEqualTo("");
    }

    @Test
    void onlyOperatorMetricsNamedVeloAreRead() {
        assertThat(ClusterMetrics.isVelo("0.Source__orders.table.orders.velo_table_rows_read")).isTrue();
        assertThat(ClusterMetrics.isVelo("0.Source__orders.numRecordsOut")).isFalse();
        assertThat(ClusterMetrics.isVelo("0.velo_table_phase")).isTrue();
        assertThat(ClusterMetrics.reading("0.velo_table_phase", "1")).isNull();
    }
}
