package dev.veloflink.connectors.decode;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Row;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordDecoderTest {
    private static final Schema ORDERS = new Schema(List.of(
            new Column("order_id", Types.INTEGER, false, false),
            new Column("Amount", Types.decimal(10, 2)),
            new Column("note", Types.STRING),
            new Column("placed_at", Types.TIMESTAMP)));
    private static final String HEADER = "order_id,amount,note,placed_at,ignored";
    private static final String PATH = "/data/01.csv";

    private static OneInputStreamOperatorTestHarness<RawRecord, Row> harness(RecordFormat format,
            ErrorStrategy strategy) throws Exception {
        DecoderSpec spec = new DecoderSpec("s", "orders", format, ',', '"', ORDERS, strategy);
        var harness = ProcessFunctionTestHarnesses.forProcessFunction(new RecordDecoder(spec));
        return harness;
    }

    private static RawRecord csv(String text, long line) {
        return RawRecord.ofFile(text, PATH, line, 1714554000000L, HEADER);
    }

    private static long accumulator(OneInputStreamOperatorTestHarness<?, ?> h, String name) {
        Map<String, Accumulator<?, ?>> user = h.getEnvironment().getAccumulatorRegistry().getUserMap();
        Accumulator<?, ?> acc = user.get(name);
        return acc == null ? -1 : ((Number) acc.getLocalValue()).longValue();
    }

    private static String skipped(String reason) {
        return "velo_records_skipped_total{statement=\"s\",source=\"orders\",reason=\"" + reason + "\"}";
    }

    @Test
    void csvFieldsMatchColumnsByNameWithSystemColumnsAfter() throws Exception {
        try (var h = harness(RecordFormat.CSV, ErrorStrategy.SKIP)) {
            h.processElement(new StreamRecord<>(csv("7,12.5,\"a, \"\"b\"\"\",2024-05-01T09:00:00,zzz", 2)));
            h.processElement(new StreamRecord<>(csv("8,,\"\",,", 3)));
            List<Row> rows = h.extractOutputValues();
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)).isEqualTo(Row.of(7, new BigDecimal("12.50"), "a, \"b\"", 1714554000000L,
                    1714554000000L, 2L, null, null, null, null));
            // An empty unquoted field is NULL, "" the empty string.
            assertThat(rows.get(1)).isEqualTo(Row.of(8, null, "", null, 1714554000000L, 3L, null, null, null, null));
            assertThat(accumulator(h, "velo_records_in_total{statement=\"s\",source=\"orders\"}")).isEqualTo(2);
            assertThat(accumulator(h, skipped("type_error"))).isZero();
        }
    }

    @Test
    void headersMayDifferPerFileAndMissingColumnsAreNull() throws Exception {
        try (var h = harness(RecordFormat.CSV, ErrorStrategy.SKIP)) {
            h.processElement(new StreamRecord<>(RawRecord.ofFile("x,3", "/b.csv", 2, 0, "NOTE,ORDER_ID")));
            assertThat(h.extractOutputValues()).containsExactly(Row.of(3, null, "x", null, 0L, 2L, null, null, null, null));
        }
    }

    @Test
    void headerlessCsvMatchesByPosition() throws Exception {
        try (var h = harness(RecordFormat.CSV_NO_HEADER, ErrorStrategy.SKIP)) {
            h.processElement(new StreamRecord<>(RawRecord.ofFile("1,2,n,2024-05-01", "/n.csv", 1, 0, null)));
            h.processElement(new StreamRecord<>(RawRecord.ofFile("1,2,n", "/n.csv", 2, 0, null)));
            assertThat(h.extractOutputValues()).containsExactly(
                    Row.of(1, new BigDecimal("2.00"), "n", 1714521600000L, 0L, 1L, null, null, null, null));
            assertThat(accumulator(h, skipped("decode_error"))).isEqualTo(1);
        }
    }

    @Test
    void everyReasonIsCountedUnderSkip() throws Exception {
        try (var h = harness(RecordFormat.CSV, ErrorStrategy.SKIP)) {
            h.processElement(new StreamRecord<>(csv("1,2", 2)));                        // field count
            h.processElement(new StreamRecord<>(csv("1,\"open,x,y,z", 3)));            // unterminated quote
            h.processElement(new StreamRecord<>(csv("4.7,1,x,,", 4)));                  // type error
            h.processElement(new StreamRecord<>(csv(",1,x,,", 5)));                     // NOT NULL
            h.processElement(new StreamRecord<>(csv("99999999999,1,x,,", 6)));          // out of range
            h.processElement(new StreamRecord<>(csv("5,1,x,,", 7)));
            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(accumulator(h, skipped("decode_error"))).isEqualTo(2);
            assertThat(accumulator(h, skipped("type_error"))).isEqualTo(2);
            assertThat(accumulator(h, skipped("null_violation"))).isEqualTo(1);
            assertThat(accumulator(h, "velo_records_in_total{statement=\"s\",source=\"orders\"}")).isEqualTo(1);
            assertThat(h.getSideOutput(RecordDecoder.DEAD_LETTERS)).isNull();
        }
    }

    @Test
    void failThrowsE503NamingStatementSourcePositionAndReason() throws Exception {
        try (var h = harness(RecordFormat.CSV, ErrorStrategy.FAIL)) {
            assertThatThrownBy(() -> h.processElement(new StreamRecord<>(csv("4.7,1,x,,", 7))))
                    .isInstanceOf(SuppressRestartsException.class)
                    .cause().isInstanceOf(BadRecordFailure.class)
                    .hasMessage("E503 bad record in statement 's', source 'orders' at /data/01.csv:7: "
                            + "type_error: '4.7' is not an INTEGER");
        }
        try (var h = harness(RecordFormat.JSON, ErrorStrategy.FAIL)) {
            RawRecord kafka = new RawRecord("{\"order_id\":", "orders-topic", 42, 3, 0, "k", null);
            assertThatThrownBy(() -> h.processElement(new StreamRecord<>(kafka)))
                    .isInstanceOf(SuppressRestartsException.class)
                    .cause().hasMessageStartingWith("E503 bad record in statement 's', source 'orders' at orders-topic/3@42: "
                            + "decode_error: malformed JSON")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void deadLetterEmitsTheRecordAsJson() throws Exception {
        try (var h = harness(RecordFormat.CSV, ErrorStrategy.DEAD_LETTER)) {
            h.processElement(new StreamRecord<>(csv(",1,\"multi\nline\",,", 3)));
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(RecordDecoder.DEAD_LETTERS)).extracting(StreamRecord::getValue)
                    .containsExactly("{\"statement\":\"s\",\"source\":\"orders\",\"position\":\"/data/01.csv:3\","
                            + "\"reason\":\"null_violation\",\"message\":\"column 'order_id' is NOT NULL but the "
                            + "value is NULL\",\"record\":\",1,\\\"multi\\nline\\\",,\"}");
            assertThat(accumulator(h, skipped("null_violation"))).isEqualTo(1);
        }
    }

    @Test
    void jsonFieldsMatchByNameCaseInsensitivelyKeepingExactDecimals() throws Exception {
        try (var h = harness(RecordFormat.JSON, ErrorStrategy.SKIP)) {
            h.processElement(new StreamRecord<>(new RawRecord(
                    "{\"ORDER_ID\": 1, \"amount\": 0.125, \"note\": {\"k\": [1, 2]}, \"other\": [1, {\"x\": 2}]}",
                    "topic", 9, 0, 77L, "key-1", null)));
            h.processElement(new StreamRecord<>(RawRecord.ofFile("{\"order_id\": 2, \"note\": null}", "/j", 4, 5,
                    null)));
            h.processElement(new StreamRecord<>(RawRecord.ofFile("[1,2]", "/j", 5, 5, null)));
            h.processElement(new StreamRecord<>(RawRecord.ofFile("{\"order_id\": 3} trailing", "/j", 6, 5, null)));
            h.processElement(new StreamRecord<>(RawRecord.ofFile("{\"order_id\": \"x\"}", "/j", 7, 5, null)));
            assertThat(h.extractOutputValues()).containsExactly(
                    Row.of(1, new BigDecimal("0.13"), "{\"k\":[1,2]}", null, 77L, 9L, 0, "topic", "key-1", null),
                    Row.of(2, null, null, null, 5L, 4L, null, null, null, null));
            assertThat(accumulator(h, skipped("decode_error"))).isEqualTo(2);
            assertThat(accumulator(h, skipped("type_error"))).isEqualTo(1);
        }
    }

    @Test
    void outputSchemaAppendsSystemColumns() {
        RecordDecoder decoder = new RecordDecoder(new DecoderSpec("s", "o", RecordFormat.CSV, ',', '"', ORDERS,
                ErrorStrategy.SKIP));
        assertThat(decoder.outputSchema().names()).containsExactly("order_id", "Amount", "note", "placed_at",
                SystemColumns.TIMESTAMP, SystemColumns.OFFSET, SystemColumns.PARTITION, SystemColumns.TOPIC,
                SystemColumns.KEY, SystemColumns.HEADERS);
        assertThat(decoder.getProducedType().getArity()).isEqualTo(10);
    }

    @Test
    void csvFieldParser() {
        CsvFieldParser p = new CsvFieldParser(';', '\'');
        assertThat(p.parse("a;;'';'x;''y'''")).isEqualTo(4);
        assertThat(java.util.Arrays.asList(p.fields()).subList(0, 4)).containsExactly("a", null, "", "x;'y'");
        assertThat(p.parse(";")).isEqualTo(2);
        assertThatThrownBy(() -> p.parse("'a'b;c")).hasMessageContaining("after the closing quote");
    }
}
