package dev.veloflink.session;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionsTest {
    private static final List<String> NAMES = List.of("big_orders", "order_id", "customer", "amount");

    @Test
    void completesKeywordsInTheCaseTyped() {
        assertThat(Completions.candidates("SEL", 3, NAMES)).containsExactly("SELECT");
        assertThat(Completions.candidates("sel", 3, NAMES)).containsExactly("select");
        assertThat(Completions.candidates("SHOW STR", 8, NAMES)).containsExactly("STREAM", "STREAMS");
    }

    @Test
    void completesStreamAndColumnNamesAtTheCursor() {
        assertThat(Completions.candidates("SELECT cu FROM big", 9, NAMES)).containsExactly("customer");
        assertThat(Completions.candidates("SELECT customer FROM big", 24, NAMES)).containsExactly("big_orders");
        assertThat(Completions.candidates("SELECT ord", 10, NAMES)).containsExactly("order", "order_id");
    }
}
