package dev.veloflink.planner.plan;

/** Facts about a plan tree. */
public final class PlanNodes {
    private PlanNodes() {
    }

    /** Whether the node is a Kafka source, the only kind whose rows carry headers (SPEC §8). */
    public static boolean readsKafka(PlanNode node) {
        return node instanceof ProviderSourceNode source
                && source.provider() instanceof dev.veloflink.connectors.kafka.KafkaSourceProvider;
    }

    /** Whether the tree reads an unbounded source (SPEC §5.5 boundedness), through other statements too. */
    public static boolean readsUnbounded(PlanNode node) {
        if (node instanceof ProviderSourceNode source && !source.provider().bounded()) {
            return true;
        }
        if (node instanceof FileSourceNode file && file.options().watching()) {
            return true;
        }
        if (node instanceof StatementOutputNode reader) {
            return readsUnbounded(reader.producer());
        }
        return node.inputs().stream().anyMatch(PlanNodes::readsUnbounded);
    }
}
