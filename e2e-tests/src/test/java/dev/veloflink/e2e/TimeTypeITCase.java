package dev.veloflink.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §7.1 and §7.2, through {@code velo run}: the TIME type declared in {@code columns} and as {@code time} in a
 * config file's {@code schema.fields}, read from text, compared with a string literal, cast from a TIMESTAMP,
 * subtracted (an INTERVAL) and shifted by an INTERVAL across midnight; written in its text form.
 */
class TimeTypeITCase {

    @TempDir
    Path workspace;

    @Test
    void timeColumnsReadCompareComputeAndPrint() throws Exception {
        Files.writeString(workspace.resolve("shifts.csv"), """
                id,opens,closes,seen
                1,09:00,17:30:00,2024-05-01T08:59:59.250Z
                2,22:00:00,23:59:59.500,2024-05-01T22:15:00Z
                3,06:45:10,11:00:00,2024-05-02T06:00:00Z
                """);
        Files.writeString(workspace.resolve("shifts.yaml"), """
                schema:
                  fields:
                    - {name: id, type: integer}
                    - {name: opens, type: time}
                    - {name: closes, type: time}
                    - {name: seen, type: timestamp}
                """);
        Path file = workspace.resolve("app.sql");
        Files.writeString(file, """
                SELECT id, opens, closes - opens AS open_ms, (closes - opens) / 3600000.0 AS hours,
                       closes + INTERVAL '3' HOUR AS late_close, CAST(seen AS TIME) AS seen_at,
                       CAST(seen AS TIME) < opens AS before_opening
                FROM shifts
                WHERE opens >= '06:45:10'
                WITH ('shifts.type' = 'file_source', 'shifts.path' = './shifts.csv',
                      'shifts.config_file' = 'shifts.yaml');
                """);
        CommandResult result = CommandResult.velo("run", file.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Arrays.asList(result.out().split("\n"))).containsExactly(
                "id,opens,open_ms,hours,late_close,seen_at,before_opening",
                "1,09:00:00,30600000,8.5000,20:30:00,08:59:59.250,true",
                "2,22:00:00,7199500,1.9999,02:59:59.500,22:15:00,false",
                "3,06:45:10,15290000,4.2472,14:00:00,06:00:00,true");
    }
}
