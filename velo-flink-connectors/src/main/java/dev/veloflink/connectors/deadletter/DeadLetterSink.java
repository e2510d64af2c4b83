package dev.veloflink.connectors.deadletter;

import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A statement's dead-letter sink (SPEC §5.6 {@code dead_letter.type}), bound at plan time: it receives one JSON
 * object per bad record or late row (§6.3, §10.4), as text.
 */
public sealed interface DeadLetterSink permits FileDeadLetterSink, KafkaDeadLetterSink {

    /** One line for {@code velo explain}. */
    String describe();

    /**
     * What the sink writes to ({@code file:<path>}, {@code kafka:<servers>/<topic>}): statements whose sinks have the
     * same target share one writer, so two writers never truncate or interleave one file.
     */
    String target();

    /** Adds the sink behind {@code letters} to the job. */
    void attach(DataStream<String> letters, String operatorName);
}
