package dev.veloflink.bench.parser;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@link ParserBenchmark} under JMH in one forked JVM on one thread and reports statements per second against
 * the target of {@value #TARGET_STATEMENTS_PER_S} per core.
 */
public final class ParserBench {
    public static final double TARGET_STATEMENTS_PER_S = 20_000;

    private ParserBench() {
    }

    /**
     * One benchmark's result.
     *
     * @param statementsPerS the JMH score (operations/s) times the statements per operation
     * @param errorPerS      JMH's 99.9 % confidence half-interval, in statements/s
     */
    public record Result(String benchmark, double statementsPerS, double errorPerS) {
        public boolean meetsTarget() {
            return statementsPerS >= TARGET_STATEMENTS_PER_S;
        }

        public String verdict() {
            return String.format(Locale.ROOT, ">= %,.0f statements/s: %,.0f %s", TARGET_STATEMENTS_PER_S,
                    statementsPerS, meetsTarget() ? "met" : "MISSED");
        }
    }

    /**
     * Quick: 4 warm-up and 3 measured iterations of 1 s per benchmark; full: 5 and 5 of 2 s. The warm-up is long
     * because ANTLR fills its shared DFA cache while parsing, on top of the JIT.
     */
    public static List<Result> run(boolean quick) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(ParserBenchmark.class.getName() + "\\.")
                .forks(1)
                .threads(1)
                .warmupIterations(quick ? 4 : 5)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        Collection<RunResult> runs = new Runner(options.build()).run();
        List<Result> results = new ArrayList<>();
        for (RunResult run : runs) {
            String label = run.getParams().getBenchmark();
            String method = label.substring(label.lastIndexOf('.') + 1);
            double score = run.getPrimaryResult().getScore();
            double error = run.getPrimaryResult().getScoreError();
            results.add(new Result(method, score * ParserWorkload.STATEMENTS,
                    Double.isNaN(error) ? 0 : error * ParserWorkload.STATEMENTS));
        }
        return results;
    }
}
