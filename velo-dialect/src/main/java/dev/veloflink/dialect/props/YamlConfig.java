package dev.veloflink.dialect.props;

import dev.veloflink.dialect.types.Column;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A loaded config file with its parents merged in: flattened keys, and {@code schema.fields} (SPEC §5.3, §6.1). */
public record YamlConfig(Map<String, PropertyValue> values, Optional<List<Column>> schemaFields) {
    public YamlConfig {
        values = Map.copyOf(values);
        schemaFields = schemaFields.map(List::copyOf);
    }
}
