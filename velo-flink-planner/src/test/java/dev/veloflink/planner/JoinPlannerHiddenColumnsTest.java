package dev.veloflink.planner;

import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.ast.Query;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which selects may read a hidden (system) column of a joined table: only those that do keep the table's system
 * columns on the way to the join (the others get NULLs there).
 */
class JoinPlannerHiddenColumnsTest {

    @Test
    void aSystemColumnOrASubqueryAnywhereInTheSelectCounts() {
        String[] reading = {
                "SELECT o.a, c._key FROM o JOIN c ON o.a = c.a",
                "SELECT o.a, UPPER(c._topic) AS t FROM o JOIN c ON o.a = c.a",
                "SELECT o.a FROM o JOIN c ON o.a = c.a WHERE c._topic = 't'",
                "SELECT o.a FROM o JOIN c ON o.a = c.a AND c._partition = 1",
                "SELECT o.a FROM o JOIN c ON o.a = c.a JOIN d ON d.a = c._offset",
                "SELECT o.a, CASE WHEN o.a > 1 THEN _timestamp END AS t FROM o JOIN c ON o.a = c.a",
                "SELECT o.a, c._event_time FROM o JOIN c ON o.a = c.a",
                "SELECT o.a, (SELECT x FROM s WHERE s.k = c.a) AS y FROM o JOIN c ON o.a = c.a",
                "SELECT o.a FROM o JOIN c ON o.a = c.a WHERE EXISTS (SELECT 1 FROM s WHERE s.k = c._key)",
                "SELECT c.a, COUNT(*) AS n FROM o JOIN c ON o.a = c.a GROUP BY c.a, c._partition",
                "SELECT c.a, COUNT(*) AS n FROM o JOIN c ON o.a = c.a GROUP BY c.a HAVING MAX(c._offset) > 5"};
        for (String query : reading) {
            assertThat(JoinPlanner.readsHiddenColumns(select(query))).as(query).isTrue();
        }
        String[] notReading = {
                "SELECT o.a, c.* FROM o JOIN c ON o.a = c.a WHERE c.b > 1",
                "SELECT * FROM o JOIN c ON o.a = c.a AND c.tier = 'gold'",
                "SELECT o.a, HEADER('h') AS h FROM o JOIN c ON o.a = c.a"};
        for (String query : notReading) {
            assertThat(JoinPlanner.readsHiddenColumns(select(query))).as(query).isFalse();
        }
    }

    private static Query.Select select(String text) {
        return (Query.Select) VeloParser.parseQuery(text);
    }
}
