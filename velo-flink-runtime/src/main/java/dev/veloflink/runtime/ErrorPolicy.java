package dev.veloflink.runtime;

/** The statement's {@code error.strategy} (SPEC §6.3), as operators apply it to rows whose evaluation failed. */
public enum ErrorPolicy { SKIP, FAIL, DEAD_LETTER }
