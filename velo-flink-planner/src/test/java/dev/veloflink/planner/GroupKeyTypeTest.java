package dev.veloflink.planner;

import dev.veloflink.planner.run.EmbeddedRunner;
import dev.veloflink.runtime.join.JoinKeySerializer;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.RowSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #17 item 4: an aggregation grouped by one column of a basic type is keyed by the bare value (hashing and comparing
 * a String or Long, not a one-field Row, on every state access); by several columns, or none, by a Row. So are row
 * windows by their PARTITION BY and SELECT DISTINCT by its columns. Checked on the state key serializer of the
 * keyed operator in the stream graph the runner builds.
 */
class GroupKeyTypeTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "one STRING column | SELECT k, COUNT(*) AS n FROM m GROUP BY k | velo-group-aggregate | true",
        "one BIGINT expression | SELECT n + 1 AS g, COUNT(*) AS c FROM m GROUP BY n + 1 | velo-group-aggregate | true",
        "a window, one column | SELECT k, COUNT(*) AS n FROM m WINDOW TUMBLING(ts, 1m) GROUP BY k "
                + "| velo-window-aggregate | true",
        "two columns | SELECT k, n, COUNT(*) AS c FROM m GROUP BY k, n | velo-group-aggregate | false",
        "no GROUP BY | SELECT COUNT(*) AS c FROM m | velo-group-aggregate | false",
        "PARTITION BY one column | SELECT k, LAG(n) OVER (PARTITION BY k ORDER BY ts) AS p FROM m "
                + "| velo-row-window | true",
        "SELECT DISTINCT of one column | SELECT DISTINCT k FROM m | distinct | true",
        "SELECT DISTINCT of two columns | SELECT DISTINCT k, n FROM m | distinct | false",
    })
    void oneBasicColumnIsTheBareKey(String label, String query, String operator, boolean bare) throws Exception {
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv, "k,n,ts\na,1,2026-01-01T00:00:00Z\n");
        Path sql = dir.resolve("app.sql");
        Files.writeString(sql, "CREATE STREAM o AS " + query + "\nWITH ('m.type' = 'file_source', 'm.path' = '"
                + csv + "', 'm.columns' = 'k STRING, n BIGINT, ts TIMESTAMP', 'o.type' = 'file_sink', 'o.path' = '"
                + dir.resolve("o.csv") + "');\n");
        LoadedApplication app = PlannerTestApps.loadWithoutErrors(sql);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        EmbeddedRunner.addTo(env, app);
        StreamNode aggregate = env.getStreamGraph().getStreamNodes().stream()
                .filter(node -> node.getOperatorName().startsWith(operator)).findFirst().orElseThrow();
        TypeSerializer<?> key = aggregate.getStateKeySerializer();
        assertThat(key).as(label).isInstanceOf(bare ? JoinKeySerializer.class : RowSerializer.class);
    }
}
