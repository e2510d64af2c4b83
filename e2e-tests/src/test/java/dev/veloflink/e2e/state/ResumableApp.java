package dev.veloflink.e2e.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A stateful application to stop with a savepoint in the middle of its input and resume (SPEC §2.4), embedded or
 * on a cluster: two statements over one watched file, a GROUP BY with EMIT CHANGES (group state) and a TUMBLING
 * window with EMIT FINAL (open windows, pending rows of the ordered release). {@code APP.formatted("true")} watches
 * the file (runs until stopped), {@code "false"} reads it once (the uninterrupted reference run).
 */
public final class ResumableApp {
    private ResumableApp() {
    }

    public static final long BASE_MILLIS = 1_704_103_200_000L; // 2024-01-01T10:00:00Z
    public static final int ROWS = 40;
    public static final int FIRST_HALF = 20;

    public static final String APP = """
            CREATE STREAM user_totals AS
            SELECT user_id, COUNT(*) AS events, SUM(amount) AS total
            FROM events
            GROUP BY user_id
            EMIT CHANGES
            WITH (
                'events.type' = 'file_source',
                'events.path' = './events.csv',
                'events.watching' = '%1$s',
                'events.polling_interval' = '100ms',
                'checkpoint.interval' = '200ms',
                'user_totals.type' = 'file_sink',
                'user_totals.path' = './output/user_totals.csv'
            );

            CREATE STREAM user_minutes AS
            SELECT user_id, _window_start AS window_start, COUNT(*) AS events, SUM(amount) AS total
            FROM events
            WINDOW TUMBLING(1m)
            GROUP BY user_id
            EMIT FINAL
            WITH (
                'events.type' = 'file_source',
                'events.path' = './events.csv',
                'events.watching' = '%1$s',
                'events.polling_interval' = '100ms',
                'event.time.field' = 'ts',
                'event.time.format' = 'epoch_millis',
                'checkpoint.interval' = '200ms',
                'user_minutes.type' = 'file_sink',
                'user_minutes.path' = './output/user_minutes.csv'
            );
            """;

    /** user_id, amount, ts (epoch millis): every 7 s, except that the last row comes a minute after the one before. */
    public static List<String> inputRows() {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            long seconds = i * 7L + (i == ROWS - 1 ? 60 : 0);
            rows.add("u" + (i * 7 % 4 + 1) + "," + (i * 13 % 17 + 1) + "," + (BASE_MILLIS + seconds * 1000));
        }
        return rows;
    }

    public static String csv(List<String> rows) {
        StringBuilder text = new StringBuilder("user_id,amount,ts\n");
        rows.forEach(row -> text.append(row).append('\n'));
        return text.toString();
    }

    /** How many (user, minute) groups have a window that ends at or before the largest event time of {@code rows}. */
    public static int closedWindows(List<String> rows) {
        long watermark = rows.stream().mapToLong(r -> Long.parseLong(r.split(",")[2])).max().orElseThrow();
        Set<String> groups = new HashSet<>();
        for (String row : rows) {
            String[] fields = row.split(",");
            long windowEnd = (Long.parseLong(fields[2]) / 60_000 + 1) * 60_000;
            if (windowEnd <= watermark) {
                groups.add(fields[0] + "@" + windowEnd);
            }
        }
        return groups.size();
    }

    /** The data lines (no header) of the second half of the input, to append to the file of a stopped run. */
    public static String secondHalfLines() {
        StringBuilder text = new StringBuilder();
        inputRows().subList(FIRST_HALF, ROWS).forEach(row -> text.append(row).append('\n'));
        return text.toString();
    }
}
