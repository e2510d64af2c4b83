package dev.veloflink.connectors.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veloflink.functions.text.TextForms;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder's own Jackson buffers: the mapper reads exactly as {@link TextForms#EXACT_JSON}, buffers are reused
 * from one parser to the next, and two parsers open at once do not share a buffer.
 */
class OwnBufferRecyclerPoolTest {

    @Test
    void theDecodersMapperReadsExactlyAsTheSharedOneOverManyRecordsOfAllSizes() throws Exception {
        ObjectMapper own = RecordDecoder.exactJsonWithOwnBuffers();
        List<String> records = new ArrayList<>();
        records.add("{\"d\":12.50,\"e\":1.0E+3,\"big\":123456789012345678901234567890,\"s\":\"a\\u0041\"}");
        // Longer than the default token and text buffers, then short again: buffers grow and are reused.
        records.add("{\"s\":\"" + "x".repeat(70_000) + "\",\"n\":[1,2.50,{\"k\":null}]}");
        records.add("{\"t\":true,\"f\":false,\"z\":-0.000}");
        records.add("{\"" + "k".repeat(5_000) + "\":\"" + "é".repeat(9_000) + "\"}");
        for (int round = 0; round < 3; round++) {
            for (String text : records) {
                JsonNode expected = TextForms.EXACT_JSON.readTree(text);
                try (JsonParser parser = own.createParser(text)) {
                    parser.nextToken();
                    JsonNode actual = parser.readValueAsTree();
                    assertThat(actual).isEqualTo(expected);
                    // Equal trees could still differ in a decimal's written scale: compare the text forms too.
                    assertThat(actual.toString()).isEqualTo(expected.toString());
                }
            }
        }
        assertThat(own.readTree("{\"d\":12.50}").get("d").decimalValue()).hasToString("12.50");
    }

    @Test
    void twoParsersOpenAtOnceReadTheirOwnText() throws Exception {
        ObjectMapper own = RecordDecoder.exactJsonWithOwnBuffers();
        try (JsonParser first = own.createParser("{\"a\":\"first\"}");
             JsonParser second = own.createParser("{\"a\":\"second\"}")) {
            List<String> texts = new ArrayList<>();
            for (JsonToken t1 = first.nextToken(), t2 = second.nextToken(); t1 != null || t2 != null;
                 t1 = first.nextToken(), t2 = second.nextToken()) {
                if (t1 == JsonToken.VALUE_STRING) {
                    texts.add(first.getText());
                }
                if (t2 == JsonToken.VALUE_STRING) {
                    texts.add(second.getText());
                }
            }
            assertThat(texts).containsExactly("first", "second");
        }
    }

    @Test
    void aTakenBufferLeavesItsSlotEmptyAndAReturnedOneIsHandedOutAgain() {
        OwnBufferRecyclerPool pool = new OwnBufferRecyclerPool();
        BufferRecycler recycler = pool.acquireAndLinkPooled();
        assertThat(pool.acquirePooled()).isSameAs(recycler);
        assertThat(recycler.isLinkedWithPool()).isFalse();

        char[] taken = recycler.allocCharBuffer(BufferRecycler.CHAR_TOKEN_BUFFER, 10);
        char[] meanwhile = recycler.allocCharBuffer(BufferRecycler.CHAR_TOKEN_BUFFER, 10);
        assertThat(meanwhile).isNotSameAs(taken);
        recycler.releaseCharBuffer(BufferRecycler.CHAR_TOKEN_BUFFER, taken);
        assertThat(recycler.allocCharBuffer(BufferRecycler.CHAR_TOKEN_BUFFER, 10)).isSameAs(taken);
        recycler.releaseCharBuffer(BufferRecycler.CHAR_TOKEN_BUFFER, taken);
        // Too small for the request: a new, big enough one.
        assertThat(recycler.allocCharBuffer(BufferRecycler.CHAR_TOKEN_BUFFER, taken.length + 1))
                .hasSizeGreaterThanOrEqualTo(taken.length + 1);

        byte[] bytes = recycler.allocByteBuffer(BufferRecycler.BYTE_READ_IO_BUFFER, 100);
        recycler.releaseByteBuffer(BufferRecycler.BYTE_READ_IO_BUFFER, bytes);
        // A smaller buffer given back does not replace a larger one.
        recycler.releaseByteBuffer(BufferRecycler.BYTE_READ_IO_BUFFER, new byte[1]);
        assertThat(recycler.allocByteBuffer(BufferRecycler.BYTE_READ_IO_BUFFER, 100)).isSameAs(bytes);
    }
}
