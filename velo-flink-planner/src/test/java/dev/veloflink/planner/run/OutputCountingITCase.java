package dev.veloflink.planner.run;

import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code velo_records_out_total} counts the rows a statement's sink writes, wherever the count is taken: in a
 * statement's last WHERE and select list (which saves a chained operator per row), or in a counter of its own behind
 * any other last step. The reading statement here sees a changelog with a deletion, which its file sink never
 * writes, so its count must leave it out, as the separate counter did.
 */
class OutputCountingITCase {
    @TempDir
    Path dir;

    @Test
    void aLastSelectCountsItsOwnOutputAndLeavesOutWhatTheSinkDoesNotWrite() throws Exception {
        Files.writeString(dir.resolve("k.csv"), "k\na\na\nb\n");
        Path sql = Files.writeString(dir.resolve("app.sql"), """
                CREATE STREAM counts AS SELECT k, COUNT(*) AS n FROM ks GROUP BY k HAVING COUNT(*) < 2 EMIT CHANGES
                WITH ('ks.type' = 'file_source', 'ks.path' = './k.csv');
                CREATE STREAM firsts AS SELECT k, n FROM counts WHERE n > 0
                WITH ('firsts.type' = 'file_sink', 'firsts.path' = './out/firsts.csv');
                """);
        LoadedApplication app = ApplicationLoader.load(sql);
        assertThat(app.diagnostics()).noneMatch(d -> d.isError());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        EmbeddedRunner.addTo(env, app);
        List<String> operators = env.getStreamGraph().getStreamNodes().stream().map(StreamNode::getOperatorName)
                .toList();
        assertThat(operators).as("the aggregation's output is counted by a counter of its own")
                .contains("counts: output");
        assertThat(operators).as("the select counts its own output").noneMatch(name -> name.startsWith("firsts"
                + ": output"));

        RunResult result = app.run(new RunOptions(1, dir.resolve("metrics.prom")));

        assertThat(result.cause()).isEmpty();
        assertThat(Files.readString(dir.resolve("out/firsts.csv"))).isEqualTo("k,n\na,1\nb,1\n");
        // counts, without a sink, hands on its whole changelog: +I(a,1), -D(a,1) when a leaves HAVING, +I(b,1).
        assertThat(Summary.countsOf("counts", result.counters())).isEqualTo(
                "3 records in, 3 records out, 0 bad records");
        // firsts passes all three on; its file sink writes the two insertions, not the deletion.
        assertThat(Summary.countsOf("firsts", result.counters())).isEqualTo(
                "3 records in, 2 records out, 0 bad records");
    }
}
