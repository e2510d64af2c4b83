package dev.veloflink.functions;

/** A FunctionContext that records what implementations report, with a fixed clock. */
public final class CountingContext implements FunctionContext {
    public int divisionsByZero;
    public int overflows;
    public long now = 1_714_554_000_000L; // 2024-05-01T09:00:00Z

    @Override public void divisionByZero() { divisionsByZero++; }
    @Override public void arithmeticOverflow() { overflows++; }
    @Override public long currentProcessingTime() { return now; }
}
