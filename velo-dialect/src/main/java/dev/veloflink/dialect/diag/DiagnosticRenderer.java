package dev.veloflink.dialect.diag;

import dev.veloflink.dialect.ast.SourceRange;

/**
 * Renders a diagnostic in the form of SPEC §16.1:
 * <pre>
 * error[E201]: unknown column 'amout'
 *  --> apps/orders.sql:14:10
 *    |
 * 14 |   SELECT amout * 2 AS doubled
 *    |          ^^^^^
 *    = expected: a column of orders (order_id, customer, amount, status)
 *    = hint: did you mean 'amount'?
 * </pre>
 * Carets stay on one line: a range spanning lines is underlined to the end of its first line.
 */
public final class DiagnosticRenderer {
    private DiagnosticRenderer() {
    }

    /** {@code fileText} is the text of {@code d.file()} (the .sql or YAML file); null renders no excerpt. */
    public static String render(Diagnostic d, String fileText) {
        SourceRange r = d.range();
        StringBuilder out = new StringBuilder();
        out.append(d.isError() ? "error" : "warning").append('[').append(d.code()).append("]: ")
                .append(d.message()).append('\n');
        String file = d.file() == null ? "<input>" : d.file().toString();
        out.append(" --> ").append(file);
        if (r != null && r.startLine() > 0) {
            out.append(':').append(r.startLine()).append(':').append(r.startColumn());
        }
        out.append('\n');
        String line = r == null || r.startLine() <= 0 || fileText == null ? null : line(fileText, r.startLine());
        String number = line == null ? "" : Integer.toString(r.startLine());
        String gutter = " ".repeat(number.length() + 1);
        if (line != null) {
            out.append(gutter).append("|\n");
            out.append(number).append(" | ").append(line).append('\n');
            out.append(gutter).append("| ").append(carets(line, r)).append('\n');
        }
        d.expected().ifPresent(e -> out.append(gutter).append("= expected: ").append(e).append('\n'));
        d.hint().ifPresent(h -> out.append(gutter).append("= hint: ").append(h).append('\n'));
        return out.toString();
    }

    private static String line(String text, int lineNumber) {
        int start = 0;
        for (int n = 1; n < lineNumber; n++) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                return null;
            }
            start = nl + 1;
        }
        int end = text.indexOf('\n', start);
        String line = end < 0 ? text.substring(start) : text.substring(start, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** Spaces (tabs kept, so the carets line up) to the start column, then at least one caret. */
    private static String carets(String line, SourceRange r) {
        StringBuilder sb = new StringBuilder();
        int[] cps = line.codePoints().toArray();
        int startIndex = r.startColumn() - 1;
        for (int i = 0; i < startIndex; i++) {
            sb.append(i < cps.length && cps[i] == '\t' ? '\t' : ' ');
        }
        int endColumn = r.endLine() == r.startLine() ? r.endColumn() : cps.length;
        int count = Math.max(1, endColumn - r.startColumn() + 1);
        sb.append("^".repeat(count));
        return sb.toString();
    }
}
