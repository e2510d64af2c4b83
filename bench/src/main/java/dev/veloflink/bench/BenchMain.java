package dev.veloflink.bench;

import dev.veloflink.bench.parser.ParserBench;
import dev.veloflink.bench.scenarios.ClusterGroupBy;
import dev.veloflink.bench.scenarios.ClusterPassthrough;
import dev.veloflink.bench.scenarios.FilterProject;
import dev.veloflink.bench.scenarios.FrameworkOverhead;
import dev.veloflink.bench.scenarios.GroupByEmitChanges;
import dev.veloflink.bench.scenarios.LagRowWindow;
import dev.veloflink.bench.scenarios.OneBrc;
import dev.veloflink.bench.scenarios.PassthroughCsv;
import dev.veloflink.bench.scenarios.PassthroughJsonl;
import dev.veloflink.bench.scenarios.StreamTableJoin;
import dev.veloflink.bench.scenarios.TumblingEmitFinal;
import dev.veloflink.bench.scenarios.WindowedEmitChanges;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code BenchMain [--quick] [--scenario NAME]... [--rows N] [--runs N] [--parallelism 1,2] [--no-flinksql]
 * [--out FILE]}: runs every scenario through velo, through its hand-written Flink baseline and, where Flink SQL can
 * express it, as the same query in stock Flink SQL; prints a table and writes JSON. Exits non-zero when a scenario
 * failed, in particular when the sides wrote different outputs.
 */
public final class BenchMain {
    static final long QUICK_ROWS = 1_000_000;
    static final long FULL_ROWS = 10_000_000;
    static final int QUICK_RUNS = 2;
    static final int FULL_RUNS = 3;
    /** The JMH parser benchmark's name for {@code --scenario}; it compares velo with a target, not with Flink. */
    static final String PARSER = "parser";

    private BenchMain() {
    }

    /** Every scenario, in report order. */
    public static List<Scenario> scenarios() {
        return List.of(new PassthroughCsv(), new PassthroughJsonl(), new FilterProject(), new FrameworkOverhead(),
                new OneBrc(), new GroupByEmitChanges(), new TumblingEmitFinal(), new WindowedEmitChanges(),
                new LagRowWindow(), new StreamTableJoin(), new dev.veloflink.bench.scenarios.FileTableLoad(),
                new dev.veloflink.bench.scenarios.KafkaPassthrough(), new dev.veloflink.bench.scenarios.KafkaJsonFilter(),
                new dev.veloflink.bench.scenarios.KafkaTableLoad(), new ClusterPassthrough(), new ClusterGroupBy());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the benchmark; returns the process exit code (0 all scenarios passed or were skipped, 1 failure, 2 usage). */
    public static int run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (args.length > 0 && args[0].equals("submit-latency")) {
            try {
                return SubmitLatency.run(List.of(args).subList(1, args.length), out, err);
            } catch (Exception e) {
                err.println("bench: submit-latency failed: " + oneLine(e));
                return 1;
            }
        }
        boolean quick = false;
        boolean flinkSql = true;
        List<String> names = new ArrayList<>();
        Long rows = null;
        Integer runs = null;
        List<Integer> parallelisms = null;
        Path outFile = defaultOutput();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--no-flinksql" -> flinkSql = false;
                    case "--scenario" -> names.add(args[++i]);
                    case "--rows" -> rows = Long.parseLong(args[++i]);
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--parallelism" -> parallelisms = Stream.of(args[++i].split(",")).map(String::trim)
                            .map(Integer::parseInt).toList();
                    case "--out" -> outFile = Path.of(args[++i]);
                    case "-h", "--help" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
        } catch (RuntimeException e) {
            err.println("bench: " + (e instanceof ArrayIndexOutOfBoundsException ? "a value is missing" : e.getMessage()));
            err.println(usage());
            return 2;
        }
        List<Scenario> selected = new ArrayList<>();
        for (Scenario s : scenarios()) {
            if (names.isEmpty() || names.contains(s.name())) {
                selected.add(s);
            }
        }
        List<String> known = knownNames();
        for (String name : names) {
            if (!known.contains(name)) {
                err.println("bench: unknown scenario '" + name + "'; one of " + String.join(", ", known));
                return 2;
            }
        }
        int measured = runs != null ? runs : quick ? QUICK_RUNS : FULL_RUNS;
        // Quick keeps to parallelism 1 so that all scenarios fit in about three minutes; p=2 is the full run's.
        if (parallelisms == null) {
            parallelisms = quick ? List.of(1) : List.of(1, 2);
        }
        if ((rows != null && rows < 1) || measured < 1 || parallelisms.stream().anyMatch(p -> p < 1)) {
            err.println("bench: --rows, --runs and --parallelism must be positive");
            return 2;
        }

