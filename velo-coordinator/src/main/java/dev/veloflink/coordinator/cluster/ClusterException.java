package dev.veloflink.coordinator.cluster;

import org.apache.flink.util.SerializedThrowable;

/** A cluster operation that failed, with a one-line message for the user. */
public final class ClusterException extends Exception {
    public ClusterException(String message) {
        super(message);
    }

    /** The deepest cause's message, on one line (a REST error's first line, a refused connection, ...). */
    static String rootOf(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause.getClass().getName().endsWith("MismatchedInputException")) {
            return "what answers there is not a Flink REST API";
        }
        String name = cause instanceof SerializedThrowable serialized ? serialized.getOriginalErrorClassName()
                : cause.getClass().getName();
        String message = cause.getMessage() == null ? name.substring(name.lastIndexOf('.') + 1) : cause.getMessage();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
