package dev.veloflink.connectors.table;

/** The two load phases of a table (SPEC §13.1). */
public enum TablePhase {
    /** Reading the snapshot up to the position captured at load start. */
    BULK,
    /** Reading everything after it; a table without incremental loading ends instead. */
    INCREMENTAL
}
