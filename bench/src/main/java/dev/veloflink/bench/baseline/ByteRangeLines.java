package dev.veloflink.bench.baseline;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The lines of one file read by as many source subtasks as the job has, each reading one byte range: Flink's own
 * FileSource with a splittable line format and an enumerator that cuts each file into one range per subtask. A line
 * belongs to the range its first byte is in (Hadoop's LineRecordReader rule: a range past the file's start skips its
 * first, partial line, and reads on past its end to finish its last). This is how a Flink engineer reads one big
 * file in parallel; the baselines use it where velo reads the file in byte ranges (EMIT FINAL aggregations at
 * parallelism above 1), so both sides read in parallel.
 */
public final class ByteRangeLines {
    private ByteRangeLines() {
    }

    public static DataStream<String> of(StreamExecutionEnvironment env, Path file, String header, int parallelism) {
        FileSource<String> source = FileSource.forRecordStreamFormat(new SplittableLines(),
                        new org.apache.flink.core.fs.Path(file.toAbsolutePath().toUri()))
                .setFileEnumerator(OneRangePerSubtask::new).build();
        DataStream<String> lines = env.fromSource(source, WatermarkStrategy.noWatermarks(),
                "baseline: byte ranges of " + file.getFileName()).setParallelism(parallelism);
        return header == null ? lines : lines.filter(line -> !line.equals(header)).setParallelism(parallelism);
    }

    /** Cuts every file into as many equal byte ranges as the source has subtasks. */
    static final class OneRangePerSubtask implements FileEnumerator {
        @Override
        public Collection<FileSourceSplit> enumerateSplits(org.apache.flink.core.fs.Path[] paths, int subtasks)
                throws IOException {
            List<FileSourceSplit> splits = new ArrayList<>();
            for (org.apache.flink.core.fs.Path path : paths) {
                FileStatus status = FileSystem.get(path.toUri()).getFileStatus(path);
                long length = status.getLen();
                int ranges = (int) Math.max(1, Math.min(subtasks, length));
                for (int i = 0; i < ranges; i++) {
                    long start = length * i / ranges;
                    long end = length * (i + 1) / ranges;
                    splits.add(new FileSourceSplit(String.valueOf(splits.size()), path, start, end - start,
                            status.getModificationTime(), length));
                }
            }
            return splits;
        }
    }

    /** UTF-8 lines, LF-terminated (a CR before the LF is dropped), read from a byte range. */
    static final class SplittableLines implements StreamFormat<String> {
        @Override
        public Reader<String> createReader(Configuration config, FSDataInputStream stream, long fileLen,
                                           long splitEnd) throws IOException {
            RangeReader reader = new RangeReader(stream, stream.getPos(), splitEnd);
            if (reader.position > 0) {
                // A range past the file's start skips its first, partial line: the range before reads it.
                reader.readLine();
            }
            return reader;
        }

        /** A checkpoint is taken at a line start, so a restored reader starts with a whole line. */
        @Override
        public Reader<String> restoreReader(Configuration config, FSDataInputStream stream, long restoredOffset,
                                            long fileLen, long splitEnd) throws IOException {
            return new RangeReader(stream, restoredOffset, splitEnd);
        }

        @Override
        public boolean isSplittable() {
            return true;
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }

    private static final class RangeReader implements StreamFormat.Reader<String> {
        private final FSDataInputStream stream;
        private final long splitEnd;
        private final byte[] buffer = new byte[1 << 16];
        private int next;
        private int limit;
        /** The file offset of the next unread byte, a line start between calls. */
        private long position;
        private byte[] line = new byte[256];

        RangeReader(FSDataInputStream stream, long position, long splitEnd) {
            this.stream = stream;
            this.position = position;
            this.splitEnd = splitEnd;
        }

        @Override
        public String read() throws IOException {
            // A line starting at splitEnd is this range's: the next range skips its first line.
            return position > splitEnd ? null : readLine();
        }

        private String readLine() throws IOException {
            int length = 0;
            while (true) {
                if (next == limit) {
                    limit = stream.read(buffer, 0, buffer.length);
                    next = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return length == 0 ? null : text(length);
                    }
                }
                int start = next;
                while (next < limit && buffer[next] != '\n') {
                    next++;
                }
                int chunk = next - start;
                if (length == 0 && next < limit) {
                    // The whole line is in the buffer: decode it from there.
                    next++;
                    position += chunk + 1;
                    int end = chunk > 0 && buffer[start + chunk - 1] == '\r' ? chunk - 1 : chunk;
                    return new String(buffer, start, end, StandardCharsets.UTF_8);
                }
                if (length + chunk > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
                }
                System.arraycopy(buffer, start, line, length, chunk);
                length += chunk;
                position += chunk;
                if (next < limit) {
                    next++;
                    position++;
                    return text(length);
                }
            }
        }

        private String text(int length) {
            int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            return new String(line, 0, end, StandardCharsets.UTF_8);
        }

        @Override
        public CheckpointedPosition getCheckpointedPosition() {
            return new CheckpointedPosition(position, 0);
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
