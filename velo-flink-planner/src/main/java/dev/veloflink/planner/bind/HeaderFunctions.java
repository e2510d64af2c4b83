package dev.veloflink.planner.bind;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.text.TextForms;
import dev.veloflink.runtime.RowExpr;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The header functions of SPEC §15 for one query: HEADER(k), HAS_HEADER(k) and HEADER_KEYS() read the FROM
 * relation's {@code _headers} slot (NULL / FALSE / empty for inputs without headers); SET_HEADER(k, v) and
 * REMOVE_HEADER(k) are recorded, in binding order (select-item order), as edits of the output headers, which
 * {@link #outputHeaders()} applies to the input headers the query carries to its sink.
 */
public final class HeaderFunctions {
    public static final String COLUMN = "_headers";
    private static final Set<String> NAMES = Set.of("header", "has_header", "header_keys", "set_header",
            "remove_header");

    /** The input row's headers slot, or -1 when the FROM relation has no headers (not Kafka). */
    private final int slot;
    private final List<Edit> edits = new ArrayList<>();

    HeaderFunctions(int slot) {
        this.slot = slot;
    }

    /** The headers slot of a scope: the FROM relation's (its first relation's, SPEC §8), or -1. */
    static int slotOf(Scope scope) {
        if (scope.relations().isEmpty()) {
            return -1;
        }
        RelationScope from = scope.relations().get(0);
        Optional<Integer> local = from.localIndex(COLUMN);
        return local.map(i -> from.offset() + i).orElse(-1);
    }

    public static boolean handles(String lowerName) {
        return NAMES.contains(lowerName);
    }

    /** Whether the query has SET_HEADER or REMOVE_HEADER calls. */
    public boolean edits() {
        return !edits.isEmpty();
    }

    /** Whether the query's input has headers at all. */
    public boolean present() {
        return slot >= 0;
    }

    /**
     * Binds a call; {@code args} are already bound and their count and types checked by the caller through
     * {@link #expectedArgs(String)}.
     */
    BoundExpr bind(String lowerName, List<BoundExpr> args) {
        int headers = slot;
        return switch (lowerName) {
            case "header" -> {
                RowExpr key = args.get(0).eval();
                yield BoundExpr.of(Types.STRING, (row, ctx) -> {
                    Map<?, ?> map = read(row, headers);
                    Object k = key.eval(row, ctx);
                    return map == null || k == null ? null : map.get(k);
                });
            }
            case "has_header" -> {
                RowExpr key = args.get(0).eval();
                yield BoundExpr.of(Types.BOOLEAN, (row, ctx) -> {
                    Map<?, ?> map = read(row, headers);
                    Object k = key.eval(row, ctx);
                    return k == null ? null : map != null && map.containsKey(k);
                });
            }
            case "header_keys" -> BoundExpr.of(new VeloType.ArrayType(Types.STRING), (row, ctx) -> {
                Map<?, ?> map = read(row, headers);
                if (map == null) {
                    return List.of();
                }
                // Sorted: header order does not survive Flink's map serializer, so give it a stable one.
                List<String> keys = new ArrayList<>();
                map.keySet().forEach(k -> keys.add((String) k));
                keys.sort(null);
                return keys;
            });
            case "set_header" -> {
                RowExpr key = args.get(0).eval();
                RowExpr value = args.get(1).eval();
                VeloType type = args.get(1).type();
                Edit edit = new Edit(key, value, type);
                edits.add(edit);
                yield BoundExpr.of(Types.STRING, (row, ctx) -> edit.text(row, ctx));
            }
            case "remove_header" -> {
                RowExpr key = args.get(0).eval();
                List<Edit> before = List.copyOf(edits);
                edits.add(new Edit(key, null, null));
                // Its previous value: the output header after the edits of earlier items.
                yield BoundExpr.of(Types.STRING, (row, ctx) -> {
                    Object k = key.eval(row, ctx);
                    return k == null ? null : apply(read(row, headers), before, row, ctx).get(k);
                });
            }
            default -> throw new IllegalArgumentException(lowerName);
        };
    }

    /** How many arguments a header function takes. */
    static int expectedArgs(String lowerName) {
        return switch (lowerName) {
            case "header_keys" -> 0;
            case "set_header" -> 2;
            default -> 1;
        };
    }

    /** The output headers of a row: the input's, with this query's SET_HEADER and REMOVE_HEADER applied. */
    public RowExpr outputHeaders() {
        int headers = slot;
        if (edits.isEmpty()) {
            return (row, ctx) -> headers < 0 ? null : row.getField(headers);
        }
        List<Edit> all = List.copyOf(edits);
        return (row, ctx) -> {
            Map<String, String> result = apply(read(row, headers), all, row, ctx);
            return result.isEmpty() ? null : result;
        };
    }

    private static Map<?, ?> read(org.apache.flink.types.Row row, int slot) {
        return slot < 0 ? null : (Map<?, ?>) row.getField(slot);
    }

    /** A copy of {@code input} with {@code edits} applied; values are never mutated in place (object reuse). */
    private static Map<String, String> apply(Map<?, ?> input, List<Edit> edits, org.apache.flink.types.Row row,
                                             dev.veloflink.functions.FunctionContext ctx) {
        Map<String, String> result = new LinkedHashMap<>();
        if (input != null) {
            input.forEach((k, v) -> result.put((String) k, (String) v));
        }
        for (Edit edit : edits) {
            Object key = edit.key().eval(row, ctx);
            if (key == null) {
                continue;
            }
            if (edit.value() == null) {
                result.remove(key);
            } else {
                result.put((String) key, edit.text(row, ctx));
            }
        }
        return result;
    }

    /** SET_HEADER (value present) or REMOVE_HEADER (value null). */
    private record Edit(RowExpr key, RowExpr value, VeloType type) implements Serializable {
        String text(org.apache.flink.types.Row row, dev.veloflink.functions.FunctionContext ctx) {
            return TextForms.format(value.eval(row, ctx), type);
        }
    }

    static String displayName(String lowerName) {
        return lowerName.toUpperCase(Locale.ROOT);
    }
}