        long start = System.nanoTime();
        List<ScenarioResult> results = new ArrayList<>();
        Path workDir = null;
        BenchCluster cluster = null;
        try {
            workDir = Files.createTempDirectory("velo-bench");
            for (Scenario scenario : selected) {
                long rowCount = rows != null ? rows : scenario.defaultRows(quick);
                if (scenario.onCluster() && cluster == null) {
                    try {
                        cluster = BenchCluster.start(workDir, err);
                    } catch (Exception e) {
                        results.add(ScenarioResult.failed(scenario.name(), rowCount, BenchCluster.PARALLELISM,
                                "cannot start the local cluster: " + oneLine(e)));
                        continue;
                    }
                }
                BenchRunner runner = new BenchRunner(rowCount, measured, err, cluster, flinkSql);
                Path inputDir = Files.createDirectories(workDir.resolve(scenario.name()));
                long inputRows;
                try {
                    inputRows = scenario.generateInput(inputDir, rowCount);
                } catch (IOException e) {
                    results.add(ScenarioResult.failed(scenario.name(), rowCount, 0, "cannot write input: " + e));
                    continue;
                }
                // A cluster scenario runs at the parallelism of its cluster: one subtask per TaskManager.
                for (int p : scenario.onCluster() ? List.of(BenchCluster.PARALLELISM) : parallelisms) {
                    try {
                        results.add(runner.run(scenario, inputDir, inputRows, p));
                    } catch (Exception e) {
                        results.add(ScenarioResult.failed(scenario.name(), inputRows, p, oneLine(e)));
                    }
                }
                deleteTree(inputDir);
            }
        } catch (IOException e) {
            err.println("bench: " + e.getMessage());
            return 1;
        } finally {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception e) {
                    err.println("bench: cannot stop the local cluster: " + oneLine(e));
                }
            }
            if (workDir != null) {
                deleteTree(workDir);
            }
        }
        List<ParserBench.Result> parser = List.of();
        String parserError = "";
        if (names.isEmpty() || names.contains(PARSER)) {
            err.println("  parser: JMH, one forked JVM, one thread...");
            try {
                parser = ParserBench.run(quick);
            } catch (Exception e) {
                parserError = oneLine(e);
            }
        }
        out.println();
        Report.printTable(results, out);
        if (!parser.isEmpty() || !parserError.isEmpty()) {
            Report.printParser(parser, parserError, out);
        }
        out.printf("%d measured runs per side after one warm-up; medians; %s%n", measured,
                String.format("total %.0f s", (System.nanoTime() - start) / 1e9));
        try {
            Report.writeJson(results, parser, parserError, outFile);
            out.println("results: " + outFile);
        } catch (IOException e) {
            err.println("bench: cannot write " + outFile + ": " + e.getMessage());
            return 1;
        }
        boolean failed = results.stream().anyMatch(r -> r.status() == ScenarioResult.Status.FAILED)
                || !parserError.isEmpty();
        return failed ? 1 : 0;
    }

    static List<String> knownNames() {
        List<String> names = new ArrayList<>(scenarios().stream().map(Scenario::name).toList());
        names.add(PARSER);
        return names;
    }

    /** bench/results/latest.json from the project root; results/latest.json from inside the bench module. */
    static Path defaultOutput() {
        Path cwd = Path.of("").toAbsolutePath();
        boolean inBench = cwd.getFileName() != null && cwd.getFileName().toString().equals("bench")
                && Files.exists(cwd.resolve("pom.xml"));
        return inBench ? Path.of("results", "latest.json") : Path.of("bench", "results", "latest.json");
    }

    static String usage() {
        return "usage: bench [--quick] [--scenario NAME]... [--rows N] [--runs N] [--parallelism 1,2] [--no-flinksql] "
                + "[--out FILE]\n"
                + "       bench submit-latency [--runs N]   (velo submit to a local cluster: load to job RUNNING)\n"
                + "  scenarios: " + String.join(", ", knownNames()) + "\n"
                + "  --quick: " + QUICK_RUNS + " measured runs at parallelism 1, each scenario's quick size (most "
                + QUICK_ROWS + " rows); default: " + FULL_RUNS + " measured runs at parallelism 1 and 2, full sizes "
                + "(most " + FULL_ROWS + " rows); --rows sets every scenario's size\n"
                + "  --no-flinksql: only velo and the hand-written baseline (no third side in stock Flink SQL)\n"
                + "  cluster_*: on a local cluster (1 JobManager, 2 TaskManagers of 1 slot, separate processes) at "
                + "parallelism 2 whatever --parallelism says; e.g. --scenario cluster_passthrough --scenario "
                + "cluster_group_by";
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temp folder left behind is harmless.
        }
    }
}
