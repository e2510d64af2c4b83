package dev.veloflink.runtime.join;

/** The join types a stream-table join runs (SPEC §12.2); RIGHT and FULL are rejected by the planner. */
public enum JoinKind { INNER, LEFT }
