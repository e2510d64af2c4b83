package dev.veloflink.planner.plan;

/** Facts about a plan tree. */
public final class PlanNodes {
    private PlanNodes() {
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
