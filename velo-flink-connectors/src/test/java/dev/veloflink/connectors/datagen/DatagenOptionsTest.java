package dev.veloflink.connectors.datagen;

import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.options.InvalidOptionException;
import dev.veloflink.connectors.options.MissingOptionException;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatagenOptionsTest {

    private static Map<String, String> keys(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static DatagenOptions readings(String... extra) {
        Map<String, String> m = keys("type", "datagen_source", "rows", "1000", "seed", "42",
                "columns", "id BIGINT, station STRING, temp DECIMAL(5,1), code STRING, n INTEGER, ok BOOLEAN",
                "fields.id.kind", "sequence", "fields.id.min", "100",
                "fields.station.kind", "choice", "fields.station.values", "Oslo, Lima,Pune",
                "fields.temp.min", "-20.5", "fields.temp.max", "40",
                "fields.code.length", "4",
                "fields.n.kind", "sequence", "fields.n.min", "1", "fields.n.max", "3");
        m.putAll(keys(extra));
        return DatagenOptions.fromProperties("readings", m);
    }

    @Test
    void generatesEveryColumnWithinItsRangeAndTheSystemColumns() {
        DatagenRowGenerator generator = new DatagenRowGenerator(readings());
        Set<String> stations = new HashSet<>();
        Set<Integer> ns = new HashSet<>();
        for (long i = 0; i < 1000; i++) {
            Row row = generator.map(i);
            assertThat(row.getArity()).isEqualTo(6 + SystemColumns.COUNT);
            assertThat(row.getField(0)).isEqualTo(100 + i);
            stations.add((String) row.getField(1));
            BigDecimal temp = (BigDecimal) row.getField(2);
            assertThat(temp.scale()).isEqualTo(1);
            assertThat(temp).isBetween(new BigDecimal("-20.5"), new BigDecimal("40.0"));
            assertThat((String) row.getField(3)).matches("[A-Za-z0-9]{4}");
            ns.add((Integer) row.getField(4));
            assertThat(row.getField(5)).isInstanceOf(Boolean.class);
            assertThat((Long) row.getField(6 + SystemColumns.TIMESTAMP_OFFSET)).isPositive();
            assertThat(row.getField(6 + SystemColumns.OFFSET_OFFSET)).isEqualTo(i);
            assertThat(row.getField(6 + SystemColumns.PARTITION_OFFSET)).isNull();
        }
        assertThat(stations).containsExactlyInAnyOrder("Oslo", "Lima", "Pune");
        assertThat(ns).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void sameSeedSameRowsAnyOrderOfGeneration() {
        DatagenRowGenerator forward = new DatagenRowGenerator(readings());
        DatagenRowGenerator backward = new DatagenRowGenerator(readings());
        for (long i = 0; i < 200; i++) {
            Row a = forward.map(i);
            Row b = backward.map(199 - (199 - i));
            for (int c = 0; c < 6; c++) {
                assertThat(a.getField(c)).isEqualTo(b.getField(c));
            }
        }
        // Generating a later index first must not change an earlier one: each row depends only on (seed, index).
        Row late = backward.map(150L);
        Row early = backward.map(7L);
        assertThat(early.getField(3)).isEqualTo(forward.map(7L).getField(3));
        assertThat(late.getField(3)).isEqualTo(forward.map(150L).getField(3));
    }

    @Test
    void aDifferentSeedGivesDifferentValues() {
        DatagenRowGenerator a = new DatagenRowGenerator(readings());
        DatagenRowGenerator b = new DatagenRowGenerator(readings("seed", "43"));
        int same = 0;
        for (long i = 0; i < 100; i++) {
            if (a.map(i).getField(3).equals(b.map(i).getField(3))) {
                same++;
            }
        }
        assertThat(same).isLessThan(5);
    }

    @Test
    void rowsAndRate() {
        DatagenOptions bounded = readings("rate", "500");
        assertThat(bounded.rows()).isEqualTo(1000);
        assertThat(bounded.rate()).isEqualTo(500.0);
        assertThat(bounded.bounded()).isTrue();
        Map<String, String> m = keys("columns", "x BIGINT");
        DatagenOptions unbounded = DatagenOptions.fromProperties("g", m);
        assertThat(unbounded.bounded()).isFalse();
        assertThat(unbounded.rate()).isZero();
    }

    @Test
    void timestampsDatesAndDoublesHaveTheirJavaRepresentation() {
        DatagenOptions options = DatagenOptions.fromProperties("g", keys("columns",
                "ts TIMESTAMP, d DATE, x DOUBLE",
                "fields.ts.min", "2024-03-01 00:00:00", "fields.ts.max", "2024-03-02 00:00:00",
                "fields.x.min", "5", "fields.x.max", "6"));
        DatagenRowGenerator generator = new DatagenRowGenerator(options);
        for (long i = 0; i < 100; i++) {
            Row row = generator.map(i);
            assertThat((Long) row.getField(0)).isBetween(1_709_251_200_000L, 1_709_337_600_000L);
            assertThat((Integer) row.getField(1)).isBetween(19_723, 20_089);
            assertThat((Double) row.getField(2)).isGreaterThanOrEqualTo(5.0).isLessThan(6.0);
        }
    }

    @Test
    void rejectsInvalidKeysWithTheValidValues() {
        assertThatThrownBy(() -> DatagenOptions.fromProperties("g", keys("rows", "5")))
                .isInstanceOf(MissingOptionException.class).hasMessageContaining("columns");
        assertThatThrownBy(() -> readings("fields.id.kind", "zigzag"))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("sequence, random, choice");
        assertThatThrownBy(() -> readings("rows", "-3"))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> readings("rate", "fast"))
                .isInstanceOf(InvalidOptionException.class);
        assertThatThrownBy(() -> readings("fields.temp.min", "50"))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("fields.temp.max");
        assertThatThrownBy(() -> readings("fields.n.kind", "choice"))
                .isInstanceOf(MissingOptionException.class).hasMessageContaining("fields.n.values");
        assertThatThrownBy(() -> readings("fields.n.kind", "choice", "fields.n.values", "1,two"))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("INTEGER");
        assertThatThrownBy(() -> readings("columns", "id BIGINT,,"))
                .isInstanceOf(InvalidOptionException.class);
    }

    @Test
    void knowsItsPerColumnKeys() {
        assertThat(DatagenSourceFactory.isKnownKey("fields.temp.max")).isTrue();
        assertThat(DatagenSourceFactory.isKnownKey("rows")).isTrue();
        assertThat(DatagenSourceFactory.isKnownKey("fields.temp.maxx")).isFalse();
        assertThat(DatagenSourceFactory.isKnownKey("row")).isFalse();
        assertThat(new DatagenSourceFactory().types()).isEqualTo(Set.of("datagen_source"));
        assertThat(List.copyOf(new DatagenSourceFactory().knownKeys())).contains("rows", "rate", "seed", "columns");
    }
}
