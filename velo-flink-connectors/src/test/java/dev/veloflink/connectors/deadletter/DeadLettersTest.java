package dev.veloflink.connectors.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A dead letter too large for its own sink keeps its start and says how much of the record it kept (issue 19 item 5). */
class DeadLettersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLetterThatFitsIsKeptAsItIs() {
        String letter = DeadLetters.json("s", "in", "in/0@7", "decode_error", "bad", "{\"id\":");
        assertThat(DeadLetters.fitted(letter, 1000)).isSameAs(letter);
    }

    @Test
    void aLargeRecordIsCutToFitWithItsSizeInTheMessage() throws Exception {
        // Quotes and a non-ASCII character: the JSON text is longer than the raw record, and UTF-8 longer than chars.
        String record = "{\"note\":\"" + "é\"x".repeat(2000) + "\"}";
        String letter = DeadLetters.json("s", "in", "in/0@7", "decode_error", "bad", record);
        String fitted = DeadLetters.fitted(letter, 1000);

        assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1000).isGreaterThan(900);
        JsonNode node = JSON.readTree(fitted);
        assertThat(node.get("statement").asText()).isEqualTo("s");
        assertThat(node.get("source").asText()).isEqualTo("in");
        assertThat(node.get("position").asText()).isEqualTo("in/0@7");
        assertThat(node.get("reason").asText()).isEqualTo("decode_error");
        String kept = node.get("record").asText();
        assertThat(record).startsWith(kept);
        assertThat(node.get("message").asText()).isEqualTo("bad (record truncated to "
                + kept.getBytes(StandardCharsets.UTF_8).length + " of " + record.getBytes(StandardCharsets.UTF_8).length
                + " bytes)");
    }

    @Test
    void aLetterThatCannotFitEvenWithoutItsRecordIsAnError() {
        String letter = DeadLetters.json("s", "in", "in/0@7", "decode_error", "m".repeat(500), "r".repeat(500));
        assertThatThrownBy(() -> DeadLetters.fitted(letter, 300)).isInstanceOf(IllegalArgumentException.class);
    }
}
