package dev.veloflink.bench.scenarios;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The weather-station readings most file scenarios read, generated from a fixed seed so every run and both sides
 * see the same bytes. Station names need no CSV quoting or JSON escaping, which keeps the baselines' parsers honest
 * but simple (velo's decoder still checks for quotes, as a real CSV reader must).
 */
public record Reading(long id, String station, BigDecimal temp, int qty, BigDecimal price) implements Serializable {

    public static final String CSV_HEADER = "id,station,temp,qty,price";
    public static final String COLUMNS = "id BIGINT, station STRING, temp DECIMAL(5,1), qty INTEGER, price DECIMAL(8,2)";
    public static final List<String> STATIONS = List.of("Oslo", "Lima", "Pune", "Nairobi", "Reykjavik", "Hamburg",
            "Ulaanbaatar", "Quito", "Perth", "Tbilisi", "Da Nang", "St. John's");
    static final long SEED = 20_261_127L;

    /** Parses one line of the CSV form (no quoted fields). */
    public static Reading fromCsv(String line) {
        int a = line.indexOf(',');
        int b = line.indexOf(',', a + 1);
        int c = line.indexOf(',', b + 1);
        int d = line.indexOf(',', c + 1);
        return new Reading(Long.parseLong(line, 0, a, 10), line.substring(a + 1, b),
                new BigDecimal(line.substring(b + 1, c)).setScale(1, java.math.RoundingMode.HALF_UP),
                Integer.parseInt(line, c + 1, d, 10),
                new BigDecimal(line.substring(d + 1)).setScale(2, java.math.RoundingMode.HALF_UP));
    }

    public String toCsv() {
        return new StringBuilder(48).append(id).append(',').append(station).append(',').append(temp.toPlainString())
                .append(',').append(qty).append(',').append(price.toPlainString()).toString();
    }

    public String toJson() {
        return new StringBuilder(80).append("{\"id\":").append(id).append(",\"station\":\"").append(station)
                .append("\",\"temp\":").append(temp.toPlainString()).append(",\"qty\":").append(qty)
                .append(",\"price\":").append(price.toPlainString()).append('}').toString();
    }

    /** Writes {@code rows} readings, as CSV (with a header) or as JSON lines. */
    static void write(Path file, long rows, boolean json) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            if (!json) {
                out.write(CSV_HEADER);
                out.write('\n');
            }
            for (long i = 0; i < rows; i++) {
                Reading r = new Reading(i, STATIONS.get(random.nextInt(STATIONS.size())),
                        BigDecimal.valueOf(random.nextInt(-300, 451), 1), random.nextInt(1, 21),
                        BigDecimal.valueOf(random.nextInt(100, 100_000), 2));
                out.write(json ? r.toJson() : r.toCsv());
                out.write('\n');
            }
        }
    }
}
