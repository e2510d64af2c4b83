package dev.veloflink.e2e.state;

import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import dev.veloflink.planner.run.RunOptions;
import dev.veloflink.planner.run.RunResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stateful spec examples with {@code 'parallelism' = '2'} (SPEC §9.8), on the embedded runner at parallelism 2,
 * against their parallelism-1 output (the expected files, which {@code SpecExamplesITCase} checks the p1 runs
 * write). EMIT FINAL into a file_sink stays totally ordered through the p1 release in front of the sink, so those
 * files must be equal byte for byte; EMIT CHANGES output keeps its order only per key, so those compare as the
 * sequence of rows of each key (the first column: customer, page).
 */
@Timeout(120)
class ParallelismITCase {

    private static final Path EXAMPLES = repositoryRoot().resolve("examples/spec");

    @TempDir
    Path workspace;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "03_customer_totals, output/customer_totals.csv, 03_customer_totals.expected.csv, per_key",
            "04_station_summary, output/station_summary.csv, 04_station_summary.expected.csv, total",
            "05_regional_revenue, output/regional_revenue.csv, 05_regional_revenue.expected.csv, total",
            "06_sensor_sessions, output/sensor_sessions.csv, 06_sensor_sessions.expected.csv, total",
            "10_page_view_counts, output/page_view_counts.csv, 10_page_view_counts.expected.csv, per_key",
    })
    void parallelismTwoWritesWhatParallelismOneWrites(String example, String output, String expected, String order)
            throws Exception {
        copyExamples();
        Path sql = workspace.resolve(example + ".sql");
        String text = Files.readString(sql);
        assertThat(text).contains("WITH (");
        Files.writeString(sql, text.replace("WITH (", "WITH (\n    'parallelism' = '2',"));
        LoadedApplication app = ApplicationLoader.load(sql);
        assertThat(app.hasErrors()).as(app.diagnostics().toString()).isFalse();
        assertThat(operatorParallelisms(app)).as("operator parallelisms").contains(2);

        RunResult result = new EmbeddedRunner(app, new RunOptions(2, null)).run();

        assertThat(result.failure()).isEmpty();
        String actual = Files.readString(workspace.resolve(output));
        String wanted = Files.readString(EXAMPLES.resolve(expected));
        if (order.equals("total")) {
            assertThat(actual).isEqualTo(wanted);
        } else {
            assertThat(actual.lines().findFirst()).isEqualTo(wanted.lines().findFirst());
            assertThat(rowsByKey(actual)).isEqualTo(rowsByKey(wanted));
        }
    }

    /** The parallelism of every operator the planner builds for {@code app}, without running it. */
    private static List<Integer> operatorParallelisms(LoadedApplication app) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        EmbeddedRunner.addTo(env, app);
        return env.getStreamGraph().getStreamNodes().stream().map(StreamNode::getParallelism).toList();
    }

    private static Map<String, List<String>> rowsByKey(String csv) {
        return csv.lines().skip(1).collect(Collectors.groupingBy(line -> line.substring(0, line.indexOf(',')),
                LinkedHashMap::new, Collectors.toList()));
    }

    private void copyExamples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, workspace.resolve(file.getFileName()));
            }
        }
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("examples/spec"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
