package dev.veloflink.runtime;

import dev.veloflink.functions.FunctionContext;
import org.apache.flink.types.Row;

import java.io.Serializable;

/**
 * A bound expression, compiled at plan time, evaluated against one row whose layout the planner fixed. It may throw
 * {@link dev.veloflink.functions.RowErrorException}; the operator then applies the statement's error.strategy.
 */
@FunctionalInterface
public interface RowExpr extends Serializable {
    Object eval(Row row, FunctionContext ctx);
}
