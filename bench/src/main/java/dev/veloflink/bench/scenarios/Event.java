package dev.veloflink.bench.scenarios;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * The device events the stateful scenarios read: 1,000 devices, event time in epoch milliseconds rising by 10 ms a
 * row (so one-minute windows hold about 6,000 rows over all devices), an amount per event. Time never goes backwards,
 * so no row is late on either side whatever the watermark details, and LAG's ORDER BY ts equals arrival order.
 */
public record Event(long id, String device, long ts, BigDecimal amount) implements Serializable {

    public static final String CSV_HEADER = "id,device,ts,amount";
    public static final String COLUMNS = "id BIGINT, device STRING, ts BIGINT, amount DECIMAL(8,2)";
    static final int DEVICES = 1_000;
    static final long START_MILLIS = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    static final long STEP_MILLIS = 10;
    private static final long SEED = 20_241_105L;
    private static final DateTimeFormatter SQL_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    static Path input(Path dir) {
        return dir.resolve("events.csv");
    }

    /** Parses one line of the CSV form (no quoted fields), the amount exact at scale 2 as DECIMAL(8,2) is. */
    public static Event fromCsv(String line) {
        int a = line.indexOf(',');
        int b = line.indexOf(',', a + 1);
        int c = line.indexOf(',', b + 1);
        return new Event(Long.parseLong(line, 0, a, 10), line.substring(a + 1, b), Long.parseLong(line, b + 1, c, 10),
                new BigDecimal(line.substring(c + 1)).setScale(2, RoundingMode.HALF_UP));
    }

    /**
     * A TIMESTAMP(3) as velo writes it to CSV (SPEC §7.5): {@code yyyy-MM-ddTHH:mm:ss} in UTC, then {@code .SSS} only
     * when the milliseconds are not zero.
     */
    static String timestamp(long epochMillis) {
        String seconds = SQL_TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        return millis == 0 ? seconds : seconds + '.' + String.format("%03d", millis);
    }

    static void write(Path file, long rows) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(CSV_HEADER);
            out.write('\n');
            StringBuilder line = new StringBuilder(48);
            for (long i = 0; i < rows; i++) {
                line.setLength(0);
                int device = random.nextInt(DEVICES);
                line.append(i).append(",d").append(device < 100 ? "0" : "").append(device < 10 ? "0" : "")
                        .append(device).append(',')
                        .append(START_MILLIS + i * STEP_MILLIS).append(',')
                        .append(BigDecimal.valueOf(random.nextInt(1, 1_000_000), 2).toPlainString()).append('\n');
                out.append(line);
            }
        }
    }
}
