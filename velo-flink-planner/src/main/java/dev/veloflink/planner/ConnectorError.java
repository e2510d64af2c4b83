package dev.veloflink.planner;

import dev.veloflink.connectors.options.MissingOptionException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connector's option error as one diagnostic: connectors word their messages with the code first
 * ({@code E404 kafka_source 's': cannot infer ...}); that code is the diagnostic's, and the message goes without it, so
 * validate never prints {@code error[E401]: E404 ...}. Messages without a code are E402 for a missing option, else E401.
 */
record ConnectorError(String code, String message) {
    private static final Pattern CODED = Pattern.compile("(?s)^(E\\d{3}) (.*)$");

    static ConnectorError of(RuntimeException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher m = CODED.matcher(text);
        if (m.matches()) {
            return new ConnectorError(m.group(1), m.group(2));
        }
        return new ConnectorError(e instanceof MissingOptionException ? "E402" : "E401", text);
    }
}
