package dev.veloflink.planner.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;

/**
 * Writes the final Prometheus text exposition of a run (SPEC §14.2): every {@code velo_*} counter, read from the job's
 * accumulators, whose names are already Prometheus sample names.
 */
final class MetricsFile {
    private MetricsFile() {
    }

    static void write(Path file, Map<String, Object> accumulators) {
        if (file == null) {
            return;
        }
        Map<String, List<String>> families = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : accumulators.entrySet()) {
            String sample = entry.getKey();
            if (!sample.startsWith("velo_") || !(entry.getValue() instanceof Number value)) {
                continue;
            }
            int brace = sample.indexOf('{');
            String family = brace < 0 ? sample : sample.substring(0, brace);
            families.computeIfAbsent(family, f -> new ArrayList<>()).add(sample + " " + value);
        }
        StringBuilder text = new StringBuilder();
        families.forEach((family, samples) -> {
            text.append("# HELP ").append(family).append(' ').append(help(family)).append('\n');
            text.append("# TYPE ").append(family).append(" counter\n");
            samples.forEach(s -> text.append(s).append('\n'));
        });
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics file " + file, e);
        }
    }

    private static String help(String family) {
        return switch (family) {
            case "velo_records_in_total" -> "Records decoded from each source of each statement";
            case "velo_records_out_total" -> "Rows each statement emitted";
            case "velo_records_skipped_total" -> "Bad records skipped, by statement, source and reason";
            case "velo_division_by_zero_total" -> "Divisions by zero that yielded NULL";
            case "velo_arithmetic_overflow_total" -> "Arithmetic results out of range that yielded NULL";
            case "velo_late_records_dropped_total" -> "Late rows dropped from windows";
            case "velo_join_missing_total" -> "Stream rows without a table match, by strategy";
            default -> family;
        };
    }
}
