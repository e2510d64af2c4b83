package dev.veloflink.planner.plan;

import dev.veloflink.runtime.time.EventTimeFormat;

import java.time.Duration;
import java.util.Optional;

/**
 * How a source's rows get their event time and watermarks (SPEC §5.6, §10.3): the column, its format, the bound d
 * and the idle timeout.
 */
public record EventTimeSpec(String column, int columnIndex, EventTimeFormat format, Duration maxOutOfOrderness,
                            Optional<Duration> idleTimeout) {
}
