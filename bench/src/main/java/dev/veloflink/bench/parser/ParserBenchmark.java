package dev.veloflink.bench.parser;

import dev.veloflink.dialect.ParseResult;
import dev.veloflink.dialect.VeloParser;
import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * JMH: one operation = the {@value ParserWorkload#STATEMENTS}-statement application parsed ({@code parse}) or
 * parsed, bound and planned from its file ({@code validate}, what {@code velo validate} does). Statements per second
 * = operations per second × {@value ParserWorkload#STATEMENTS}. Run it with {@link ParserBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParserBenchmark {
    private Path dir;
    private Path file;
    private String text;

    @Setup(Level.Trial)
    public void writeApplication() throws IOException {
        dir = Files.createTempDirectory("velo-parser-bench");
        file = ParserWorkload.write(dir);
        text = Files.readString(file);
        // A benchmark of an application that does not validate would measure the error path: refuse to start.
        LoadedApplication app = ApplicationLoader.load(file);
        if (app.hasErrors() || app.statementCount() != ParserWorkload.STATEMENTS) {
            throw new IllegalStateException("the benchmark application does not validate: " + app.diagnostics());
        }
    }

    @TearDown(Level.Trial)
    public void deleteApplication() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public ParseResult parse() {
        return VeloParser.parse(file, text);
    }

    @Benchmark
    public LoadedApplication validate() {
        return ApplicationLoader.load(file);
    }
}
