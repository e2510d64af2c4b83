package dev.veloflink.functions.ops;

/** The binary operators of Velo SQL whose semantics live in this module (SPEC §7.2, §7.3). */
public enum BinaryOperatorKind {
    ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%"), CONCAT("||"),
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    BinaryOperatorKind(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean isComparison() {
        return ordinal() >= EQ.ordinal();
    }
}
