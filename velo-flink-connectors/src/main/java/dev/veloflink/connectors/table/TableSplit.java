package dev.veloflink.connectors.table;

import org.apache.flink.api.connector.source.SourceSplit;

import java.io.Serializable;

/**
 * One part of a table being loaded, and exactly where its load stands, so a checkpoint or savepoint restores it without
 * reloading or losing a row (SPEC §13.1).
 *
 * @param splitId  unique within the table (a JDBC table has one split, a Kafka topic one per partition)
 * @param phase    BULK until the captured end position is reached, then INCREMENTAL
 * @param position where reading resumes, encoded by the implementation ({@link TableSource}); empty at the start
 * @param bulkEnd  the end position of the bulk phase, captured once at load start; empty when there is none
 * @param rowsRead result rows consumed so far (good and bad), so the next row is number {@code rowsRead + 1}
 * @param splits   how many splits the table has in all, so that whoever watches the bulk phase knows when it is over
 */
public record TableSplit(String splitId, TablePhase phase, String position, String bulkEnd, long rowsRead, int splits)
        implements SourceSplit, Serializable {

    public TableSplit {
        position = position == null ? "" : position;
        bulkEnd = bulkEnd == null ? "" : bulkEnd;
    }

    /** A split not read yet, whose bulk phase ends at {@code bulkEnd}. */
    public static TableSplit start(String splitId, String bulkEnd, int splits) {
        return new TableSplit(splitId, TablePhase.BULK, "", bulkEnd, 0, splits);
    }

    /** A split found after load start: all of it is incremental, and it takes no part in any bulk phase count. */
    public static TableSplit incremental(String splitId) {
        return new TableSplit(splitId, TablePhase.INCREMENTAL, "", "", 0, 0);
    }

    public TableSplit at(TablePhase newPhase, String newPosition, long newRowsRead) {
        return new TableSplit(splitId, newPhase, newPosition, bulkEnd, newRowsRead, splits);
    }
}
