package dev.veloflink.bench.scenarios;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes the WITH clauses of the scenarios' applications. */
final class VeloApps {
    private VeloApps() {
    }

    /** {@code CREATE STREAM out AS <select> WITH (...)}, the keys in the given order. */
    static String statement(String scenario, String select, Map<String, String> keys) {
        String with = keys.entrySet().stream()
                .map(e -> "    '" + e.getKey() + "' = '" + e.getValue().replace("'", "''") + "'")
                .collect(Collectors.joining(",\n"));
        return "-- @app: bench_" + scenario + "\n"
                + "CREATE STREAM out AS\n" + select + "\nWITH (\n" + with + "\n);\n";
    }

    static String path(Path p) {
        return p.toAbsolutePath().toString();
    }
}
