package dev.veloflink.functions;

/**
 * What a function or operator implementation may ask of the operator that evaluates it. The planner's operators
 * implement it; they count the events in the {@code velo_*} counters of their statement.
 */
public interface FunctionContext {

    /** A division or modulo by zero yielded NULL (SPEC §7.2). */
    void divisionByZero();

    /** An arithmetic result or a cast was out of range and yielded NULL (SPEC §7.2). */
    void arithmeticOverflow();

    /** The current processing time, epoch milliseconds (NOW(), CURRENT_TIMESTAMP). */
    long currentProcessingTime();

    /**
     * For evaluation outside an operator's counters: constant folding at plan time, and key extraction (keys are
     * evaluated again by the operator that counts). Nothing is counted; a zero divisor still yields NULL.
     */
    FunctionContext UNCOUNTED = new FunctionContext() {
        @Override
        public void divisionByZero() {
        }

        @Override
        public void arithmeticOverflow() {
        }

        @Override
        public long currentProcessingTime() {
            return System.currentTimeMillis();
        }
    };
}
