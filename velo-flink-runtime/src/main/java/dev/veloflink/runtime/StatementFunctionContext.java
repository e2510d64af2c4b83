package dev.veloflink.runtime;

import dev.veloflink.functions.FunctionContext;
import dev.veloflink.functions.metrics.VeloCounters;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

import java.util.Map;

/** The {@link FunctionContext} of one statement's operator: counts division by zero and overflow per statement. */
public final class StatementFunctionContext implements FunctionContext {
    private final Counter divisionByZero;
    private final Counter overflow;

    public StatementFunctionContext(RuntimeContext runtimeContext, String statement) {
        Map<String, String> labels = Map.of("statement", statement);
        this.divisionByZero = VeloCounters.counter(runtimeContext, "velo_division_by_zero_total", labels);
        this.overflow = VeloCounters.counter(runtimeContext, "velo_arithmetic_overflow_total", labels);
    }

    @Override
    public void divisionByZero() {
        divisionByZero.inc();
    }

    @Override
    public void arithmeticOverflow() {
        overflow.inc();
    }

    @Override
    public long currentProcessingTime() {
        return System.currentTimeMillis();
    }
}
