package dev.veloflink.e2e;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Prometheus text exposition read as the examples README compares it: samples as a set (label order ignored,
 * values numeric), plus the HELP and TYPE lines of each family.
 */
record PromSamples(Map<String, Double> samples, Set<String> metadata) {

    static PromSamples parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        Set<String> metadata = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                metadata.add(line.trim());
                continue;
            }
            int split = line.lastIndexOf(' ');
            samples.put(canonical(line.substring(0, split)), Double.valueOf(line.substring(split + 1)));
        }
        return new PromSamples(samples, metadata);
    }

    /** The sample name with its labels sorted, and a numeric le normalized. */
    private static String canonical(String sample) {
        int brace = sample.indexOf('{');
        if (brace < 0) {
            return sample;
        }
        Map<String, String> labels = new TreeMap<>();
        String body = sample.substring(brace + 1, sample.length() - 1);
        // The text format allows a comma after the last label (Prometheus' Java client writes one).
        if (body.endsWith(",")) {
            body = body.substring(0, body.length() - 1);
        }
        for (String pair : body.split(",(?=[a-zA-Z_]+=\")")) {
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            String value = pair.substring(eq + 2, pair.length() - 1);
            if (name.equals("le") && !value.equals("+Inf")) {
                value = Double.valueOf(value).toString();
            }
            labels.put(name, value);
        }
        return sample.substring(0, brace) + labels;
    }

    /** The samples of the families this exposition names, taken from {@code other}. */
    PromSamples restrictedTo(Set<String> families, PromSamples other) {
        Map<String, Double> kept = new HashMap<>();
        other.samples.forEach((name, value) -> {
            String family = name.contains("{") ? name.substring(0, name.indexOf('{')) : name;
            if (families.stream().anyMatch(f -> family.equals(f) || family.equals(f + "_bucket")
                    || family.equals(f + "_sum") || family.equals(f + "_count"))) {
                kept.put(name, value);
            }
        });
        Set<String> meta = new LinkedHashSet<>();
        other.metadata.forEach(m -> {
            if (families.stream().anyMatch(f -> m.startsWith("# HELP " + f + " ") || m.startsWith("# TYPE " + f + " "))) {
                meta.add(m);
            }
        });
        return new PromSamples(kept, meta);
    }

    Set<String> families() {
        Set<String> families = new LinkedHashSet<>();
        metadata.forEach(m -> families.add(m.split(" ")[2]));
        return families;
    }
}
