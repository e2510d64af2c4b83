package dev.veloflink.runtime.limit;

import org.apache.flink.runtime.operators.coordination.OperatorEvent;

/** From a {@link LimitOperator} to its coordinator: n rows have passed. */
record LimitReachedEvent() implements OperatorEvent {
    private static final long serialVersionUID = 1L;
}
