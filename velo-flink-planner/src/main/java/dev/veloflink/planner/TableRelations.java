package dev.veloflink.planner;

import dev.veloflink.connectors.SourceProvider;
import dev.veloflink.connectors.TableReadException;
import dev.veloflink.connectors.TableRequest;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.table.TableLoadSlots;
import dev.veloflink.dialect.ast.Node;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.plan.ProviderSourceNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a table is (SPEC §12.1, §13.1), the one answer the stream-table join and the subquery share: a CREATE TABLE,
 * or a source whose provider says it can be one ({@link dev.veloflink.connectors.TableRole}): always (a
 * file_source, read as a file table when watching; a jdbc_source) or when keyed (a kafka_source with
 * {@code X.key.fields} or schema fields marked {@code key: true}), which is then read as the table its provider
 * gives (a Kafka table: bulk to the end offsets captured at start, then incremental).
 */
final class TableRelations {
    private TableRelations() {
    }

    /**
     * A relation read as a table.
     *
     * @param relation  the relation as the table is read (its node may be another provider than the stream's)
     * @param storedKey the columns the table's rows are stored by: a CREATE TABLE's key, else {@code X.key.fields},
     *                  else the schema fields marked {@code key: true}; empty: every row is kept
     */
    record TableRead(RelationInput relation, List<Integer> storedKey) {
        TableRead {
            storedKey = List.copyOf(storedKey);
        }

        /**
         * Whether the table loads again after a restore before its readers go on (a Kafka table), so that they hold
         * their rows until it is ready anew.
         */
        boolean reloadsAfterRestore() {
            return relation.node() instanceof ProviderSourceNode source && source.provider().reloadsAfterRestore();
        }
    }

    /**
     * {@code relation} read as a table, or empty when it is a stream.
     *
     * @param parallelism the statement's, which the table's readers may use (a Kafka table's partitions)
     */
    static Optional<TableRead> asTable(BindContext context, Node at, RelationInput relation,
                                       Map<String, String> statementKeys, int parallelism) {
        List<Integer> keyFields = keyFields(context, at, relation);
        List<Integer> storedKey = relation.tableKey().orElseGet(() -> keyFields.isEmpty()
                ? sourceKey(relation) : keyFields);
        if (relation.tableKey().isPresent()) {
            return Optional.of(new TableRead(relation, storedKey));
        }
        if (!(relation.node() instanceof ProviderSourceNode source)) {
            return Optional.empty();
        }
        // What the source can be is the provider's to say (TableRole), not the planner's to guess from its class.
        boolean table = switch (source.provider().tableRole()) {
            case STREAM_ONLY -> false;
            case TABLE -> true;
            case TABLE_WHEN_KEYED -> !storedKey.isEmpty();
        };
        if (!table) {
            return Optional.empty();
        }
        SourceProvider provider;
        try {
            provider = source.provider().asTable(new TableRequest(source.statement(),
                    errorStrategy(relation, statementKeys),
                    relation.relationKeys().get(TableLoadSlots.APP_MAX_PARALLEL_LOADS), storedKey, parallelism));
        } catch (TableReadException e) {
            throw context.error("E304", at, "'" + relation.name() + "': " + e.getMessage(), e.expected(), null);
        }
        if (provider == source.provider()) {
            return Optional.of(new TableRead(relation, storedKey));
        }
        ProviderSourceNode node = new ProviderSourceNode(source.statement(), source.name(), provider,
                source.schema(), source.eventTime(), source.eventTimeErrors());
        return Optional.of(new TableRead(new RelationInput(relation.name(), relation.alias(), node, relation.schema(),
                relation.visibleColumns(), relation.offsetIndex(), relation.timestampIndex(),
                provider.describe(), relation.tableKey(), relation.relationKeys()), storedKey));
    }

    /** The source's {@code X.error.strategy}, else the statement's {@code error.strategy}, else skip (SPEC §6.3). */
    private static ErrorStrategy errorStrategy(RelationInput relation, Map<String, String> statementKeys) {
        String own = relation.relationKeys().get("error.strategy");
        String text = own != null ? own : statementKeys.getOrDefault("error.strategy", "skip");
        return ErrorStrategy.parse(text).orElse(ErrorStrategy.SKIP);
    }

    /**
     * The columns named by {@code 'X.key.fields' = 'a,b'} (SPEC §12.1) for a source read as a table; empty when
     * unset or for a CREATE TABLE, whose key is its own. An unknown column is E201.
     */
    private static List<Integer> keyFields(BindContext context, Node at, RelationInput table) {
        String text = table.relationKeys().get("key.fields");
        if (text == null || table.tableKey().isPresent()) {
            return List.of();
        }
        List<Integer> key = new ArrayList<>();
        for (String name : text.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            int index = table.schema().indexOf(name.strip());
            if (index < 0 || index >= table.visibleColumns()) {
                List<String> names = table.schema().names().subList(0, table.visibleColumns());
                throw context.error("E201", at, "unknown column '" + name.strip() + "' in " + table.name()
                        + ".key.fields", "a column of " + table.name() + " (" + String.join(", ", names) + ")", null);
            }
            key.add(index);
        }
        return key;
    }

    /** A source read as a table is keyed by its schema fields marked {@code key: true} (SPEC §12.1). */
    private static List<Integer> sourceKey(RelationInput relation) {
        List<Integer> key = new ArrayList<>();
        for (int i = 0; i < relation.visibleColumns(); i++) {
            if (relation.schema().column(i).key()) {
                key.add(i);
            }
        }
        return key;
    }
}
