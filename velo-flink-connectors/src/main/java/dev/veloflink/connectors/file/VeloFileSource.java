package dev.veloflink.connectors.file;

import dev.veloflink.connectors.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The {@code file_source} (SPEC §5.5) as a FLIP-27 source of undecoded {@link RawRecord}s. Each file is one split;
 * files are read in lexicographic path order. Bounded unless {@code watching}. For several readers, a bounded
 * source's files are cut into byte ranges instead ({@link FileRanges}).
 *
 * <pre>{@code
 * DataStream<RawRecord> raw = env.fromSource(new VeloFileSource(options), WatermarkStrategy.noWatermarks(),
 *         "orders", RawRecord.typeInfo());
 * }</pre>
 */
public final class VeloFileSource implements Source<RawRecord, FileSplit, FileEnumeratorState>,
        ResultTypeQueryable<RawRecord> {

    private final FileSourceOptions options;
    private final int readers;

    /** Each file one split, read by one reader in path order (SPEC §5.5). */
    public VeloFileSource(FileSourceOptions options) {
        this(options, 1);
    }

    /**
     * Each file of a bounded source cut into byte ranges at record boundaries ({@link FileRanges#rangeCount}), for
     * {@code readers} readers: only for statements that do not depend on the order of their rows (SPEC §9.8).
     */
    public VeloFileSource(FileSourceOptions options, int readers) {
        this.options = options;
        this.readers = readers;
    }

    public FileSourceOptions options() {
        return options;
    }

    @Override
    public Boundedness getBoundedness() {
        return options.watching() ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<FileSplit, FileEnumeratorState> createEnumerator(
            SplitEnumeratorContext<FileSplit> context) {
        return new FileSplitEnumerator(context, options, readers, null);
    }

    @Override
    public SplitEnumerator<FileSplit, FileEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<FileSplit> context, FileEnumeratorState checkpoint) {
        return new FileSplitEnumerator(context, options, readers, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<FileSplit> getSplitSerializer() {
        return FileSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<FileEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new FileEnumeratorStateSerializer();
    }

    @Override
    public SourceReader<RawRecord, FileSplit> createReader(SourceReaderContext readerContext) {
        return new FileSourceReader(readerContext, options);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return RawRecord.typeInfo();
    }
}
