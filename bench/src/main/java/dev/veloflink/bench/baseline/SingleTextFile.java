package dev.veloflink.bench.baseline;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;

/**
 * The lines of one file read by one source subtask, as velo reads its file sources (SPEC §5.5): the stateful
 * baselines then scale only their keyed work with the parallelism, as velo does, and their watermarks come from a
 * single reader.
 */
public final class SingleTextFile {
    private SingleTextFile() {
    }

    public static DataStream<String> lines(StreamExecutionEnvironment env, Path file, String header) {
        DataStream<String> lines = TextLines.of(env, file);
        ((org.apache.flink.streaming.api.datastream.DataStreamSource<String>) lines).setParallelism(1);
        return header == null ? lines : lines.filter(line -> !line.equals(header)).setParallelism(1);
    }
}
