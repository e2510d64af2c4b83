package dev.veloflink.e2e.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka headers end to end (SPEC §8, §15 Headers): HEADER, HAS_HEADER and HEADER_KEYS read the input message's
 * headers; projections and filters write the input headers with their output; SET_HEADER and REMOVE_HEADER change
 * what is written; DISTINCT, UNION and statement-to-statement reads keep them; inputs other than Kafka have none.
 * Real broker, real MiniCluster, a real .sql file.
 */
class KafkaHeadersITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = VeloApps.miniCluster();

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    @TempDir
    Path dir;

    @Test
    void readsHeadersAndPassesThemThroughAFilter() throws Exception {
        kafka.createTopic("h_in", 1);
        kafka.createTopic("h_out", 1);
        produce("h_in", List.of(
                message("{\"id\":1}", Map.of("trace", "t-1")),
                message("{\"id\":2}", ordered("trace", "t-2", "source", "web")),
                message("{\"id\":3}", Map.of()),
                message("{\"id\":4}", ordered("source", "app", "empty", ""))));

        VeloApps.run(VeloApps.load(dir, "headers_read", """
                CREATE STREAM h_out AS
                SELECT id, HEADER('trace') AS trace, HAS_HEADER('source') AS has_source, HEADER_KEYS() AS header_keys
                FROM h_in
                WHERE id > 1
                WITH (
                    %s,
                    'h_in.columns' = 'id BIGINT',
                    %s
                );
                """.formatted(kafka.boundedSource("h_in"), kafka.sink("h_out"))));

        List<ConsumerRecord<String, String>> out = kafka.readExactly("h_out", 3);
        assertThat(out).extracting(ConsumerRecord::value).containsExactly(
                "{\"id\":2,\"trace\":\"t-2\",\"has_source\":true,\"header_keys\":[\"source\",\"trace\"]}",
                "{\"id\":3,\"trace\":null,\"has_source\":false,\"header_keys\":[]}",
                "{\"id\":4,\"trace\":null,\"has_source\":true,\"header_keys\":[\"empty\",\"source\"]}");
        // SPEC §8: a filter keeps the input headers.
        assertThat(out).extracting(r -> headers(r)).containsExactly(
                ordered("trace", "t-2", "source", "web"),
                Map.of(),
                ordered("source", "app", "empty", ""));
    }

    @Test
    void aStreamTableJoinKeepsTheHeadersOfItsFromSide() throws Exception {
        kafka.createTopic("hj_in", 1);
        kafka.createTopic("hj_out", 1);
        java.nio.file.Files.writeString(dir.resolve("hj_tiers.csv"), "id,tier\n1,gold\n2,silver\n");
        produce("hj_in", List.of(
                message("{\"id\":1}", Map.of("trace", "t-1")),
                message("{\"id\":2}", ordered("trace", "t-2", "source", "web"))));

        VeloApps.run(VeloApps.load(dir, "headers_join", """
                CREATE STREAM hj_out AS
                SELECT o.id, t.tier, HEADER('trace') AS trace
                FROM hj_in o
                JOIN tiers t ON o.id = t.id
                WITH (
                    %s,
                    'hj_in.columns' = 'id BIGINT',
                    'tiers.type' = 'file_source',
                    'tiers.path' = './hj_tiers.csv',
                    'tiers.key.fields' = 'id',
                    %s
                );
                """.formatted(kafka.boundedSource("hj_in"), kafka.sink("hj_out"))));

        List<ConsumerRecord<String, String>> out = kafka.readExactly("hj_out", 2);
        assertThat(out).extracting(ConsumerRecord::value).containsExactly(
                "{\"id\":1,\"tier\":\"gold\",\"trace\":\"t-1\"}",
                "{\"id\":2,\"tier\":\"silver\",\"trace\":\"t-2\"}");
        // SPEC §8: a join keeps the headers of its FROM side.
        assertThat(out).extracting(r -> headers(r)).containsExactly(
                Map.of("trace", "t-1"), ordered("trace", "t-2", "source", "web"));
    }

    @Test
    void anAggregationTakesTheHeadersOfItsGroupsLastInputRow() throws Exception {
        kafka.createTopic("ha_in", 1);
        kafka.createTopic("ha_out", 1);
        produce("ha_in", List.of(
                message("{\"k\":\"a\",\"v\":1}", Map.of("trace", "t-1")),
                message("{\"k\":\"b\",\"v\":2}", Map.of("trace", "t-2")),
                message("{\"k\":\"a\",\"v\":3}", ordered("trace", "t-3", "source", "app"))));

        VeloApps.run(VeloApps.load(dir, "headers_aggregate", """
                CREATE STREAM ha_out AS
                SELECT k, SUM(v) AS total
                FROM ha_in
                GROUP BY k
                EMIT CHANGES
                WITH (
                    %s,
                    'ha_in.columns' = 'k STRING, v BIGINT',
                    %s
                );
                """.formatted(kafka.boundedSource("ha_in"), kafka.sink("ha_out"))));

        List<ConsumerRecord<String, String>> out = kafka.readExactly("ha_out", 3);
        assertThat(out).extracting(ConsumerRecord::key, ConsumerRecord::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", "{\"k\":\"a\",\"total\":1}"),
                org.assertj.core.groups.Tuple.tuple("b", "{\"k\":\"b\",\"total\":2}"),
                org.assertj.core.groups.Tuple.tuple("a", "{\"k\":\"a\",\"total\":4}"));
        // SPEC §8: an aggregation takes the headers of the group's last input row.
        assertThat(out).extracting(r -> headers(r)).containsExactly(
                Map.of("trace", "t-1"), Map.of("trace", "t-2"), ordered("trace", "t-3", "source", "app"));
    }

    @Test
    void setAndRemoveHeaderChangeTheOutputHeaders() throws Exception {
        kafka.createTopic("hs_in", 1);
        kafka.createTopic("hs_out", 1);
        produce("hs_in", List.of(
                message("{\"id\":1,\"amount\":12.50}", ordered("secret", "s1", "trace", "t-1")),
                message("{\"id\":2,\"amount\":3.00}", Map.of())));

        VeloApps.run(VeloApps.load(dir, "headers_write", """
                CREATE STREAM hs_out AS
                SELECT id,
                       SET_HEADER('amount', amount) AS amount_text,
                       REMOVE_HEADER('secret') AS removed,
                       SET_HEADER('trace', CONCAT(COALESCE(HEADER('trace'), 'none'), '/velo')) AS trace
                FROM hs_in
                WITH (
                    %s,
                    'hs_in.columns' = 'id BIGINT, amount DECIMAL(10,2)',
                    %s
                );
                """.formatted(kafka.boundedSource("hs_in"), kafka.sink("hs_out"))));

        List<ConsumerRecord<String, String>> out = kafka.readExactly("hs_out", 2);
        assertThat(out).extracting(ConsumerRecord::value).containsExactly(
                "{\"id\":1,\"amount_text\":\"12.50\",\"removed\":\"s1\",\"trace\":\"t-1/velo\"}",
                "{\"id\":2,\"amount_text\":\"3.00\",\"removed\":null,\"trace\":\"none/velo\"}");
        assertThat(headers(out.get(0))).isEqualTo(Map.of("trace", "t-1/velo", "amount", "12.50"));
        assertThat(headers(out.get(1))).isEqualTo(Map.of("trace", "none/velo", "amount", "3.00"));
    }

    /**
     * SPEC §8 through DISTINCT (the first occurrence's headers; headers are not part of the key), UNION (each
     * branch's own: a file branch has none) and a statement reading another's stream in-process (the headers the
     * producer carries, SET_HEADER included, readable with HEADER()).
     */
    @Test
    void headersGoThroughDistinctUnionAndStatementToStatementReads() throws Exception {
        kafka.createTopic("hd_in", 1);
        for (String out : List.of("hd_distinct", "hd_union", "hd_chain")) {
            kafka.createTopic(out, 1);
        }
        Files.writeString(dir.resolve("hd_names.csv"), "k\nc\n");
        produce("hd_in", List.of(
                message("{\"k\":\"a\"}", Map.of("trace", "t-1")),
                message("{\"k\":\"a\"}", Map.of("trace", "t-2")),
                message("{\"k\":\"b\"}", Map.of("trace", "t-3"))));

        VeloApps.run(VeloApps.load(dir, "headers_everywhere", """
                CREATE STREAM hd_distinct AS
                SELECT DISTINCT k FROM hd_in
                WITH (%1$s, 'hd_in.columns' = 'k STRING', %2$s);

                CREATE STREAM hd_union AS
                SELECT k FROM hd_in
                UNION
                SELECT k FROM names
                WITH (%1$s, 'hd_in.columns' = 'k STRING',
                      'names.type' = 'file_source', 'names.path' = 'hd_names.csv', 'names.columns' = 'k STRING',
                      %3$s);

                CREATE STREAM hd_mid AS
                SELECT k, SET_HEADER('stage', 'mid') AS stage FROM hd_in
                WITH (%1$s, 'hd_in.columns' = 'k STRING');

                CREATE STREAM hd_chain AS
                SELECT k, stage, HEADER('trace') AS trace FROM hd_mid
                WITH (%4$s);
                """.formatted(kafka.boundedSource("hd_in"), kafka.sink("hd_distinct"), kafka.sink("hd_union"),
                kafka.sink("hd_chain"))));

        List<ConsumerRecord<String, String>> distinct = kafka.readExactly("hd_distinct", 2);
        assertThat(distinct).extracting(ConsumerRecord::value).containsExactly("{\"k\":\"a\"}", "{\"k\":\"b\"}");
        assertThat(distinct).extracting(r -> headers(r)).containsExactly(Map.of("trace", "t-1"),
                Map.of("trace", "t-3"));

        // The branches are read side by side: no order between them.
        assertThat(kafka.readExactly("hd_union", 3)).extracting(ConsumerRecord::value, r -> headers(r))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("{\"k\":\"a\"}", Map.of("trace", "t-1")),
                        org.assertj.core.groups.Tuple.tuple("{\"k\":\"b\"}", Map.of("trace", "t-3")),
                        org.assertj.core.groups.Tuple.tuple("{\"k\":\"c\"}", Map.of()));

        List<ConsumerRecord<String, String>> chain = kafka.readExactly("hd_chain", 3);
        assertThat(chain).extracting(ConsumerRecord::value).containsExactly(
                "{\"k\":\"a\",\"stage\":\"mid\",\"trace\":\"t-1\"}",
                "{\"k\":\"a\",\"stage\":\"mid\",\"trace\":\"t-2\"}",
                "{\"k\":\"b\",\"stage\":\"mid\",\"trace\":\"t-3\"}");
        assertThat(chain).extracting(r -> headers(r)).containsExactly(
                Map.of("trace", "t-1", "stage", "mid"), Map.of("trace", "t-2", "stage", "mid"),
                Map.of("trace", "t-3", "stage", "mid"));
    }

    @Test
    void aFileSourceHasNoHeaders() throws Exception {
        kafka.createTopic("hf_out", 1);
        Files.writeString(dir.resolve("rows.csv"), "id\n1\n2\n");

        VeloApps.run(VeloApps.load(dir, "headers_file", """
                CREATE STREAM hf_out AS
                SELECT id, HEADER('trace') AS trace, HAS_HEADER('trace') AS has_trace, HEADER_KEYS() AS header_keys
                FROM rows
                WITH (
                    'rows.type' = 'file_source',
                    'rows.path' = 'rows.csv',
                    'rows.columns' = 'id BIGINT',
                    %s
                );
                """.formatted(kafka.sink("hf_out"))));

        List<ConsumerRecord<String, String>> out = kafka.readExactly("hf_out", 2);
        assertThat(out).extracting(ConsumerRecord::value).containsExactly(
                "{\"id\":1,\"trace\":null,\"has_trace\":false,\"header_keys\":[]}",
                "{\"id\":2,\"trace\":null,\"has_trace\":false,\"header_keys\":[]}");
        assertThat(out).allSatisfy(r -> assertThat(r.headers().toArray()).isEmpty());
    }

    // ------------------------------------------------------------------ helpers

    private record Message(String value, Map<String, String> headers) {
    }

    private static Message message(String value, Map<String, String> headers) {
        return new Message(value, headers);
    }

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static void produce(String topic, List<Message> messages) {
        try (KafkaProducer<String, String> producer = kafka.producer()) {
            for (Message m : messages) {
                List<Header> headers = new ArrayList<>();
                m.headers().forEach((k, v) -> headers.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
                producer.send(new ProducerRecord<>(topic, 0, null, null, m.value(), headers));
            }
            producer.flush();
        }
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            map.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return map;
    }

}
