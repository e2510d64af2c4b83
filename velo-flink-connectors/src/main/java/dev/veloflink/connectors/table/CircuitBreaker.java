package dev.veloflink.connectors.table;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * A circuit breaker around a table source's connection, non-blocking so that a source reader never holds up a
 * checkpoint while it waits:
 * <ul>
 *   <li><b>closed</b>: calls go through; after a failure the next call waits {@code retry.backoff} (doubling per
 *       consecutive failure); {@code circuit.failure.threshold} consecutive failures open the circuit;</li>
 *   <li><b>open</b>: calls are refused for {@code circuit.open.duration}, then one trial call is let through;</li>
 *   <li><b>half-open</b>: the trial call's success closes the circuit, its failure opens it again.</li>
 * </ul>
 * The caller asks {@link #tryAcquire()} before each call and reports {@link #onSuccess()} or {@link #onFailure};
 * refused, it tries again later (a table reader after its polling interval). Every state change is logged and
 * counted ({@link #transitions()}); {@code retry.max.attempts} consecutive failures end the retries.
 *
 * <p>Not thread-safe: one breaker per split reader, used from the reader's thread.
 */
public final class CircuitBreaker {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    /** The states, with the numbers the {@code velo_table_circuit_state} gauge shows. */
    public enum State {
        CLOSED(0), OPEN(1), HALF_OPEN(2);

        private final int code;

        State(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private final String name;
    private final CircuitBreakerSettings settings;
    private final LongSupplier clock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long notBefore;
    private long transitions;
    private long failures;

    /** @param clock milliseconds, e.g. {@code System::currentTimeMillis} */
    public CircuitBreaker(String name, CircuitBreakerSettings settings, LongSupplier clock) {
        this.name = name;
        this.settings = settings;
        this.clock = clock;
    }

    public CircuitBreaker(String name, CircuitBreakerSettings settings) {
        this(name, settings, System::currentTimeMillis);
    }

    /** Whether a call may be made now; an open circuit whose open duration is over lets one trial through. */
    public boolean tryAcquire() {
        long now = clock.getAsLong();
        if (now < notBefore) {
            return false;
        }
        if (state == State.OPEN) {
            moveTo(State.HALF_OPEN, "trying one call after " + settings.openDuration().toMillis() + " ms open");
        }
        return true;
    }

    public void onSuccess() {
        if (consecutiveFailures > 0 || state != State.CLOSED) {
            consecutiveFailures = 0;
            notBefore = 0;
            if (state != State.CLOSED) {
                moveTo(State.CLOSED, "the connection works again");
            } else {
                LOG.info("{}: the connection works again", name);
            }
        }
    }

    /**
     * Records a failed call and when the next may be made.
     *
     * @throws RetriesExhaustedException after {@code retry.max.attempts} consecutive failures (when set)
     */
    public void onFailure(Exception error) {
        failures++;
        consecutiveFailures++;
        long now = clock.getAsLong();
        if (settings.maxAttempts() > 0 && consecutiveFailures >= settings.maxAttempts()) {
            throw new RetriesExhaustedException(name + ": giving up after " + consecutiveFailures
                    + " consecutive failures (retry.max.attempts): " + error.getMessage(), error);
        }
        if (state == State.HALF_OPEN || (state == State.CLOSED
                && consecutiveFailures >= settings.failureThreshold())) {
            notBefore = now + settings.openDuration().toMillis();
            moveTo(State.OPEN, consecutiveFailures + " consecutive failures, the last: " + error.getMessage());
        } else {
            long wait = settings.backoffMillis(consecutiveFailures);
            notBefore = now + wait;
            LOG.warn("{}: connection failure {} of {} before the circuit opens, retrying in {} ms: {}", name,
                    consecutiveFailures, settings.failureThreshold(), wait, error.getMessage());
        }
    }

    private void moveTo(State next, String why) {
        State previous = state;
        state = next;
        transitions++;
        if (next == State.OPEN) {
            LOG.warn("{}: circuit {} -> {} for {} ms: {}", name, previous, next, settings.openDuration().toMillis(),
                    why);
        } else {
            LOG.info("{}: circuit {} -> {}: {}", name, previous, next, why);
        }
    }

    public State state() {
        return state;
    }

    /** State changes so far. */
    public long transitions() {
        return transitions;
    }

    /** Failed calls so far. */
    public long failures() {
        return failures;
    }

    /** Thrown when {@code retry.max.attempts} consecutive calls failed. */
    public static final class RetriesExhaustedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RetriesExhaustedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
