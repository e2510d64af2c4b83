package dev.veloflink.planner.run;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Takes over SIGINT (Ctrl-C) while a job runs, so that Ctrl-C stops the job with a savepoint and {@code velo run}
 * then returns normally (exit 0, STOPPED, SPEC §1.6) instead of the JVM shutting down under the job. Closing it gives
 * SIGINT back to whoever had it. Where the JVM does not let us handle signals (e.g. run with -Xrs), Ctrl-C keeps its
 * default meaning.
 */
final class InterruptHandler implements AutoCloseable {
    private static final Signal SIGINT = new Signal("INT");

    private final SignalHandler previous;

    private InterruptHandler(SignalHandler previous) {
        this.previous = previous;
    }

    static InterruptHandler install(Runnable onInterrupt) {
        try {
            return new InterruptHandler(Signal.handle(SIGINT, signal -> onInterrupt.run()));
        } catch (IllegalArgumentException | UnsupportedOperationException notAllowed) {
            return new InterruptHandler(null);
        }
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(SIGINT, previous);
        }
    }
}
