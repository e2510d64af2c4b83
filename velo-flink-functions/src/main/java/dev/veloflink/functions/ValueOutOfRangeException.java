package dev.veloflink.functions;

/**
 * A text or number that is well formed but does not fit its target type (e.g. '99999999999' as INTEGER). A CAST
 * turns it into NULL plus an overflow count (SPEC §7.4); input decoding treats it like any other bad value.
 */
public class ValueOutOfRangeException extends IllegalArgumentException {
    public ValueOutOfRangeException(String message) {
        super(message);
    }
}
