package dev.veloflink.dialect.props;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.ast.SourceRange;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.VeloSqlException;
import dev.veloflink.dialect.types.Column;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a YAML config file (SPEC §5.3): nested mappings flatten with '.', {@code schema.fields} becomes columns,
 * {@code extends:} loads a parent (relative to the YAML file) that the child overrides. Missing files, cycles, invalid
 * YAML and unset variables are E403, positioned in the file that names the problem. One loader per resolution.
 */
public final class YamlConfigLoader {
    private final YAMLMapper mapper = new YAMLMapper();
    private final Map<String, String> environment;

    public YamlConfigLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    /** {@code referrer}/{@code where}: the file and range that named this file (for "missing file" errors). */
    public YamlConfig load(Path file, Path referrer, SourceRange where) {
        return load(file.toAbsolutePath().normalize(), referrer, where, new LinkedHashSet<>());
    }

    private YamlConfig load(Path file, Path referrer, SourceRange where, Set<Path> chain) {
        if (!chain.add(file)) {
            List<String> names = new ArrayList<>();
            chain.forEach(p -> names.add(p.getFileName().toString()));
            names.add(file.getFileName().toString());
            throw error("config file extends cycle: " + String.join(" -> ", names), referrer, where,
                    "an extends chain without cycles", "remove one of the extends: keys");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw error("config file not found: " + file, referrer, where, "an existing YAML file (relative paths "
                    + "resolve against the directory of the file that names them)", null);
        } catch (IOException e) {
            throw error("cannot read config file " + file + ": " + e.getMessage(), referrer, where, null, null);
        }
        Map<String, PropertyValue> values = new LinkedHashMap<>();
        List<Column> fields = null;
        PropertyValue parent = null;
        try (JsonParser parser = mapper.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != null && first != JsonToken.START_OBJECT) {
                throw error("config file is not a YAML mapping: " + file, file,
                        at(parser.currentTokenLocation(), 1, text), "a mapping of keys to values (§5.3)", null);
            }
            if (first != null) {
                Flattener f = new Flattener(file, text, values);
                f.object(parser, "");
                fields = f.fields;
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw error("invalid YAML in " + file.getFileName() + ": " + e.getOriginalMessage(), file,
                    at(loc, 1, text), "valid YAML (§5.3)", null);
        } catch (IOException e) {
            throw error("cannot read config file " + file + ": " + e.getMessage(), referrer, where, null, null);
        }
        parent = values.remove("extends");
        Map<String, PropertyValue> merged = new LinkedHashMap<>();
        Optional<List<Column>> schema = Optional.ofNullable(fields);
        if (parent != null) {
            Path parentFile = resolve(file.getParent(), parent.value(), file, parent.valueRange()).normalize();
            YamlConfig p = load(parentFile, file, parent.valueRange(), chain);
            merged.putAll(p.values());
            if (schema.isEmpty()) {
                schema = p.schemaFields();
            }
        }
        merged.putAll(values);
        chain.remove(file);
        return new YamlConfig(merged, schema);
    }

    /**
     * The range at {@code loc} in {@code text}, with lines as velo counts them (ended by LF): YAML also ends a line at
     * a lone CR, which would put the position on a line that velo's caret display does not have.
     */
    private static SourceRange at(JsonLocation loc, int length, String text) {
        if (loc == null || loc.getLineNr() < 1) {
            return new SourceRange(1, 1, 1, 1, 0, 0);
        }
        if (loc.getCharOffset() < 0) {
            int col = Math.max(1, loc.getColumnNr());
            return new SourceRange(loc.getLineNr(), col, loc.getLineNr(), col + Math.max(1, length) - 1, 0, 0);
        }
        int offset = (int) Math.min(text.length(), Math.max(0, loc.getCharOffset()));
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int col = offset - lineStart + 1;
        return new SourceRange(line, col, line, col + Math.max(1, length) - 1, offset, offset + Math.max(1, length));
    }

