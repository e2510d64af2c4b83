package dev.veloflink.runtime.aggregate;

/** SPEC §9: when an aggregation emits its results. */
public enum EmitMode {
    /** One row per input row that reaches the aggregation (§9.2, §9.5). */
    CHANGES,
    /** One row per group when the input ends (§9.3) or per group and window when the window fires (§9.4). */
    FINAL
}
