package dev.veloflink.connectors.decode;

/** The reasons a record is bad while decoding (SPEC §6.3), as the {@code reason} label spells them. */
public enum BadRecordReason {
    DECODE_ERROR("decode_error"),
    TYPE_ERROR("type_error"),
    NULL_VIOLATION("null_violation");

    private final String label;

    BadRecordReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
