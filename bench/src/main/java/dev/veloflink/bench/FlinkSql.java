package dev.veloflink.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A scenario's third side: the same query written in stock Flink SQL, run through the Table API on a
 * StreamTableEnvironment (streaming mode) with Flink's filesystem connector, or the reason Flink SQL cannot express
 * it here. The harness builds the sink table from {@link Expressed#sink} and {@link Expressed#form}, so every side
 * writes where the harness can read it back and compare.
 */
public sealed interface FlinkSql {

    /** The Flink SQL side of a scenario whose query Flink SQL can express. */
    record Expressed(List<String> sourceTables, String query, List<Column> sink, OutputForm form,
                     List<HeaderlessCopy> copies, java.util.Map<String, String> sinkConnector) implements FlinkSql {
        public Expressed {
            sourceTables = List.copyOf(sourceTables);
            sink = List.copyOf(sink);
            copies = List.copyOf(copies);
            sinkConnector = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sinkConnector));
        }

        /** Writing a folder of part files through Flink's filesystem connector. */
        public Expressed(List<String> sourceTables, String query, List<Column> sink, OutputForm form,
                         List<HeaderlessCopy> copies) {
            this(sourceTables, query, sink, form, copies, java.util.Map.of());
        }

        /**
         * Whether the sink is the filesystem connector writing a folder of part files; otherwise it is
         * {@link #sinkConnector}'s (a Kafka topic), whose rows the scenario's {@link Scenario#afterRun} copies into the
         * side's output file, as it does for the other sides.
         */
        public boolean writesFolder() {
            return sinkConnector.isEmpty();
        }

        /** The sink's column names, in order: what velo writes as its CSV header. */
        public List<String> sinkNames() {
            return sink.stream().map(Column::name).toList();
        }

        /** Every statement of the job: the sources, the sink (a folder: {@code outputDir}), then the INSERT. */
        public List<String> statements(Path outputDir) {
            String sinkTable = "CREATE TABLE " + SINK + " (\n  "
                    + sink.stream().map(c -> "`" + c.name() + "` " + c.type()).collect(Collectors.joining(",\n  "))
                    + "\n) WITH (\n  " + (writesFolder()
                    ? "'connector' = 'filesystem',\n  'path' = '" + literal(outputDir) + "',\n  'format' = '"
                            + form.format() + "'"
                    : options(sinkConnector)) + "\n)";
            List<String> all = new java.util.ArrayList<>(sourceTables);
            all.add(sinkTable);
            all.add("INSERT INTO " + SINK + "\n" + query);
            return all;
        }
    }

    /** A scenario Flink SQL cannot run here, and why: a reason in the report, not a silent gap. */
    record NotExpressed(String reason) implements FlinkSql {
    }

    /** The sink table's name in every Flink SQL job, and the name of the side's output (folder, file or topic). */
    String SINK = "flinksql_out";

    /** One column of the sink table: its name (as velo's output names it) and its Flink SQL type. */
    record Column(String name, String type) {
    }

    /**
     * How the Flink SQL side writes its rows, and so how the harness reads them back. An aggregation without a
     * window is an updating query in Flink SQL's streaming mode; the filesystem sink takes updates only in a changelog
     * format, so those queries write debezium-json and the check reads the changelog back into rows.
     */
    enum OutputForm {
        /** Flink's csv format: no header line, RFC 4180 quoting, numbers as BigDecimal.toString prints them. */
        CSV("csv"),
        /** Flink's json format: one object per line, the sink's column names as keys. */
        JSON_LINES("json"),
        /**
         * A changelog (debezium-json) whose rows after each change are the output: velo's EMIT CHANGES writes one
         * row per change, which is the changelog's inserts and update-afters ({@code "op":"c"}).
         */
        CHANGELOG_CHANGES("debezium-json"),
        /**
         * A changelog whose final state is the output: velo's EMIT FINAL writes one row per group at the end of a
         * bounded input, which is what remains once the changelog's retractions ({@code "op":"d"}) cancel their rows.
         */
        CHANGELOG_FINAL("debezium-json");

        private final String format;

        OutputForm(String format) {
            this.format = format;
        }

        public String format() {
            return format;
        }
    }

    /**
     * Flink 2.2's csv format cannot skip a header line, so the Flink SQL side reads a copy of a CSV input without its
     * first line, made once before any run and not timed.
     */
    record HeaderlessCopy(Path original, Path copy) {
        /** The copy's place: a {@code flinksql} folder beside the original, the same file name. */
        public static HeaderlessCopy of(Path original) {
            return new HeaderlessCopy(original, original.toAbsolutePath().getParent().resolve("flinksql")
                    .resolve(original.getFileName()));
        }
    }

    /**
     * The columns of a column list such as {@code "id BIGINT, amount DECIMAL(8,2)"} (velo's {@code columns} key and
     * Flink SQL's column list share this form), split at the commas outside parentheses.
     */
    static List<Column> columns(String list) {
        List<Column> columns = new java.util.ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= list.length(); i++) {
            char c = i < list.length() ? list.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String column = list.substring(start, i).trim();
                int space = column.indexOf(' ');
                if (space < 0) {
                    throw new IllegalArgumentException("a column without a type: '" + column + "' in " + list);
                }
                columns.add(new Column(column.substring(0, space), column.substring(space + 1).trim()));
                start = i + 1;
            }
        }
        return columns;
    }

    /** {@code 'key' = 'value'} pairs of a WITH clause, one a line. */
    static String options(java.util.Map<String, String> options) {
        return options.entrySet().stream()
                .map(e -> "'" + e.getKey() + "' = '" + e.getValue().replace("'", "''") + "'")
                .collect(Collectors.joining(",\n  "));
    }

    /** A path as a Flink SQL string literal's body. */
    static String literal(Path path) {
        return path.toAbsolutePath().toString().replace("'", "''");
    }

    /**
     * {@code CREATE TABLE name (columns) WITH ('connector' = 'filesystem', 'path' = file, 'format' = format, options)}:
     * {@code columns} is Flink SQL's column list, computed columns and a WATERMARK included.
     */
    static String fileTable(String name, String columns, Path file, String format, String... options) {
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(name).append(" (\n  ").append(columns)
                .append("\n) WITH (\n  'connector' = 'filesystem',\n  'path' = '").append(literal(file))
                .append("',\n  'format' = '").append(format).append('\'');
        for (int i = 0; i + 1 < options.length; i += 2) {
            ddl.append(",\n  '").append(options[i]).append("' = '").append(options[i + 1]).append('\'');
        }
        return ddl.append("\n)").toString();
    }
}
