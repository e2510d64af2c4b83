package dev.veloflink.connectors.deadletter;

import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Dead letters as JSON lines in one file ({@code dead_letter.type = 'file_sink'}), written by one writer at
 * parallelism 1, flushed on checkpoints and at the end like a {@code file_sink}.
 *
 * @param path           the absolute file path
 * @param appendIfExists whether a first start appends to an existing file instead of replacing it
 */
public record FileDeadLetterSink(String path, boolean appendIfExists) implements DeadLetterSink {

    @Override
    public String describe() {
        return "dead letters -> file_sink " + path + " (jsonl" + (appendIfExists ? ", appending" : "") + ")";
    }

    @Override
    public String target() {
        return "file:" + path;
    }

    @Override
    public void attach(DataStream<String> letters, String operatorName) {
        letters.sinkTo(new JsonLinesSink(path, appendIfExists)).name(operatorName).setParallelism(1);
    }
}
