package dev.veloflink.dialect;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parse throughput on one thread. The target is 20,000 statements/s; the assertion keeps a wide margin because the
 * build machine's cores are shared, and the measured rate is printed.
 */
class ThroughputTest {
    @Test
    void parsesThousandsOfStatementsPerSecond() {
        String file = String.join("\n;\n", TestStatements.VALID) + "\n;\n";
        int perFile = TestStatements.VALID.size();
        for (int i = 0; i < 200; i++) {     // warm-up: JIT and ANTLR's DFA cache
            VeloParser.parse(Path.of("w.sql"), file);
        }
        int rounds = 300;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            assertThat(VeloParser.parse(Path.of("t.sql"), file).application().statements()).hasSize(perFile);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = rounds * perFile / seconds;
        System.out.printf("velo-dialect parse throughput: %.0f statements/s%n", rate);
        assertThat(rate).isGreaterThan(5_000);
    }
}
