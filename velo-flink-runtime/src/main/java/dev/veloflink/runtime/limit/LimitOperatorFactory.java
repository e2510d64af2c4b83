package dev.veloflink.runtime.limit;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorEventDispatcher;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.CoordinatedOperatorFactory;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes a {@link LimitOperator} and its {@link LimitCoordinator}. {@code announcement} (and on a reset
 * {@code retraction}) is what the coordinator sends to the enumerators of the sources listed by {@link #endSource}
 * (their coordinator listening ids), filled in at plan time once the whole job is built.
 */
public final class LimitOperatorFactory extends AbstractStreamOperatorFactory<Row>
        implements OneInputStreamOperatorFactory<Row, Row>, CoordinatedOperatorFactory<Row> {
    private static final long serialVersionUID = 1L;

    private final long limit;
    private final SourceEvent announcement;
    private final SourceEvent retraction;
    private final List<String> sourcesToEnd = new ArrayList<>();

    /**
     * @param announcement sent to the sources once the LIMIT has passed its rows
     * @param retraction   sent to them when the LIMIT's task is reset to a checkpoint (regional failover)
     */
    public LimitOperatorFactory(long limit, SourceEvent announcement, SourceEvent retraction) {
        this.limit = limit;
        this.announcement = announcement;
        this.retraction = retraction;
    }

    /** Plan time: the source with this coordinator listening id ends when (among others) this LIMIT is reached. */
    public void endSource(String listeningId) {
        sourcesToEnd.add(listeningId);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<Row>> T createStreamOperator(StreamOperatorParameters<Row> parameters) {
        OperatorID id = parameters.getStreamConfig().getOperatorID();
        OperatorEventDispatcher dispatcher = parameters.getOperatorEventDispatcher();
        LimitOperator operator = new LimitOperator(parameters, limit, dispatcher.getOperatorEventGateway(id));
        dispatcher.registerEventHandler(id, operator);
        return (T) operator;
    }

    @Override
    public OperatorCoordinator.Provider getCoordinatorProvider(String operatorName, OperatorID operatorId) {
        return new LimitCoordinator.Provider(operatorId, announcement, retraction, List.copyOf(sourcesToEnd));
    }

    @Override
    public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
        return LimitOperator.class;
    }
}
