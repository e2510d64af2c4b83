package dev.veloflink.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SHOW, DESCRIBE and STOP JOB in an application file (SPEC §2.4, §1.5): {@code velo run} runs them in file order once
 * the Flink job is submitted and prints their tables as CSV; STOP JOB ends a job over input that never ends with a
 * savepoint, exit 0. Unknown names are positioned E202 errors.
 */
class AppCommandsITCase {

    @TempDir
    Path workspace;

    @Test
    @Timeout(90)
    void commandsPrintTheirTablesAndStopJobEndsTheRun() throws Exception {
        Path file = workspace.resolve("app.sql");
        Files.writeString(file, """
                CREATE STREAM ticks AS SELECT id FROM gen WHERE id >= 0
                WITH ('gen.type' = 'datagen_source', 'gen.columns' = 'id BIGINT', 'gen.rate' = '50',
                      'ticks.type' = 'file_sink', 'ticks.path' = './out/ticks.csv');
                SHOW STREAMS;
                DESCRIBE ticks;
                SHOW JOBS;
                STOP JOB ticks;
                """);
        CommandResult result = CommandResult.velo("run", file.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        String sink = "\"file_sink ticks: " + workspace.resolve("out/ticks.csv").toAbsolutePath()
                + " (csv, encoded at the statement's parallelism, Sink V2 VeloFileSink, parallelism 1)\"";
        String out = result.out().replaceAll("[0-9a-f]{32}", "<flink job id>")
                .replaceAll("(<flink job id>,)[^\\n]*savepoint[^\\n]*", "$1<savepoint>");
        assertThat(out).isEqualTo("""
                name,job,sink type,status
                ticks,ticks,%1$s,RUNNING
                what,name,detail
                column,id,BIGINT
                kind,stream,""
                job,ticks,""
                sink,ticks,%1$s
                property,gen.columns,id BIGINT
                property,gen.rate,50
                property,gen.type,datagen_source
                property,ticks.path,./out/ticks.csv
                property,ticks.type,file_sink
                job name,kind,flink job id,status
                ticks,stream,<flink job id>,RUNNING
                job name,flink job id,savepoint
                ticks,<flink job id>,<savepoint>
                """.formatted(sink));
    }

    @Test
    void unknownNamesArePositionedErrors() throws Exception {
        Path file = workspace.resolve("bad.sql");
        Files.writeString(file, """
                CREATE STREAM ticks AS SELECT id FROM gen
                WITH ('gen.type' = 'datagen_source', 'gen.columns' = 'id BIGINT', 'gen.rows' = '1',
                      'ticks.type' = 'file_sink', 'ticks.path' = './out/ticks.csv');
                DESCRIBE tick;
                STOP JOB nope;
                """);
        CommandResult result = CommandResult.velo("validate", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("error[E202]: unknown stream or table 'tick'", "bad.sql:4:1",
                "did you mean 'ticks'?", "error[E202]: unknown job 'nope'", "bad.sql:5:1", "one of: ticks");
    }
}
