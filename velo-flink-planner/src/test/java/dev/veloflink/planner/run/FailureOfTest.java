package dev.veloflink.planner.run;

import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.JobException;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.runtime.operators.coordination.TaskNotRunningException;
import org.apache.flink.util.FlinkException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-line reason a failed job gives, from the exception chains Flink reports. */
class FailureOfTest {
    /**
     * The chain Flink reported in a CI run when a JDBC reader failed on a bad record while its enumerator's end of
     * splits was in flight: the reader's E503 is gone, and the root cause says only that the task is not running.
     */
    @Test
    void aTaskErrorLostToAnUndeliveredCoordinatorEventSaysSoAndPointsAtTheLog() {
        Throwable lost = new FlinkException("An OperatorEvent from an OperatorCoordinator to a task was lost. "
                + "Triggering task failover to ensure consistency. Event: '[NoMoreSplitEvent]', targetTask: "
                + "Source: jdbc_source amounts (1/1) - execution #0",
                new TaskNotRunningException("Task is not running, but in state FAILED"));
        Throwable job = new JobExecutionException(new JobID(), "Job execution failed.",
                new JobException("Recovery is suppressed by NoRestartBackoffTimeStrategy", lost));

        assertThat(EmbeddedRunner.oneLine(job)).isEqualTo("job failed: a task failed while its source's coordinator "
                + "was sending it an event, and Flink reported that undelivered event instead of the task's own "
                + "error (the log has it)");
    }

    /** The control: the same chain's root cause, reported without the lost event, is told as it is. */
    @Test
    void aTaskThatIsNotRunningForAnotherReasonIsToldAsItIs() {
        Throwable job = new JobExecutionException(new JobID(), "Job execution failed.",
                new JobException("Recovery is suppressed by NoRestartBackoffTimeStrategy",
                        new TaskNotRunningException("Task is not running, but in state FAILED")));

        assertThat(EmbeddedRunner.oneLine(job)).isEqualTo("job failed: Task is not running, but in state FAILED");
    }
}
