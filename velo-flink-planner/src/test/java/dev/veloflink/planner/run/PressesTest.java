package dev.veloflink.planner.run;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C is taken over before the job is submitted: a press that comes before the job exists is held and delivered
 * once it does (it used to take the JVM's default path, a shutdown under the just-submitted job), and the count of
 * presses tells the first (savepoint) from a second (cancel).
 */
class PressesTest {

    @Test
    void aPressBeforeTheJobExistsIsDeliveredOnceItDoes() {
        List<String> delivered = new ArrayList<>();
        EmbeddedRunner.Presses<String> presses = new EmbeddedRunner.Presses<>(
                (job, count) -> delivered.add(job + " press " + count.incrementAndGet()));

        presses.press();
        assertThat(delivered).as("no job yet: held").isEmpty();

        presses.started("job-1");
        assertThat(delivered).containsExactly("job-1 press 1");

        presses.press();
        assertThat(delivered).containsExactly("job-1 press 1", "job-1 press 2");
    }

    @Test
    void twoEarlyPressesStayTwoPresses() {
        List<String> delivered = new ArrayList<>();
        EmbeddedRunner.Presses<String> presses = new EmbeddedRunner.Presses<>(
                (job, count) -> delivered.add(job + " press " + count.incrementAndGet()));
        presses.press();
        presses.press();
        presses.started("job-1");
        assertThat(delivered).containsExactly("job-1 press 1", "job-1 press 2");
    }
}
