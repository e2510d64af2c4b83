package dev.veloflink.cli;

import dev.veloflink.planner.run.JobFailure;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The run's last line tells why velo cancelled a job, and claims no second Ctrl-C the user did not press. */
class RunFailureTest {
    private static final Path LOG = Path.of("/tmp/velo.log");

    @Test
    void aSavepointThatFailedAfterItsAttemptsSaysSoAndNamesNoSecondCtrlC() {
        String line = RunFailure.line(new JobFailure.SavepointFailed("Failed to create savepoint "
                + "directory at /app/savepoints"), Optional.empty(), LOG);
        assertThat(line).isEqualTo("velo: the savepoint failed, so the job was cancelled without one: Failed to "
                + "create savepoint directory at /app/savepoints - nothing of this run was saved; run it again "
                + "(the log has each attempt); details in /tmp/velo.log");
        assertThat(line).doesNotContain("Ctrl-C");
    }

    @Test
    void aSecondCtrlCSaysSo() {
        String line = RunFailure.line(new JobFailure.CancelledBySecondCtrlC(), Optional.empty(), LOG);
        assertThat(line).contains("cancelled without a savepoint by a second Ctrl-C").contains("run it again");
    }

    @Test
    void aCancellationVeloDidNotAskForClaimsNoCtrlC() {
        String line = RunFailure.line(new JobFailure.Uncoded("Job was cancelled."), Optional.empty(), LOG);
        assertThat(line).contains("cancelled without a savepoint").doesNotContain("Ctrl-C");
    }

    /**
     * The advice follows the failure's code, not its words: an E503 whose detail happens to start with another code
     * still gets the bad-record advice, and an uncoded failure that starts like a code gets none of theirs.
     */
    @Test
    void theAdviceFollowsTheCodeNotTheText() {
        String coded = RunFailure.line(new JobFailure.Coded("E503", "E502 orders.csv:3: type_error"), Optional.empty(),
                LOG);
        assertThat(coded).startsWith("velo: E503 E502 orders.csv:3").contains("'error.strategy'")
                .doesNotContain("join.missing.strategy");
        String uncoded = RunFailure.line(new JobFailure.Uncoded("E501 is in the message only"), Optional.empty(),
                LOG);
        assertThat(uncoded).startsWith("velo: the job failed: E501 is in the message only")
                .doesNotContain("table.ready.timeout");
    }
}
