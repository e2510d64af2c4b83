package dev.veloflink.runtime.order;

import org.apache.flink.types.Row;

import java.io.Serializable;
import java.util.Comparator;

/** A serializable row order, shipped to operators. */
@FunctionalInterface
public interface RowComparator extends Comparator<Row>, Serializable {
}
