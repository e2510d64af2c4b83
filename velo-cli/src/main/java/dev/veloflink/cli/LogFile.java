package dev.veloflink.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where {@code velo} logs: Flink's messages and the details of every failure (stack traces included), so that the
 * terminal shows only velo's own lines. log4j2.properties reads the path from the system property {@value #PROPERTY},
 * which {@link #choose()} sets before the first logger exists; {@code -Dvelo.log.file=...} in
 * {@code VELO_JAVA_OPTS} overrides it.
 */
final class LogFile {
    static final String PROPERTY = "velo.log.file";

    private LogFile() {
    }

    /** Sets the log file of this run, {@code <tmp>/velo-logs/velo-<date>-<time>-<pid>.log}, unless one is set. */
    static void choose() {
        if (System.getProperty(PROPERTY) == null) {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            System.setProperty(PROPERTY, Path.of(System.getProperty("java.io.tmpdir"), "velo-logs",
                    "velo-" + stamp + "-" + ProcessHandle.current().pid() + ".log").toString());
        }
    }

    static Path path() {
        choose();
        return Path.of(System.getProperty(PROPERTY));
    }
}
