package dev.veloflink.planner;

import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.ast.Annotation;
import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.functions.text.TextForms;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.bind.ExpressionBinder;
import dev.veloflink.planner.bind.RelationScope;
import dev.veloflink.planner.bind.Scope;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.metrics.MetricSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads a statement's {@code @metric} annotations (SPEC §14.2) and binds them to its output columns. */
final class MetricAnnotations {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final List<Double> DEFAULT_BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
            5.0, 10.0);

    private MetricAnnotations() {
    }

    static List<MetricSpec> bind(List<Annotation> annotations, String statementName, String jobName, Schema output,
                                 BindContext context, FunctionCatalog catalog) {
        List<MetricSpec> specs = new ArrayList<>();
        Draft draft = null;
        for (Annotation annotation : annotations) {
            String key = annotation.key().toLowerCase(Locale.ROOT);
            if (key.equals("metric")) {
                if (draft != null) {
                    specs.add(draft.bind(jobName, output, context, catalog));
                }
                if (!NAME.matcher(annotation.value()).matches()) {
                    throw context.error("E106", annotation, "invalid metric name '" + annotation.value() + "'",
                            "a name matching [a-zA-Z_:][a-zA-Z0-9_:]*", null);
                }
                draft = new Draft(annotation);
            } else if (key.startsWith("metric_")) {
                if (draft == null) {
                    throw context.error("E106", annotation, "@" + key + " comes before any @metric",
                            "@metric: name first", "start the definition with @metric: <name>");
                }
                draft.set(key, annotation);
            }
        }
        if (draft != null) {
            specs.add(draft.bind(jobName, output, context, catalog));
        }
        return specs;
    }

    /** The lines of one declaration, collected before binding. */
    private static final class Draft {
        private final Annotation start;
        private final Map<String, Annotation> parts = new java.util.LinkedHashMap<>();

        Draft(Annotation start) {
            this.start = start;
        }

        void set(String key, Annotation annotation) {
            parts.put(key, annotation);
        }

        private String value(String key, String otherwise) {
            Annotation a = parts.get(key);
            return a == null ? otherwise : a.value();
        }

        MetricSpec bind(String jobName, Schema output, BindContext context, FunctionCatalog catalog) {
            String name = start.value();
            String typeText = value("metric_type", "counter").toLowerCase(Locale.ROOT);
            MetricSpec.Kind kind = switch (typeText) {
                case "counter" -> MetricSpec.Kind.COUNTER;
                case "gauge" -> MetricSpec.Kind.GAUGE;
                case "histogram" -> MetricSpec.Kind.HISTOGRAM;
                default -> throw context.error("E106", parts.get("metric_type"), "invalid @metric_type '"
                        + typeText + "'", "counter, gauge or histogram", null);
            };
            String help = value("metric_help", typeText + " declared on " + jobName);
            List<String> labelNames = new ArrayList<>();
            List<Integer> labelColumns = new ArrayList<>();
            List<MetricSpec.LabelFormatter> formatters = new ArrayList<>();
            String labels = value("metric_labels", "");
            for (String label : labels.split(",")) {
                String trimmed = label.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int index = output.indexOf(trimmed);
                if (index < 0) {
                    throw context.error("E201", parts.get("metric_labels"), "@metric_labels: unknown column '"
                            + trimmed + "'", "an output column (" + String.join(", ", output.names()) + ")", null);
                }
                labelNames.add(trimmed);
                labelColumns.add(index);
                VeloType type = output.column(index).type();
                formatters.add(value -> value == null ? "" : TextForms.format(value, type));
            }
            int field = -1;
            Annotation fieldLine = parts.get("metric_field");
            if (kind == MetricSpec.Kind.COUNTER && fieldLine != null) {
                throw context.error("E106", fieldLine, "a counter takes no @metric_field", "no @metric_field",
                        "use a gauge or a histogram to observe a value");
            }
            if (kind != MetricSpec.Kind.COUNTER) {
                if (fieldLine == null) {
                    throw context.error("E106", start, "a " + typeText + " needs @metric_field",
                            "@metric_field: <numeric output column>", null);
                }
                field = output.indexOf(fieldLine.value().trim());
                // A STRING column counts as CAST(x AS DOUBLE) would (SPEC §5.3), so applications written for the
                // original engine, whose config files often declare numbers as strings, keep their metrics.
                if (field < 0 || !(output.column(field).type().isNumeric()
                        || output.column(field).type() instanceof VeloType.StringType)) {
                    throw context.error("E201", fieldLine, "@metric_field: '" + fieldLine.value()
                            + "' is not a numeric or STRING output column", "a numeric output column", null);
                }
            }
            List<Double> buckets = DEFAULT_BUCKETS;
            Annotation bucketLine = parts.get("metric_buckets");
            if (bucketLine != null) {
                try {
                    buckets = Arrays.stream(bucketLine.value().replace("[", "").replace("]", "").split(","))
                            .map(String::trim).filter(s -> !s.isEmpty()).map(Double::valueOf).toList();
                } catch (NumberFormatException e) {
                    throw context.error("E106", bucketLine, "invalid @metric_buckets", "ascending numbers", null);
                }
            }
            double rate = Double.parseDouble(value("metric_sample_rate", "1"));
            RowExpr condition = null;
            Annotation conditionLine = parts.get("metric_condition");
            if (conditionLine != null) {
                Expr expr = VeloParser.parseExpression(context.file(), conditionLine.value(),
                        conditionLine.range().startLine(), conditionLine.range().startColumn());
                Scope scope = Scope.of(List.of(new RelationScope(jobName, jobName, output, 0, output.size())));
                condition = new ExpressionBinder(context, catalog, scope, Map.of())
                        .bindPredicate(expr, "@metric_condition").evaluator();
            }
            return new MetricSpec(name, kind, help, labelNames, labelColumns, field, condition, buckets, rate,
                    formatters);
        }
    }
}
