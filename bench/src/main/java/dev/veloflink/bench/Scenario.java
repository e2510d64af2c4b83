package dev.veloflink.bench;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One benchmark workload, done two or three ways: as a Velo SQL application, as a hand-written Flink DataStream job
 * that does the same work and writes the same output file, and (where Flink SQL can express it) as the same query in
 * stock Flink SQL. Adding a workload means adding one small class.
 */
public interface Scenario {

    /** The name used by {@code --scenario} and in the report, e.g. {@code passthrough_csv}. */
    String name();

    /**
     * Writes the scenario's input into {@code inputDir}, deterministically from a fixed seed (a scenario whose
     * input is generated inside the job writes nothing).
     *
     * @return how many input rows the jobs will read
     */
    long generateInput(Path inputDir, long rows) throws IOException;

    /** The Velo SQL application reading the input from {@code inputDir} and writing {@code output}. */
    String veloSql(Path inputDir, long rows, Path output);

    /** Adds the hand-written Flink job that reads the same input and writes the same lines to {@code output}. */
    void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output);

    /**
     * How many rows the scenario reads when {@code --rows} is not given: scenarios whose work per row differs a lot
     * (a join, per-row state) pick sizes that keep the full run within its time budget.
     */
    default long defaultRows(boolean quick) {
        return quick ? 1_000_000 : 10_000_000;
    }

    /**
     * A file with the exact expected output, computed independently of both jobs while the input was generated;
     * empty when the two jobs only have each other to agree with.
     */
    default Optional<Path> expectedOutput(Path inputDir) {
        return Optional.empty();
    }

    /** The speed velo should reach on this workload, if one was set. */
    default Optional<Target> target() {
        return Optional.empty();
    }

    /** Called before each run that writes {@code output}: a scenario whose jobs write elsewhere (Kafka) prepares. */
    default void beforeRun(Path output) throws Exception {
    }

    /**
     * Called after each run (outside its measured time), before {@code output} is compared: a scenario whose jobs
     * write elsewhere (a Kafka topic) copies that run's output lines into {@code output}.
     */
    default void afterRun(Path output) throws Exception {
    }

    /**
     * For jobs that never end by themselves (a Kafka table reads on after its bulk load): how many output rows a run
     * writes. The runner then times each run from the job's RUNNING state until {@link #writtenRows} reaches this
     * count, and cancels the job. Zero (the default) for jobs that end, timed by their net run time.
     */
    default long endlessOutputRows() {
        return 0;
    }

    /** The output rows the run writing {@code output} has written so far; polled for {@link #endlessOutputRows}. */
    default long writtenRows(Path output) throws Exception {
        throw new UnsupportedOperationException(name() + " ends by itself");
    }

    /**
     * Whether both sides run on the bench's local Flink cluster (one JobManager, two TaskManagers of one slot each,
     * separate processes) at parallelism 2, instead of an in-process MiniCluster per run. velo's job goes there as
     * {@code velo submit} sends it, with the velo-flink-dist jar; the baseline with {@link #baselineLibraries}.
     */
    default boolean onCluster() {
        return false;
    }

    /**
     * For {@link #onCluster} scenarios: classes whose jars the hand-written job ships besides the bench's own classes
     * (what its fat jar would bundle: connectors, their clients, a JSON library); the cluster provides Flink itself.
     */
    default List<Class<?>> baselineLibraries() {
        return List.of();
    }

    /**
     * The same query in stock Flink SQL (the bench's third side), or why Flink SQL cannot express it here. Every
     * scenario says one or the other; the default is for scenarios written outside this module (tests).
     *
     * @param inputDir where {@link #generateInput} wrote the input
     * @param rows     the rows {@link #generateInput} was asked for
     */
    default FlinkSql flinkSql(Path inputDir, long rows) {
        return new FlinkSql.NotExpressed("the scenario has no Flink SQL version");
    }

    /** Whether both outputs start with a header line, which is not counted as a row. */
    default boolean outputHasHeader() {
        return true;
    }
}
