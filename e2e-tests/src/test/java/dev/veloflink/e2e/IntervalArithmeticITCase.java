package dev.veloflink.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §7.2, through {@code velo run}: next to a number an INTERVAL counts as its milliseconds, so the age of a row in
 * seconds is {@code (t2 - t1) / 1000.0} and {@code t2 - t1 > 5000} compares milliseconds, as applications written for
 * the original engine do.
 */
class IntervalArithmeticITCase {

    @TempDir
    Path workspace;

    @Test
    void anIntervalNextToANumberIsItsMilliseconds() throws Exception {
        Files.writeString(workspace.resolve("trips.csv"), """
                id,started,ended
                1,2024-05-01T09:00:00Z,2024-05-01T09:00:04.500Z
                2,2024-05-01T09:00:00Z,2024-05-01T09:00:05Z
                3,2024-05-01T09:00:00Z,2024-05-01T09:01:00.001Z
                """);
        Path file = workspace.resolve("app.sql");
        Files.writeString(file, """
                SELECT id,
                       (ended - started) / 1000.0 AS seconds,
                       ended - started > 5000 AS slow,
                       ended - started - 500 AS minus_half_second,
                       (ended - started) / 4 AS quarter
                FROM trips
                WITH ('trips.type' = 'file_source', 'trips.path' = './trips.csv');
                """);
        CommandResult result = CommandResult.velo("run", file.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Arrays.asList(result.out().split("\n"))).containsExactly(
                "id,seconds,slow,minus_half_second,quarter",
                "1,4.5000,false,4000,1125.0",
                "2,5.0000,false,4500,1250.0",
                "3,60.0010,true,59501,15000.25");
    }
}
