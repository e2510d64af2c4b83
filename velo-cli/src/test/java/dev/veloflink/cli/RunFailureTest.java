package dev.veloflink.cli;

import dev.veloflink.planner.run.RunningJob;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The run's last line tells why velo cancelled a job, and claims no second Ctrl-C the user did not press. */
class RunFailureTest {
    private static final Path LOG = Path.of("/tmp/velo.log");

    @Test
    void aSavepointThatFailedAfterItsAttemptsSaysSoAndNamesNoSecondCtrlC() {
        String line = RunFailure.line("job failed: " + RunningJob.savepointFailed("Failed to create savepoint "
                + "directory at /app/savepoints"), Optional.empty(), LOG);
        assertThat(line).isEqualTo("velo: the savepoint failed, so the job was cancelled without one: Failed to "
                + "create savepoint directory at /app/savepoints - nothing of this run was saved; run it again "
                + "(the log has each attempt); details in /tmp/velo.log");
        assertThat(line).doesNotContain("Ctrl-C");
    }

    @Test
    void aSecondCtrlCSaysSo() {
        String line = RunFailure.line("job failed: " + RunningJob.CANCELLED_BY_SECOND_CTRL_C, Optional.empty(), LOG);
        assertThat(line).contains("cancelled without a savepoint by a second Ctrl-C").contains("run it again");
    }

    @Test
    void aCancellationVeloDidNotAskForClaimsNoCtrlC() {
        String line = RunFailure.line("job failed: Job was cancelled.", Optional.empty(), LOG);
        assertThat(line).contains("cancelled without a savepoint").doesNotContain("Ctrl-C");
    }
}