    /**
     * {@code path} (a {@code config_file} or {@code extends:} value) against {@code directory}; E403 at
     * {@code where} in {@code referrer} when it cannot be a path at all (a NUL character, say) rather than an
     * unexpected exception.
     */
    public static Path resolve(Path directory, String path, Path referrer, SourceRange where) {
        try {
            return directory.resolve(path);
        } catch (InvalidPathException e) {
            throw error("config file path is not a valid path: " + e.getReason(), referrer, where,
                    "a path to a YAML file", null);
        }
    }

    private static VeloSqlException error(String message, Path file, SourceRange where, String expected,
                                          String hint) {
        return new VeloSqlException(Diagnostic.error("E403", message, file, where, expected, hint));
    }

    /** Walks the YAML events so that every key keeps its position. */
    private final class Flattener {
        private final Path file;
        private final String text;
        private final Map<String, PropertyValue> values;
        private List<Column> fields;

        Flattener(Path file, String text, Map<String, PropertyValue> values) {
            this.file = file;
            this.text = text;
            this.values = values;
        }

        void object(JsonParser parser, String prefix) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName().toLowerCase(Locale.ROOT);
                SourceRange keyRange = at(parser.currentTokenLocation(), name.length(), text);
                String key = prefix + name;
                JsonToken value = parser.nextToken();
                SourceRange valueRange = at(parser.currentTokenLocation(),
                        value.isScalarValue() ? parser.getText().length() : 1, text);
                if (value == JsonToken.START_OBJECT) {
                    object(parser, key + ".");
                } else if (value == JsonToken.START_ARRAY) {
                    JsonNode array = parser.readValueAsTree();
                    if (key.equals("schema.fields")) {
                        fields = columns(array, valueRange);
                    } else {
                        List<String> items = new ArrayList<>();
                        array.forEach(n -> items.add(n.isValueNode() ? n.asText() : n.toString()));
                        put(key, String.join(",", items), keyRange, valueRange);
                    }
                } else {
                    put(key, value == JsonToken.VALUE_NULL ? "" : parser.getText(), keyRange, valueRange);
                }
            }
        }

        private void put(String key, String raw, SourceRange keyRange, SourceRange valueRange) {
            String value = Substitution.apply(raw, environment, file, valueRange);
            values.put(key, new PropertyValue(key, value, PropertyValue.Origin.CONFIG_FILE, file, keyRange,
                    valueRange));
        }

        /**
         * The original engine's field types in {@code schema.fields} (SPEC §5.3): {@code integer} is BIGINT,
         * {@code float} DOUBLE, {@code decimal} takes {@code precision} and {@code scale}; any other name is a §7.1
         * type. The original engine writes these names in lower case, and only those spellings are mapped, so that
         * {@code INTEGER} written as a §7.1 type keeps its SQL meaning.
         */
        private static String fieldType(String type, JsonNode field) {
            return switch (type.trim()) {
                case "integer" -> "BIGINT";
                case "float" -> "DOUBLE";
                case "timestamp" -> "TIMESTAMP(3)";
                case "decimal" -> field.has("precision")
                        ? "DECIMAL(" + field.get("precision").asInt() + "," + (field.has("scale")
                        ? field.get("scale").asInt() : 0) + ")" : type;
                default -> type;
            };
        }

        private List<Column> columns(JsonNode array, SourceRange where) {
            List<Column> result = new ArrayList<>();
            for (JsonNode f : array) {
                JsonNode name = f.get("name");
                JsonNode type = f.get("type");
                if (name == null || type == null) {
                    throw error("schema.fields entry needs name and type: " + f, file, where,
                            "{name, type, nullable, key} (§6.1)", null);
                }
                try {
                    result.add(new Column(name.asText(), VeloParser.parseType(fieldType(type.asText(), f)),
                            !f.has("nullable") || f.get("nullable").asBoolean(true),
                            f.has("key") && f.get("key").asBoolean(false)));
                } catch (VeloSqlException e) {
                    throw error("invalid type '" + type.asText() + "' for field " + name.asText() + ": "
                            + e.diagnostics().get(0).message(), file, where, "a type in §7.1 syntax", null);
                }
            }
            return result;
        }
    }
}
