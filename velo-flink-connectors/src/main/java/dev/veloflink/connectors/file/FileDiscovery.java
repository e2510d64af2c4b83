package dev.veloflink.connectors.file;

import dev.veloflink.connectors.options.OptionReader;

import java.nio.file.Path;
import java.util.List;

/** Matches a source's path, waiting up to {@code file.wait.timeout} for a first match (SPEC §5.5). */
public final class FileDiscovery {

    private FileDiscovery() {
    }

    /**
     * The files the source's path matches, in read order, retrying every {@code file.retry.interval} while none
     * matches.
     *
     * @throws FileNotMatchedException (E402) when nothing matches within the timeout
     */
    public static List<Path> awaitMatch(FileSourceOptions options) throws InterruptedException {
        long deadline = System.nanoTime() + options.fileWaitTimeout().toNanos();
        while (true) {
            List<Path> files = FileMatcher.match(options.path());
            if (!files.isEmpty()) {
                return files;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new FileNotMatchedException(options.name(), notMatchedMessage(options));
            }
            Thread.sleep(Math.max(1, Math.min(options.fileRetryInterval().toMillis(), left / 1_000_000)));
        }
    }

    /** The E402 message without its code: no file matched within the wait. */
    public static String notMatchedMessage(FileSourceOptions options) {
        return "file_source '" + options.name() + "': no file matches '" + options.path() + "' after "
                + OptionReader.durationText(options.fileWaitTimeout());
    }
}
