package dev.veloflink.dialect.types;

import java.io.Serializable;

/** A named, typed column. {@code key} marks a lookup table's key column (SPEC §6.1 {@code schema.fields}). */
public record Column(String name, VeloType type, boolean nullable, boolean key) implements Serializable {

    public Column(String name, VeloType type) {
        this(name, type, true, false);
    }

    public Column withName(String newName) {
        return new Column(newName, type, nullable, key);
    }
}
