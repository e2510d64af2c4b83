package dev.veloflink.functions.scalar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.functions.BindingException;
import dev.veloflink.functions.text.TextForms;
import java.util.List;

/** JSON functions of SPEC §15: invalid JSON gives NULL (FALSE for JSON_EXISTS). */
final class JsonFunctions {
    private JsonFunctions() {
    }

    private enum Mode { VALUE, EXTRACT, QUERY, EXISTS }

    static void register(FunctionRegistry r) {
        r.scalar("JSON_VALUE", "JSON_VALUE(j, path) -> STRING (a scalar's text)", a -> bind(a, Mode.VALUE),
                "JSON_EXTRACT_SCALAR");
        r.scalar("JSON_EXTRACT", "JSON_EXTRACT(j, path) -> STRING (JSON text)", a -> bind(a, Mode.EXTRACT));
        r.scalar("JSON_QUERY", "JSON_QUERY(j, path) -> STRING (JSON object or array)", a -> bind(a, Mode.QUERY));
        r.scalar("JSON_EXISTS", "JSON_EXISTS(j, path) -> BOOLEAN", a -> bind(a, Mode.EXISTS));
    }

    private static BoundScalar bind(Args a, Mode mode) {
        a.count(2).string(0).string(1);
        JsonPath literal = null;
        if (a.literal(1) instanceof String text) {
            try {
                literal = JsonPath.parse(text);
            } catch (IllegalArgumentException e) {
                throw new BindingException("unsupported JSON path '" + text + "': " + e.getMessage(),
                        "a path of $, .name, ['name'], [n] and [*]");
            }
        }
        JsonPath fixed = literal;
        return new BoundScalar(mode == Mode.EXISTS ? Types.BOOLEAN : Types.STRING, (v, c) -> {
            if (v[0] == null || v[1] == null) {
                return null;
            }
            JsonPath path = fixed;
            if (path == null) {
                try {
                    path = JsonPath.parse((String) v[1]);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
            JsonNode root;
            try {
                root = TextForms.EXACT_JSON.readTree((String) v[0]);
            } catch (JsonProcessingException e) {
                root = null;
            }
            if (root == null || root.isMissingNode()) {
                return mode == Mode.EXISTS ? Boolean.FALSE : null;
            }
            return evaluate(mode, path, path.select(root));
        });
    }

    private static Object evaluate(Mode mode, JsonPath path, List<JsonNode> matches) {
        switch (mode) {
            case EXISTS:
                return !matches.isEmpty();
            case VALUE:
                if (path.wildcard() || matches.size() != 1) {
                    return null;
                }
                JsonNode node = matches.get(0);
                if (node.isTextual()) {
                    return node.textValue();
                }
                if (node.isNumber() || node.isBoolean()) {
                    return node.isBigDecimal() ? node.decimalValue().toString() : node.asText();
                }
                return null;
            default:
                break;
        }
        JsonNode result;
        if (path.wildcard()) {
            ArrayNode array = TextForms.EXACT_JSON.createArrayNode();
            matches.forEach(array::add);
            result = array;
        } else if (matches.size() == 1) {
            result = matches.get(0);
        } else {
            return null;
        }
        if (mode == Mode.QUERY && !result.isContainerNode()) {
            return null;
        }
        return result.toString();
    }
}
