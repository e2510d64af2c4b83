package dev.veloflink.connectors.options;

/** A required key is missing (SPEC §5.5, E402). */
public class MissingOptionException extends IllegalArgumentException {
    private final String key;

    public MissingOptionException(String connector, String key) {
        super("E402 " + connector + " requires the key '" + key + "'");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
