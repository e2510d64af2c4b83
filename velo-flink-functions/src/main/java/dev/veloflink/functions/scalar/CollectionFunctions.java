package dev.veloflink.functions.scalar;

import static dev.veloflink.functions.scalar.Impls.strict;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.BindingException;
import dev.veloflink.functions.RowErrorException;
import dev.veloflink.functions.ops.BinaryImpl;
import dev.veloflink.functions.ops.BinaryOperatorKind;
import dev.veloflink.functions.ops.BoundOperator;
import dev.veloflink.functions.ops.Coercions;
import dev.veloflink.functions.ops.Operators;
import dev.veloflink.functions.ops.TypeRules;
import dev.veloflink.functions.ops.UnaryImpl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.Row;

/** Collection functions of SPEC §15, plus the subscript and field access operators. */
public final class CollectionFunctions {
    private CollectionFunctions() {
    }

    static void register(FunctionRegistry r) {
        r.scalar("ARRAY", "ARRAY(a, ...) -> ARRAY<common type>", a -> {
            VeloType common = a.size() == 0 ? Types.STRING : TypeRules.commonType(a.types);
            VeloType element = common instanceof VeloType.NullType ? Types.STRING : common;
            UnaryImpl[] coerce = coercions(a, element);
            return new BoundScalar(new VeloType.ArrayType(element), (v, c) -> {
                List<Object> out = new ArrayList<>(v.length);
                for (int i = 0; i < v.length; i++) {
                    out.add(coerce[i].apply(v[i], c));
                }
                return Collections.unmodifiableList(out);
            });
        });
        r.scalar("MAP", "MAP(k1, v1, ...) -> MAP<K,V>", a -> {
            if (a.size() == 0 || a.size() % 2 != 0) {
                throw new BindingException("MAP takes key/value pairs, not " + a.size() + " arguments",
                        "an even number of arguments");
            }
            List<VeloType> keys = new ArrayList<>();
            List<VeloType> values = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                (i % 2 == 0 ? keys : values).add(a.type(i));
            }
            VeloType k = nonNull(TypeRules.commonType(keys));
            VeloType val = nonNull(TypeRules.commonType(values));
            UnaryImpl[] coerce = new UnaryImpl[a.size()];
            for (int i = 0; i < a.size(); i++) {
                coerce[i] = Coercions.coercion(a.type(i), i % 2 == 0 ? k : val);
            }
            return new BoundScalar(new VeloType.MapType(k, val), (v, c) -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < v.length; i += 2) {
                    if (v[i] == null) {
                        throw new RowErrorException("eval_error", "MAP key " + (i / 2 + 1) + " is NULL");
                    }
                    out.put(coerce[i].apply(v[i], c), coerce[i + 1].apply(v[i + 1], c));
                }
                return Collections.unmodifiableMap(out);
            });
        });
        r.scalar("STRUCT", "STRUCT('name1', v1, ...) -> STRUCT<name1 T1, ...>", a -> {
            if (a.size() == 0 || a.size() % 2 != 0) {
                throw new BindingException("STRUCT takes name/value pairs, not " + a.size() + " arguments",
                        "an even number of arguments");
            }
            List<Column> fields = new ArrayList<>();
            for (int i = 0; i < a.size(); i += 2) {
                Object name = a.requireLiteral(i, "field name");
                if (!(name instanceof String)) {
                    throw a.wrongType(i, "a literal field name");
                }
                fields.add(new Column((String) name, nonNull(a.type(i + 1))));
            }
            int n = fields.size();
            return new BoundScalar(new VeloType.StructType(fields), (v, c) -> {
                Row row = new Row(n);
                for (int i = 0; i < n; i++) {
                    row.setField(i, v[2 * i + 1]);
                }
                return row;
            });
        });
        r.scalar("ARRAY_LENGTH", "ARRAY_LENGTH(a) -> INTEGER", a -> {
            a.count(1);
            array(a, 0);
            return new BoundScalar(Types.INTEGER, strict((v, c) -> ((List<?>) v[0]).size()));
        }, "CARDINALITY");
        r.scalar("ARRAY_CONTAINS", "ARRAY_CONTAINS(a, v) -> BOOLEAN", a -> {
            a.count(2);
            VeloType element = array(a, 0);
            BinaryImpl eq = Operators.bindComparison(BinaryOperatorKind.EQ, element, a.type(1)).impl();
            return new BoundScalar(Types.BOOLEAN, strict((v, c) -> {
                for (Object e : (List<?>) v[0]) {
                    if (e != null && Boolean.TRUE.equals(eq.apply(e, v[1], c))) {
                        return true;
                    }
                }
                return false;
            }));
        });
        r.scalar("MAP_KEYS", "MAP_KEYS(m) -> ARRAY<K>", a -> {
            a.count(1);
            VeloType.MapType m = map(a, 0);
            return new BoundScalar(new VeloType.ArrayType(m.keyType()), strict((v, c) ->
                    Collections.unmodifiableList(new ArrayList<>(((Map<?, ?>) v[0]).keySet()))));
        });
        r.scalar("MAP_VALUES", "MAP_VALUES(m) -> ARRAY<V>", a -> {
            a.count(1);
            VeloType.MapType m = map(a, 0);
            return new BoundScalar(new VeloType.ArrayType(m.valueType()), strict((v, c) ->
                    Collections.unmodifiableList(new ArrayList<>(((Map<?, ?>) v[0]).values()))));
        });
        r.scalar("STRING_TO_ARRAY", "STRING_TO_ARRAY(s, delim) -> ARRAY<STRING>", a -> {
            a.count(2).string(0).string(1);
            return new BoundScalar(new VeloType.ArrayType(Types.STRING),
                    strict((v, c) -> split((String) v[0], (String) v[1])));
        }, "SPLIT");
    }

    private static VeloType nonNull(VeloType t) {
        return t instanceof VeloType.NullType ? Types.STRING : t;
    }

    private static UnaryImpl[] coercions(Args a, VeloType to) {
        UnaryImpl[] coerce = new UnaryImpl[a.size()];
        for (int i = 0; i < coerce.length; i++) {
            coerce[i] = Coercions.coercion(a.type(i), to);
        }
        return coerce;
    }

    private static VeloType array(Args a, int i) {
        if (a.type(i) instanceof VeloType.ArrayType at) {
            return at.elementType();
        }
        if (a.isNull(i)) {
            return Types.NULL;
        }
        throw a.wrongType(i, "an ARRAY");
    }

    private static VeloType.MapType map(Args a, int i) {
        if (a.type(i) instanceof VeloType.MapType mt) {
            return mt;
        }
        throw a.wrongType(i, "a MAP");
    }

    static List<String> split(String s, String delim) {
        List<String> parts = new ArrayList<>();
        if (s.isEmpty()) {
            return List.of();
        }
        if (delim.isEmpty()) {
            return List.of(s);
        }
        int start = 0;
        while (true) {
            int end = s.indexOf(delim, start);
            if (end < 0) {
                parts.add(s.substring(start));
                return Collections.unmodifiableList(parts);
            }
            parts.add(s.substring(start, end));
            start = end + delim.length();
        }
    }

    // ------------------------------------------------------------------ a[i], m[k], s.name

    /** {@code a[i]} (1-based, missing is NULL) or {@code m[k]}; NULL container or index gives NULL. */
    public static BoundOperator bindSubscript(VeloType container, VeloType index) {
        if (container instanceof VeloType.ArrayType at) {
            if (!index.isIntegral() && !(index instanceof VeloType.NullType)) {
                throw new BindingException("an ARRAY index must be INTEGER or BIGINT, not " + index.sqlName(),
                        "INTEGER");
            }
            return new BoundOperator(at.elementType(), (l, r, c) -> {
                if (l == null || r == null) {
                    return null;
                }
                List<?> list = (List<?>) l;
                long i = ((Number) r).longValue();
                return i < 1 || i > list.size() ? null : list.get((int) i - 1);
            });
        }
        if (container instanceof VeloType.MapType mt) {
            VeloType common = TypeRules.commonType(mt.keyType(), index);
            UnaryImpl toKey = Coercions.coercion(index, mt.keyType().equals(common) ? mt.keyType() : common);
            return new BoundOperator(mt.valueType(), (l, r, c) -> l == null || r == null ? null
                    : ((Map<?, ?>) l).get(toKey.apply(r, c)));
        }
        throw new BindingException(container.sqlName() + " cannot be subscripted", "an ARRAY or MAP");
    }

    /** {@code s.name} (case-insensitive); the implementation takes args {@code [s]}. */
    public static BoundScalar bindField(VeloType struct, String name) {
        if (!(struct instanceof VeloType.StructType st)) {
            throw new BindingException(struct.sqlName() + " has no fields", "a STRUCT");
        }
        for (int i = 0; i < st.fields().size(); i++) {
            if (st.fields().get(i).name().equalsIgnoreCase(name)) {
                int index = i;
                return new BoundScalar(st.fields().get(i).type(), (v, c) -> v[0] == null ? null
                        : ((Row) v[0]).getField(index));
            }
        }
        throw new BindingException(struct.sqlName() + " has no field " + name, "a field of the STRUCT");
    }
}
