package dev.veloflink.connectors;

import dev.veloflink.dialect.types.Schema;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

/**
 * One source of one statement, bound at plan time by a {@link SourceFactory}: it knows its schema, and builds the
 * stream of decoded rows (its schema's columns, then {@link SystemColumns}) into a Flink job. Bad records are
 * handled inside, under the {@code error.strategy} the factory was given.
 */
public interface SourceProvider {

    /** The source's columns, without system columns. */
    Schema schema();

    /** Where the schema came from, as {@code velo explain} prints it (SPEC §6.2). */
    String schemaOrigin();

    /** One line for {@code velo explain}: the connector and the Flink building blocks used. */
    String describe();

    /**
     * The source as {@code velo explain} lists it among a statement's sources, before its schema's origin: by
     * default {@link #describe}; a source whose plan line is long says here only what it reads (a file_source, its
     * path).
     */
    default String summary() {
        return describe();
    }

    /**
     * What row errors name as the place of its rows, with the row's {@link SystemColumns#OFFSET} (SPEC §6.3): a
     * file's path ({@code <path>:<line>}); empty: the source's name ({@code <name>:<offset>}).
     */
    default java.util.Optional<String> rowPlace() {
        return java.util.Optional.empty();
    }

    boolean bounded();

    /**
     * This source read by {@code readers} readers that may see its rows in any order, for a statement whose result
     * does not depend on that order (SPEC §9.8: an EMIT FINAL aggregation whose aggregates ignore arrival order):
     * a bounded file cut into byte ranges. Empty (the default) when the source reads no faster that way, or must
     * keep its order.
     */
    default java.util.Optional<SourceProvider> readInAnyOrder(int readers) {
        return java.util.Optional.empty();
    }

    /** Adds the source (and its decoder) to the job; rows carry no event time yet (the planner assigns it). */
    DataStream<Row> build(StreamExecutionEnvironment env);

    /**
     * Whether every record has a timestamp of its own (Kafka's record timestamp), which is then the rows' event time
     * when the source has no {@code event.time.field} (SPEC §8), with watermarks made inside the source per split.
     */
    default boolean hasRecordTimestamps() {
        return false;
    }

    /**
     * Adds the source as {@link #build} does, its records stamped with their own timestamps and {@code watermarks}
     * generated inside the source for each split (a Kafka partition) on its own (SPEC §10.3); only for sources that
     * {@link #hasRecordTimestamps}.
     */
    default DataStream<Row> build(StreamExecutionEnvironment env, WatermarkStrategy<RawRecord> watermarks) {
        throw new UnsupportedOperationException(describe() + ": its records have no timestamps of their own");
    }

    /**
     * Whether its records carry headers (SPEC §8: a Kafka record's), so {@code HEADER(k)} and friends read them and
     * a Kafka sink may pass them on; the rows then hold them in {@link SystemColumns#HEADERS}.
     */
    default boolean carriesHeaders() {
        return false;
    }

    /** What this source can be besides a stream (SPEC §12.1, §13.1, §3.5); a stream only unless it says so. */
    default TableRole tableRole() {
        return TableRole.STREAM_ONLY;
    }

    /**
     * This source read as a table: itself when its rows already are the table's (a JDBC table, a bounded file), or a
     * bulk-then-incremental {@code TableSource} over it (a keyed Kafka topic, a watched file). Called only when
     * {@link #tableRole} is not {@link TableRole#STREAM_ONLY}.
     *
     * @throws TableReadException when these options cannot be read as a table (E304)
     */
    default SourceProvider asTable(TableRequest request) {
        return this;
    }

    /**
     * As a table, whether it loads again, up to the restart's end, after a restore before the joins reading it go on
     * (a Kafka table: its changes while the job was down must be applied first).
     */
    default boolean reloadsAfterRestore() {
        return false;
    }
}
