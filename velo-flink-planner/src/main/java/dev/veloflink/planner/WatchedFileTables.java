package dev.veloflink.planner;

import dev.veloflink.connectors.table.TableLoadSlots;
import dev.veloflink.connectors.table.file.FileTableProvider;
import dev.veloflink.planner.plan.FileSourceNode;
import dev.veloflink.planner.plan.ProviderSourceNode;

/**
 * A watching file_source used as a table (the table side of a join, the FROM of a subquery) is read by a
 * {@link FileTableProvider}: its bulk phase ends at the files' sizes at load start, so the table becomes ready and
 * the rows waiting for it are released; lines appended and files added later are loaded after. Read as a plain
 * watching file it would never end, and so never be ready. A bounded file_source stays a plain file read, which ends
 * and so makes the table ready by itself.
 */
final class WatchedFileTables {
    private WatchedFileTables() {
    }

    /** The relation read as a file table when it is a watching file_source; otherwise the relation itself. */
    static RelationInput asTable(RelationInput relation) {
        if (!(relation.node() instanceof FileSourceNode file) || !file.options().watching()) {
            return relation;
        }
        FileTableProvider provider = new FileTableProvider(file.statement(), file.options(), file.decoder(),
                file.schemaOrigin(), relation.relationKeys().get(TableLoadSlots.APP_MAX_PARALLEL_LOADS));
        ProviderSourceNode node = new ProviderSourceNode(file.statement(), file.options().name(), provider,
                file.schema(), file.eventTime(), file.eventTimeErrors());
        return new RelationInput(relation.name(), relation.alias(), node, relation.schema(), relation.visibleColumns(),
                relation.offsetIndex(), relation.timestampIndex(), provider.describe(), relation.tableKey(),
                relation.relationKeys());
    }

    static boolean isFileTable(RelationInput relation) {
        return relation.node() instanceof ProviderSourceNode source && source.provider() instanceof FileTableProvider;
    }
}
