package dev.veloflink.planner;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.planner.plan.PlanNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A relation a query reads: the plan that produces its rows, their layout, how many of its columns {@code *}
 * expands to, and where the row's {@code _offset} is (for error positions; -1 when it has none). {@code tableKey}
 * is present when the relation is a CREATE TABLE (SPEC §2.1): the positions of its key columns (empty: no key).
 * {@code relationKeys} are the WITH keys scoped to the relation's name ({@code X.missing.strategy}, SPEC §5.6).
 * {@code rowPlace} is what row errors name as the rows' place: a file source's path (SPEC §6.3), else the name.
 */
record RelationInput(String name, String alias, PlanNode node, Schema schema, int visibleColumns, int offsetIndex,
                     int timestampIndex, String description, Optional<List<Integer>> tableKey,
                     Map<String, String> relationKeys, String rowPlace) {

    RelationInput(String name, String alias, PlanNode node, Schema schema, int visibleColumns, int offsetIndex,
                  int timestampIndex, String description, Optional<List<Integer>> tableKey,
                  Map<String, String> relationKeys) {
        this(name, alias, node, schema, visibleColumns, offsetIndex, timestampIndex, description, tableKey,
                relationKeys, node instanceof dev.veloflink.planner.plan.ProviderSourceNode source
                        ? source.provider().rowPlace().orElse(name) : name);
    }

    RelationInput(String name, String alias, PlanNode node, Schema schema, int visibleColumns, int offsetIndex,
                  int timestampIndex, String description) {
        this(name, alias, node, schema, visibleColumns, offsetIndex, timestampIndex, description, Optional.empty(),
                Map.of());
    }

    /**
     * The row-error handler of {@code statement} for rows of this relation: a file source's rows are positioned
     * {@code <path>:<line>} (SPEC §6.3), others {@code <name>:<offset>}.
     */
    dev.veloflink.runtime.RowErrorHandler rowErrors(String statement, dev.veloflink.runtime.ErrorPolicy policy) {
        // Dead letters (dead_letter) show the rows' own columns and Kafka positions as the decoders' do.
        return new dev.veloflink.runtime.RowErrorHandler(statement, name, policy, offsetIndex, rowPlace).withLetters(
                schema.indexOf(dev.veloflink.connectors.SystemColumns.PARTITION),
                schema.indexOf(dev.veloflink.connectors.SystemColumns.TOPIC),
                dev.veloflink.connectors.deadletter.LateRowLetters.ownColumns(new Schema(
                        schema.columns().subList(0, visibleColumns))));
    }

    /**
     * This relation's rows as {@code node} (a join with this relation as its FROM side) emits them, laid out as
     * {@code schema}: row errors keep this relation's positions, its columns come first so its slots stay put.
     */
    RelationInput through(PlanNode node, Schema schema, String description) {
        return new RelationInput(name, alias, node, schema, schema.size(), offsetIndex, timestampIndex, description,
                Optional.empty(), relationKeys, rowPlace);
    }
}
