package dev.veloflink.functions.scalar;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSONPath subset of SPEC §15: {@code $}, {@code .name}, {@code ['name']}, {@code [n]} (0-based) and
 * {@code [*]}. No filters, no {@code ..}.
 */
public record JsonPath(List<Step> steps, boolean wildcard) implements Serializable {

    /** One path step: a field name, an array index, or every element. */
    public record Step(String field, int index, boolean all) implements Serializable {
    }

    /** @throws IllegalArgumentException for syntax outside the subset */
    public static JsonPath parse(String text) {
        String p = text.strip();
        if (p.isEmpty() || p.charAt(0) != '$') {
            throw new IllegalArgumentException("a JSON path starts with $");
        }
        List<Step> steps = new ArrayList<>();
        boolean wildcard = false;
        int i = 1;
        int n = p.length();
        while (i < n) {
            char c = p.charAt(i);
            if (c == '.') {
                if (i + 1 < n && p.charAt(i + 1) == '.') {
                    throw new IllegalArgumentException("'..' is not supported");
                }
                int start = ++i;
                while (i < n && p.charAt(i) != '.' && p.charAt(i) != '[') {
                    i++;
                }
                String name = p.substring(start, i);
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("empty field name");
                }
                if (name.equals("*")) {
                    throw new IllegalArgumentException("'.*' is not supported, use [*]");
                }
                steps.add(new Step(name, -1, false));
            } else if (c == '[') {
                int close;
                if (i + 1 < n && (p.charAt(i + 1) == '\'' || p.charAt(i + 1) == '"')) {
                    char quote = p.charAt(i + 1);
                    int end = p.indexOf(quote, i + 2);
                    if (end < 0 || end + 1 >= n || p.charAt(end + 1) != ']') {
                        throw new IllegalArgumentException("unterminated ['name']");
                    }
                    steps.add(new Step(p.substring(i + 2, end), -1, false));
                    close = end + 1;
                } else {
                    close = p.indexOf(']', i);
                    if (close < 0) {
                        throw new IllegalArgumentException("unterminated [");
                    }
                    String inside = p.substring(i + 1, close).strip();
                    if (inside.equals("*")) {
                        steps.add(new Step(null, -1, true));
                        wildcard = true;
                    } else if (!inside.isEmpty() && inside.chars().allMatch(Character::isDigit)) {
                        try {
                            steps.add(new Step(null, Integer.parseInt(inside), false));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("index too large");
                        }
                    } else {
                        throw new IllegalArgumentException("'[" + inside + "]' is not supported");
                    }
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "'");
            }
        }
        return new JsonPath(List.copyOf(steps), wildcard);
    }

    /** Every node the path selects, in document order. */
    public List<JsonNode> select(JsonNode root) {
        List<JsonNode> current = new ArrayList<>(1);
        current.add(root);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                if (step.all()) {
                    if (node.isArray()) {
                        node.forEach(next::add);
                    }
                } else if (step.field() != null) {
                    JsonNode child = node.isObject() ? node.get(step.field()) : null;
                    if (child != null) {
                        next.add(child);
                    }
                } else {
                    JsonNode child = node.isArray() ? node.get(step.index()) : null;
                    if (child != null) {
                        next.add(child);
                    }
                }
            }
            current = next;
            if (current.isEmpty()) {
                break;
            }
        }
        return current;
    }
}
