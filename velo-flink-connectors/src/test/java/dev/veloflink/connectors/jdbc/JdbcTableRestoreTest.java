package dev.veloflink.connectors.jdbc;

import dev.veloflink.connectors.table.TableEnumeratorState;
import dev.veloflink.connectors.table.TableEnumeratorStateSerializer;
import dev.veloflink.connectors.table.TablePhase;
import dev.veloflink.connectors.table.TableSplit;
import dev.veloflink.connectors.table.TableSplitReader;
import dev.veloflink.connectors.table.TableSplitSerializer;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkpoint and restore of a jdbc_source load in both phases: the split is snapshotted in the middle of a read,
 * serialized as Flink would, the reader closed, and a new reader opened from the restored split. Every row must arrive
 * exactly once.
 */
class JdbcTableRestoreTest {
    static final String URL = Derby.url("velo_restore");
    static final Schema SCHEMA = new Schema(List.of(new Column("id", Types.INTEGER), new Column("seq", Types.BIGINT)));

    private static JdbcTableSource source(String table) {
        return new JdbcTableSource(new JdbcSourceOptions(table, URL, table, null, null, null, "seq",
                Duration.ofMillis(10)), SCHEMA);
    }

    private static TableSplit roundTrip(TableSplit split) throws Exception {
        byte[] bytes = TableSplitSerializer.INSTANCE.serialize(split);
        return TableSplitSerializer.INSTANCE.deserialize(TableSplitSerializer.INSTANCE.getVersion(), bytes);
    }

    private static TableSplitReader.Status read(TableSplitReader reader, List<Integer> ids, int max)
            throws Exception {
        return reader.read(row -> ids.add((Integer) row.getField(0)), max);
    }

    @Test
    void restoresInTheMiddleOfTheIncrementalPhaseWithoutLossOrDuplicates() throws Exception {
        Derby.execute(URL, "CREATE TABLE inc (id INTEGER, seq BIGINT)",
                "INSERT INTO inc VALUES (1, 1), (2, 2), (3, 3)");
        JdbcTableSource source = source("inc");
        List<TableSplit> splits = source.captureSplits();
        assertThat(splits).hasSize(1);
        assertThat(splits.get(0).bulkEnd()).isEqualTo("N:3");
        // Inserted after the load started: not part of the bulk phase.
        Derby.execute(URL, "INSERT INTO inc VALUES (4, 4)");

        List<Integer> ids = new ArrayList<>();
        TableSplitReader reader = source.open(roundTrip(splits.get(0)));
        assertThat(read(reader, ids, 2)).isEqualTo(TableSplitReader.Status.MORE);
        assertThat(read(reader, ids, 10)).isEqualTo(TableSplitReader.Status.BULK_END);
        assertThat(ids).containsExactly(1, 2, 3);
        assertThat(reader.position().phase()).isEqualTo(TablePhase.INCREMENTAL);

        // Rows with equal incremental values, so that the checkpoint falls between two rows of the same value.
        Derby.execute(URL, "INSERT INTO inc VALUES (5, 5), (6, 6), (7, 6), (8, 6), (9, 7)");
        assertThat(read(reader, ids, 3)).isEqualTo(TableSplitReader.Status.MORE);
        assertThat(ids).containsExactly(1, 2, 3, 4, 5, 6);
        TableSplit checkpoint = roundTrip(reader.position());
        assertThat(checkpoint.phase()).isEqualTo(TablePhase.INCREMENTAL);
        assertThat(checkpoint.position()).isEqualTo("1|N:6");
        assertThat(checkpoint.rowsRead()).isEqualTo(6);
        // Emitted after the checkpoint, then lost with the failure: the restore must produce them again.
        read(reader, ids, 1);
        reader.close();
        ids.remove(ids.size() - 1);

        TableSplitReader restored = source.open(checkpoint);
        List<Row> rows = new ArrayList<>();
        assertThat(restored.read(rows::add, 100)).isEqualTo(TableSplitReader.Status.NOTHING_NEW);
        rows.forEach(r -> ids.add((Integer) r.getField(0)));
        assertThat(ids).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(rows).extracting(r -> r.getField(2 + 1)).containsExactly(7L, 8L, 9L);
        // A complete poll means "strictly greater" again.
        assertThat(restored.position().position()).isEqualTo("-1|N:7");
        Derby.execute(URL, "INSERT INTO inc VALUES (10, 8)");
        assertThat(read(restored, ids, 100)).isEqualTo(TableSplitReader.Status.NOTHING_NEW);
        assertThat(ids).endsWith(9, 10);
        restored.close();
    }

    @Test
    void restoresInTheMiddleOfTheBulkPhase() throws Exception {
        Derby.execute(URL, "CREATE TABLE bulk (id INTEGER, seq BIGINT)",
                "INSERT INTO bulk VALUES (3, 30), (1, 10), (4, NULL), (2, 20)");
        JdbcTableSource source = source("bulk");
        TableSplit start = source.captureSplits().get(0);
        List<Integer> ids = new ArrayList<>();
        TableSplitReader reader = source.open(start);
        read(reader, ids, 2);
        TableSplit checkpoint = roundTrip(reader.position());
        reader.close();
        assertThat(checkpoint.phase()).isEqualTo(TablePhase.BULK);
        assertThat(checkpoint.rowsRead()).isEqualTo(2);

        TableSplitReader restored = source.open(checkpoint);
        assertThat(read(restored, ids, 100)).isEqualTo(TableSplitReader.Status.BULK_END);
        // Ordered by the incremental column, rows without a value last.
        assertThat(ids).containsExactly(1, 2, 3, 4);
        assertThat(read(restored, ids, 100)).isEqualTo(TableSplitReader.Status.NOTHING_NEW);
        assertThat(ids).hasSize(4);
        restored.close();
    }

    @Test
    void enumeratorStateSurvivesSerialization() throws Exception {
        TableEnumeratorState state = new TableEnumeratorState(List.of(
                new TableSplit("jdbc", TablePhase.INCREMENTAL, "2|S:x|y", "S:b", 12, 1)), true, Set.of("jdbc", "other"));
        TableEnumeratorStateSerializer serializer = new TableEnumeratorStateSerializer();
        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(state))).isEqualTo(state);
    }
}
