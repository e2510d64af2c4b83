package dev.veloflink.planner.join;

import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code join.missing.defaults} text (SPEC §12.2). */
class MissingDefaultsTest {

    @Test
    void plainAndQuotedValues() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("name", "Smith, J.");
        expected.put("tier", "none");
        expected.put("note", "it's");
        assertThat(MissingDefaults.parse("name='Smith, J.',Tier=none, note='it''s'"))
                .containsExactlyEntriesOf(expected);
    }

    @Test
    void anEmptyValueIsTheEmptyString() {
        assertThat(MissingDefaults.parse("name=,tier=x")).containsEntry("name", "").containsEntry("tier", "x");
    }

    @Test
    void malformedTextIsRejected() {
        assertThatThrownBy(() -> MissingDefaults.parse("name")).hasMessageContaining("col=value");
        assertThatThrownBy(() -> MissingDefaults.parse("name='open")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> MissingDefaults.parse("=x")).hasMessageContaining("column name");
    }

    @Test
    void tableKeyIsThePrimaryKeyItemsPositions() {
        Query.Select select = new Query.Select(null, false, List.of(
                new Query.ExprItem(null, null, java.util.Optional.empty(), false),
                new Query.AllColumns(null, java.util.Optional.empty()),
                new Query.ExprItem(null, null, java.util.Optional.empty(), true)),
                java.util.Optional.empty(), List.of(), java.util.Optional.empty(), List.of(),
                java.util.Optional.empty(), java.util.Optional.empty(), List.of(), java.util.OptionalLong.empty(),
                java.util.Optional.empty());
        Schema output = new Schema(List.of(new Column("a", Types.STRING), new Column("b", Types.STRING),
                new Column("c", Types.STRING), new Column("d", Types.STRING)));
        assertThat(TableKeys.primaryKey(select, output)).containsExactly(3);
    }
}
