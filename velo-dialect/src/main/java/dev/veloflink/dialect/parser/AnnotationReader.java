package dev.veloflink.dialect.parser;

import dev.veloflink.dialect.diag.EditDistance;

import dev.veloflink.dialect.ast.Annotation;
import dev.veloflink.dialect.ast.SourceRange;
import dev.veloflink.dialect.diag.Diagnostic;
import org.antlr.v4.runtime.Token;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the annotation lines of a file (SPEC §1.3, §14): the header block, file-scoped keys, attachment to the
 * statement whose terminator follows, E106 for invalid values and W105 for unknown or unattached ones.
 */
final class AnnotationReader {
    private static final Pattern ANNOTATION = Pattern.compile("--\\s*@([A-Za-z_][A-Za-z0-9_.]*)\\s*:\\s*(.*)",
            Pattern.DOTALL);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> FILE_KEYS = Set.of("app", "version", "job_mode", "batch_size",
            "max.parallel.loads");
    private static final Set<String> STATEMENT_KEYS = Set.of("name", "description", "metric", "metric_type",
            "metric_help", "metric_labels", "metric_field", "metric_buckets", "metric_condition",
            "metric_sample_rate");
    private static final Set<String> ALL_KEYS;

    static {
        Set<String> all = new HashSet<>(FILE_KEYS);
        all.addAll(STATEMENT_KEYS);
        ALL_KEYS = Set.copyOf(all);
    }

