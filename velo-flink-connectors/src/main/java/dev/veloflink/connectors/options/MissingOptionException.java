package dev.veloflink.connectors.options;

import dev.veloflink.dialect.diag.CodedError;

/** A required key is missing (SPEC §5.5, E402). */
public class MissingOptionException extends IllegalArgumentException implements CodedError {
    private final String key;
    private final String detail;

    public MissingOptionException(String connector, String key) {
        super(CodedError.message("E402", detail(connector, key)));
        this.key = key;
        this.detail = detail(connector, key);
    }

    private static String detail(String connector, String key) {
        return connector + " requires the key '" + key + "'";
    }

    @Override
    public String code() {
        return "E402";
    }

    @Override
    public String detail() {
        return detail;
    }

    public String key() {
        return key;
    }
}
