package dev.veloflink.connectors.stop;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * A source that stops reading, and so ends like a bounded one, once every LIMIT it feeds has passed its rows (SPEC
 * §3.4: the statement's job is then FINISHED, and the Flink job ends when all its jobs have). The planner says at plan
 * time which LIMITs ({@link #stopAfter}); a source without any is its delegate unchanged. Splits, readers' state and
 * the enumerator's checkpoint are the delegate's, so savepoints are the same with or without the wrapper.
 */
public final class StoppableSource<T, S extends SourceSplit, E> implements Source<T, S, E>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final Source<T, S, E> delegate;
    /** Filled at plan time, before the job graph is built (and this object serialized). */
    private final Set<String> awaitedLimits = new TreeSet<>();

    private StoppableSource(Source<T, S, E> delegate) {
        this.delegate = delegate;
    }

    public static <T, S extends SourceSplit, E> StoppableSource<T, S, E> of(Source<T, S, E> source) {
        return new StoppableSource<>(source);
    }

    /** Plan time: stop once all of {@code limits} (LIMIT operators' ids) have been reached. */
    public void stopAfter(Collection<String> limits) {
        awaitedLimits.addAll(limits);
    }

    public Set<String> awaitedLimits() {
        return Set.copyOf(awaitedLimits);
    }

    @Override
    public Boundedness getBoundedness() {
        return delegate.getBoundedness();
    }

    @Override
    public SourceReader<T, S> createReader(SourceReaderContext context) throws Exception {
        SourceReader<T, S> reader = delegate.createReader(context);
        return awaitedLimits.isEmpty() ? reader : new StoppableReader<>(reader, context);
    }

    @Override
    public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> context) throws Exception {
        return enumerator(delegate.createEnumerator(context), context);
    }

    @Override
    public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> context, E checkpoint) throws Exception {
        return enumerator(delegate.restoreEnumerator(context, checkpoint), context);
    }

    private SplitEnumerator<S, E> enumerator(SplitEnumerator<S, E> enumerator, SplitEnumeratorContext<S> context) {
        return awaitedLimits.isEmpty() ? enumerator : new StoppingEnumerator<>(enumerator, context, awaitedLimits);
    }

    @Override
    public SimpleVersionedSerializer<S> getSplitSerializer() {
        return delegate.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
        return delegate.getEnumeratorCheckpointSerializer();
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeInformation<T> getProducedType() {
        if (delegate instanceof ResultTypeQueryable<?> typed) {
            return (TypeInformation<T>) typed.getProducedType();
        }
        throw new IllegalStateException("the source " + delegate.getClass().getName() + " does not name its type: "
                + "pass the type to fromSource");
    }
}
