package dev.veloflink.connectors.table.file;

import dev.veloflink.connectors.file.FileDiscovery;
import dev.veloflink.connectors.file.FileMatcher;
import dev.veloflink.connectors.file.FileSourceOptions;
import dev.veloflink.connectors.table.TableSource;
import dev.veloflink.connectors.table.TableSplit;
import dev.veloflink.connectors.table.TableSplitReader;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@code file_source} as a {@link TableSource} (SPEC §13.1): one split per file matching the path at load start.
 * Bulk reads each file up to its size captured then; incremental (when {@code watching}) reads the complete lines
 * appended afterwards. A split's position is {@code <byte offset>:<line number>} of the next record, so a restore
 * resumes exactly there.
 *
 * <p>When watching, files that start matching the path after load start are found every polling interval and read
 * whole in the incremental phase.
 *
 * <p>The rows are the raw record texts ({@link #RAW}: the record and its file's CSV header line, with the file path in
 * {@code _topic} and the record's line in {@code _offset}); {@link FileTableProvider} decodes them with the source's
 * {@code RecordDecoder} afterwards, so a file table decodes exactly as the file stream does.
 */
public final class FileTableSource implements TableSource {
    private static final long serialVersionUID = 1L;
    /** The raw layout: the record text, and the header line of its file (null without one). */
    public static final Schema RAW = new Schema(List.of(new Column("value", Types.STRING),
            new Column("header", Types.STRING)));

    private final FileSourceOptions options;

    public FileTableSource(FileSourceOptions options) {
        this.options = options;
    }

    public FileSourceOptions options() {
        return options;
    }

    @Override
    public String tableName() {
        return options.name();
    }

    @Override
    public Schema schema() {
        return RAW;
    }

    @Override
    public boolean supportsIncremental() {
        return options.watching();
    }

    @Override
    public Duration pollingInterval() {
        return options.pollingInterval();
    }

    /**
     * One split per matching file, in path order, each ending its bulk phase at the file's size now; waits up to
     * {@code file.wait.timeout} for a first match (E402).
     */
    @Override
    public List<TableSplit> captureSplits() throws InterruptedException, IOException {
        List<Path> files = FileDiscovery.awaitMatch(options);
        List<TableSplit> splits = new ArrayList<>(files.size());
        for (Path file : files) {
            splits.add(TableSplit.start(file.toString(), Long.toString(Files.size(file)), files.size()));
        }
        return splits;
    }

    @Override
    public boolean discoversSplits() {
        return options.watching();
    }

    @Override
    public List<TableSplit> discoverSplits(Set<String> known) {
        List<TableSplit> found = new ArrayList<>();
        for (Path file : FileMatcher.match(options.path())) {
            if (!known.contains(file.toString())) {
                found.add(TableSplit.incremental(file.toString()));
            }
        }
        return found;
    }

    @Override
    public TableSplitReader open(TableSplit split) throws IOException {
        return new FileTableSplitReader(options, split);
    }
}
