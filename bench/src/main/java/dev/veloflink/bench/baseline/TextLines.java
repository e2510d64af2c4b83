package dev.veloflink.bench.baseline;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;

/** The baselines' source: Flink's own FileSource reading a text file line by line. */
public final class TextLines {
    private TextLines() {
    }

    public static DataStream<String> of(StreamExecutionEnvironment env, Path file) {
        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                new org.apache.flink.core.fs.Path(file.toAbsolutePath().toUri())).build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "baseline: " + file.getFileName());
    }
}
