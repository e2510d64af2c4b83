package dev.veloflink.coordinator;

import java.time.Duration;

/** Durations written back the way users write them in properties: {@code 60s}, {@code 1500ms}. */
final class OptionText {
    private OptionText() {
    }

    static String duration(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