    private final Path file;
    private final SourceText source;
    private final List<Annotation> fileAnnotations = new ArrayList<>();
    private final Map<Integer, List<Annotation>> byChunk = new HashMap<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    AnnotationReader(Path file, SourceText source, List<Token> all, List<Token> comments,
                     List<FileParser.Chunk> chunks) {
        this.file = file;
        this.source = source;
        List<Token> lines = annotationLineCandidates(all);
        int headerEndLine = headerEndLine(all);
        Set<String> seenFileKeys = new HashSet<>();
        int chunkIndex = 0;
        for (Token comment : lines) {
            Matcher m = ANNOTATION.matcher(comment.getText());
            if (!m.matches()) {
                continue;
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            String rawValue = m.group(2);
            String value = rawValue.trim();
            int valueStartChar = m.start(2) + (rawValue.length() - rawValue.stripLeading().length());
            int valueStartCp = comment.getStartIndex()
                    + comment.getText().codePointCount(0, valueStartChar);
            int valueEndCp = valueStartCp + value.codePointCount(0, value.length());
            SourceRange range = source.range(comment);
            SourceRange valueRange = source.range(valueStartCp, valueEndCp);
            Annotation annotation = new Annotation(range, key, value, valueRange);
            boolean inHeader = comment.getLine() <= headerEndLine;
            if (!ALL_KEYS.contains(key)) {
                diagnostics.add(Diagnostic.warning("W105", "unknown annotation @" + m.group(1), file, range,
                        "one of @" + String.join(", @", sorted(ALL_KEYS)), nearest(key)));
                continue;
            }
            if (FILE_KEYS.contains(key) || (key.equals("description") && inHeader)) {
                if (!seenFileKeys.add(key)) {
                    diagnostics.add(Diagnostic.error("E106", "@" + key + " is given more than once", file, range,
                            "@" + key + " at most once per file (§1.3)", "remove one of them"));
                    continue;
                }
                checkFileValue(annotation);
                fileAnnotations.add(annotation);
                continue;
            }
            while (chunkIndex < chunks.size() && chunks.get(chunkIndex).endCp() <= comment.getStartIndex()) {
                chunkIndex++;
            }
            if (chunkIndex >= chunks.size()) {
                diagnostics.add(Diagnostic.warning("W105", "annotation @" + key + " is not followed by a statement",
                        file, range, null, "move it above the statement it describes"));
                continue;
            }
            byChunk.computeIfAbsent(chunkIndex, i -> new ArrayList<>()).add(annotation);
        }
        for (Map.Entry<Integer, List<Annotation>> e : byChunk.entrySet()) {
            if (chunks.get(e.getKey()).error() == null) {
                checkStatementAnnotations(e.getValue());
            }
        }
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    private static String nearest(String key) {
        String best = null;
        int bestDistance = 3;
        for (String k : ALL_KEYS) {
            int d = EditDistance.between(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? null : "did you mean @" + best + "?";
    }

    /** Line comments that are the only content of their line (§1.3). */
    private List<Token> annotationLineCandidates(List<Token> all) {
        List<Token> result = new ArrayList<>();
        int lastEndLine = 0;
        for (Token t : all) {
            if (t.getType() == VeloSqlLexer.LINE_COMMENT && t.getLine() > lastEndLine) {
                result.add(t);
            }
            lastEndLine = source.line(Math.max(t.getStartIndex(), t.getStopIndex()));
        }
        return result;
    }

    /**
     * The last line of the header: the file's first block of consecutive comment lines, when a blank line ends it
     * before the first statement (§1.3); 0 when there is no header.
     */
    private int headerEndLine(List<Token> all) {
        if (all.isEmpty() || all.get(0).getType() != VeloSqlLexer.LINE_COMMENT) {
            return 0;
        }
        int lastLine = all.get(0).getLine();
        int i = 1;
        while (i < all.size() && all.get(i).getType() == VeloSqlLexer.LINE_COMMENT
                && all.get(i).getLine() == lastLine + 1) {
            lastLine++;
            i++;
        }
        if (i == all.size() || all.get(i).getLine() >= lastLine + 2) {
            return lastLine;
        }
        return 0;
    }

    private void checkFileValue(Annotation a) {
        switch (a.key()) {
            case "job_mode" -> {
                String mode = a.value().toLowerCase(Locale.ROOT);
                if (mode.equals("adaptive")) {
                    diagnostics.add(Diagnostic.warning("W105", "@job_mode adaptive is ignored", file, a.valueRange(),
                            "simple or transactional", "set 'parallelism' instead"));
                } else if (!mode.equals("simple") && !mode.equals("transactional")) {
                    diagnostics.add(Diagnostic.error("E106", "invalid @job_mode '" + a.value() + "'", file,
                            a.valueRange(), "simple, transactional or adaptive (§14.1)", null));
                }
            }
            case "batch_size", "max.parallel.loads" -> {
                if (!a.value().matches("[1-9][0-9]{0,8}")) {
                    diagnostics.add(Diagnostic.error("E106", "invalid @" + a.key() + " '" + a.value() + "'", file,
                            a.valueRange(), "a positive integer (§14.1)", null));
                }
            }
            default -> {
            }
        }
    }

    /** @name syntax and the @metric block rules of §14.2. */
    private void checkStatementAnnotations(List<Annotation> annotations) {
        String metricType = null;
        boolean inMetric = false;
        Annotation metricField = null;
        Annotation metric = null;
        for (Annotation a : annotations) {
            if (a.key().equals("name") && !IDENTIFIER.matcher(a.value()).matches()) {
                diagnostics.add(Diagnostic.error("E106", "invalid @name '" + a.value() + "'", file, a.valueRange(),
                        "an identifier: [A-Za-z_][A-Za-z0-9_]* (§1.4)", "use letters, digits and '_' only"));
            } else if (a.key().equals("metric")) {
                finishMetric(metric, metricType, metricField);
                metric = a;
                inMetric = true;
                metricType = "counter";
                metricField = null;
                if (!METRIC_NAME.matcher(a.value()).matches()) {
                    diagnostics.add(Diagnostic.error("E106", "invalid metric name '" + a.value() + "'", file,
                            a.valueRange(), "[a-zA-Z_:][a-zA-Z0-9_:]* (§14.2)", null));
                }
            } else if (a.key().startsWith("metric_")) {
                if (!inMetric) {
                    diagnostics.add(Diagnostic.error("E106", "@" + a.key() + " before any @metric", file, a.range(),
                            "@metric: name first (§14.2)", "add a @metric line above it"));
                    continue;
                }
                if (a.key().equals("metric_type")) {
                    metricType = a.value().toLowerCase(Locale.ROOT);
                    if (!Set.of("counter", "gauge", "histogram").contains(metricType)) {
                        diagnostics.add(Diagnostic.error("E106", "invalid @metric_type '" + a.value() + "'", file,
                                a.valueRange(), "counter, gauge or histogram (§14.2)", null));
                        metricType = "counter";
                    }
                } else if (a.key().equals("metric_field")) {
                    metricField = a;
                } else if (a.key().equals("metric_sample_rate")) {
                    checkSampleRate(a);
                }
            }
        }
        finishMetric(metric, metricType, metricField);
    }

    private void checkSampleRate(Annotation a) {
        double rate;
        try {
            rate = Double.parseDouble(a.value());
        } catch (NumberFormatException e) {
            rate = -1;
        }
        if (!(rate > 0 && rate <= 1)) {
            diagnostics.add(Diagnostic.error("E106", "invalid @metric_sample_rate '" + a.value() + "'", file,
                    a.valueRange(), "a number r with 0 < r <= 1 (§14.2)", null));
        }
    }

    private void finishMetric(Annotation metric, String type, Annotation field) {
        if (metric == null) {
            return;
        }
        if (type.equals("counter") && field != null) {
            diagnostics.add(Diagnostic.error("E106", "@metric_field is not allowed for a counter", file, field.range(),
                    "no @metric_field for a counter (§14.2)", "use @metric_type: gauge or histogram"));
        } else if (!type.equals("counter") && field == null) {
            diagnostics.add(Diagnostic.error("E106", "@metric " + metric.value() + " of type " + type
                    + " needs @metric_field", file, metric.range(), "@metric_field: a numeric output column (§14.2)",
                    null));
        }
    }

    List<Annotation> fileAnnotations() {
        return fileAnnotations;
    }

    List<Annotation> forChunk(int index) {
        return byChunk.getOrDefault(index, List.of());
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
