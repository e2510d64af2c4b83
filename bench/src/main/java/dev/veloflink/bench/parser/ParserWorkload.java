package dev.veloflink.bench.parser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The application the parser benchmark reads: {@value #STATEMENTS} statements in the shapes real applications use
 * (filters with expressions, GROUP BY with EMIT CHANGES and FINAL, tumbling and session windows, a row window), each
 * with its own file source declaring its columns, so validation plans every statement without opening a data file.
 */
public final class ParserWorkload {
    public static final int STATEMENTS = 100;

    private ParserWorkload() {
    }

    /** The application text; its inputs are {@code dataDir/in_<i>.csv} (see {@link #write}). */
    public static String application(Path dataDir) {
        String dir = dataDir.toAbsolutePath().toString();
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < STATEMENTS; i++) {
            statements.add(statement(i, dir));
        }
        return "-- @app: parser_bench\n-- @description: 100 statements for the parse and validate benchmark.\n\n"
                + String.join("\n", statements);
    }

    /**
     * Writes the application to {@code dir/parser_bench.sql} and returns its path. Its input files are written too
     * (a header line each): validation checks that a source with declared columns has a file (E402), as a user's
     * application would.
     */
    public static Path write(Path dir) throws IOException {
        for (int i = 0; i < STATEMENTS; i++) {
            Files.writeString(dir.resolve("in_" + i + ".csv"), "id,station,temp,qty,price,ts\n");
        }
        Path file = dir.resolve("parser_bench.sql");
        Files.writeString(file, application(dir));
        return file;
    }

    private static String statement(int i, String dir) {
        String source = "src_" + i;
        String select = switch (i % 5) {
            case 0 -> """
                    SELECT id, UPPER(station) AS station_uc, ROUND(temp * 1.8 + 32, 1) AS temp_f,
                           CASE WHEN temp >= 25 THEN 'hot' WHEN temp < 0 THEN 'cold' ELSE 'mild' END AS band
                    FROM %s
                    WHERE qty > 4 AND station <> 'Perth'""";
            case 1 -> """
                    SELECT station, COUNT(*) AS n, SUM(price * qty) AS revenue, AVG(temp) AS avg_temp
                    FROM %s
                    GROUP BY station
                    EMIT CHANGES""";
            case 2 -> """
                    SELECT _window_start AS window_start, _window_end AS window_end, station,
                           COUNT(*) AS n, MAX(temp) AS max_temp
                    FROM %s
                    WINDOW TUMBLING(ts, 1m)
                    GROUP BY station""";
            case 3 -> """
                    SELECT station, MIN(temp) AS min_t, AVG(temp) AS avg_t, MAX(temp) AS max_t
                    FROM %s
                    GROUP BY station
                    HAVING COUNT(*) >= 2
                    EMIT FINAL""";
            default -> """
                    SELECT id, station, temp,
                           LAG(temp) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY station ORDER BY ts) AS prev_temp
                    FROM %s""";
        };
        boolean eventTime = i % 5 == 2;
        return "-- @name: statement_" + i + "\n"
                + "CREATE STREAM out_" + i + " AS\n" + select.formatted(source) + "\nWITH (\n"
                + "    '" + source + ".type' = 'file_source',\n"
                + "    '" + source + ".path' = '" + dir + "/in_" + i + ".csv',\n"
                + "    '" + source + ".format' = 'csv',\n"
                + "    '" + source + ".columns' = 'id BIGINT, station STRING, temp DECIMAL(5,1), qty INTEGER, "
                + "price DECIMAL(8,2), ts TIMESTAMP(3)',\n"
                + (eventTime ? "    'event.time.field' = 'ts',\n    'watermark.max_out_of_orderness' = '5s',\n" : "")
                + "    'out_" + i + ".type' = 'file_sink',\n"
                + "    'out_" + i + ".path' = '" + dir + "/out_" + i + ".csv',\n"
                + "    'out_" + i + ".format' = 'csv'\n"
                + ");\n";
    }
}
