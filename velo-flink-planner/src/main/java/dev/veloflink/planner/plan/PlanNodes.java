package dev.veloflink.planner.plan;

import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.dialect.types.Schema;

/** Facts about a plan tree. */
public final class PlanNodes {
    private PlanNodes() {
    }

    /**
     * Whether the node's rows can have Kafka headers (SPEC §8): a Kafka source's, or another statement's output
     * that carries the headers of its own input.
     */
    public static boolean readsKafka(PlanNode node) {
        return node instanceof ProviderSourceNode source && source.provider().carriesHeaders()
                || node instanceof StatementOutputNode reader && carriesHeaders(reader);
    }

    /**
     * Whether the node's rows carry Kafka headers for the sink: the hidden last field {@code _headers} past its
     * visible columns (SPEC §8: projections, filters, DISTINCT, UNION, joins and aggregations keep them).
     */
    public static boolean carriesHeaders(PlanNode node) {
        Schema schema = node.schema();
        return schema.size() > node.visibleColumns()
                && schema.column(schema.size() - 1).name().equals(SystemColumns.HEADERS);
    }

    /** Whether the tree reads an unbounded source (SPEC §5.5 boundedness), through other statements too. */
    public static boolean readsUnbounded(PlanNode node) {
        if (node instanceof ProviderSourceNode source && !source.provider().bounded()) {
            return true;
        }
        if (node instanceof StatementOutputNode reader) {
            return readsUnbounded(reader.producer());
        }
        return node.inputs().stream().anyMatch(PlanNodes::readsUnbounded);
    }

    /**
     * Whether the rows of {@code node} end by themselves: its input is bounded, or a LIMIT ends every unbounded path
     * (SPEC §3.4: the LIMIT ends the sources that feed it).
     */
    public static boolean endsByItself(PlanNode node) {
        if (node instanceof LimitNode) {
            return true;
        }
        if (node instanceof StatementOutputNode reader) {
            return endsByItself(reader.producer());
        }
        if (node instanceof ProviderSourceNode) {
            return !readsUnbounded(node);
        }
        return node.inputs().stream().allMatch(PlanNodes::endsByItself);
    }
}
