package dev.veloflink.cli;

import java.util.ArrayList;
import java.util.List;

/** Renders rows of text cells as an aligned table with a header, as the shell shows results. */
final class TextTable {
    private static final int MAX_WIDTH = 60;

    private TextTable() {
    }

    static List<String> render(List<String> columns, List<List<String>> rows) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.min(MAX_WIDTH, columns.get(i).length());
        }
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length && i < row.size(); i++) {
                widths[i] = Math.min(MAX_WIDTH, Math.max(widths[i], cell(row.get(i)).length()));
            }
        }
        List<String> lines = new ArrayList<>();
        String rule = rule(widths);
        lines.add(rule);
        lines.add(line(columns, widths));
        lines.add(rule);
        for (List<String> row : rows) {
            lines.add(line(row, widths));
        }
        lines.add(rule);
        return lines;
    }

    private static String cell(String value) {
        return value == null ? "NULL" : value.replace('\n', ' ');
    }

    private static String rule(int[] widths) {
        StringBuilder out = new StringBuilder("+");
        for (int width : widths) {
            out.append("-".repeat(width + 2)).append('+');
        }
        return out.toString();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder out = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
            String text = cell(i < cells.size() ? cells.get(i) : "");
            if (text.length() > widths[i]) {
                text = text.substring(0, widths[i] - 1) + "…";
            }
            out.append(' ').append(text).append(" ".repeat(widths[i] - text.length())).append(" |");
        }
        return out.toString();
    }
}
