package dev.veloflink.connectors.deadletter;

import dev.veloflink.connectors.decode.RecordDecoder;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Collects, while a job is built, the dead letters each statement produces (its decoders' side outputs, its windows'
 * late rows), then routes them to the statements' dead-letter sinks (SPEC §6.3, §10.4). One instance per job.
 *
 * <pre>{@code
 * routes.addDecoderLetters(statement, decodedRows);          // while building sources
 * routes.add(statement, lateRows.process(new LateRowLetters(statement, inputSchema)));
 * routes.attach(Map.of(statement, deadLetterSink), job::uid); // once every statement is built
 * }</pre>
 */
public final class DeadLetterRoutes {
    private final Map<String, List<DataStream<String>>> byStatement = new LinkedHashMap<>();

    /** Dead letters of {@code statement}. */
    public void add(String statement, DataStream<String> letters) {
        byStatement.computeIfAbsent(statement, s -> new ArrayList<>()).add(letters);
    }

    /**
     * The {@link RecordDecoder#DEAD_LETTERS} side output of {@code decoded}, when it is the decoder's operator
     * (connectors without bad records return other streams). Taking a side output adds nothing to the job until
     * {@link #attach} gives it a sink.
     */
    public void addDecoderLetters(String statement, DataStream<Row> decoded) {
        if (decoded instanceof SingleOutputStreamOperator<Row> operator) {
            add(statement, operator.getSideOutput(RecordDecoder.DEAD_LETTERS));
        }
    }

    /** Whether any dead letters were collected for {@code statement}. */
    public boolean has(String statement) {
        return byStatement.containsKey(statement);
    }

    /**
     * Adds the sinks: the letters of every statement that has a dead-letter sink go to it; statements whose sinks
     * have the same target share one writer. Letters of statements without a sink are left out (their strategies
     * are not dead_letter, so there are none).
     *
     * @param sinks by statement job name
     * @param uid   gives the added operators stable uids (savepoints)
     */
    public void attach(Map<String, DeadLetterSink> sinks, UnaryOperator<String> uid) {
        Map<String, DeadLetterSink> byTarget = new LinkedHashMap<>();
        Map<String, List<DataStream<String>>> letters = new LinkedHashMap<>();
        byStatement.forEach((statement, streams) -> {
            DeadLetterSink sink = sinks.get(statement);
            if (sink != null) {
                byTarget.putIfAbsent(sink.target(), sink);
                letters.computeIfAbsent(sink.target(), t -> new ArrayList<>()).addAll(streams);
            }
        });
        letters.forEach((target, streams) -> {
            DataStream<String> all = streams.get(0);
            if (streams.size() > 1) {
                all = all.union(streams.subList(1, streams.size()).toArray(DataStream[]::new));
            }
            StreamExecutionEnvironment env = all.getExecutionEnvironment();
            int before = env.getTransformations().size();
            byTarget.get(target).attach(all, "dead letters -> " + target);
            for (Transformation<?> added : env.getTransformations().subList(before,
                    env.getTransformations().size())) {
                if (added.getUid() == null) {
                    added.setUid(uid.apply("dead-letters/" + target));
                }
            }
        });
    }
}
