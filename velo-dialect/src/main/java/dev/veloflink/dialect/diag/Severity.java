package dev.veloflink.dialect.diag;

public enum Severity { ERROR, WARNING }
