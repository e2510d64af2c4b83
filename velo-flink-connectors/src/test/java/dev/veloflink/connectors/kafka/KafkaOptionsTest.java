package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.options.InvalidOptionException;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaOptionsTest {
    private static final Schema TWO = new Schema(List.of(new Column("a", Types.STRING), new Column("b", Types.INTEGER)));

    @Test
    void sourceDefaultsFollowTheSpec() {
        KafkaSourceOptions o = KafkaSourceOptions.fromProperties("big_orders", "orders", Map.of());
        assertThat(o.topic()).isEqualTo("orders");
        assertThat(o.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(o.groupId()).isEqualTo("velo-big_orders-big_orders-orders");
        assertThat(o.earliest()).isFalse();
        assertThat(o.format()).isEqualTo(KafkaValueFormat.JSON);
        assertThat(o.topicWaitTimeout()).isEqualTo(Duration.ZERO);
        assertThat(o.topicRetryInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.topicRetryStrategy()).isEqualTo(TopicRetryStrategy.FIXED);
        assertThat(o.inferRows()).isEqualTo(1000);
        assertThat(o.inferTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.maxPollRecords()).isNull();
    }

    @Test
    void sourceReadsAliasesAppPassthroughAndBatchSize() {
        KafkaSourceOptions o = KafkaSourceOptions.fromProperties("job", "orders", Map.of("TOPIC.NAME", "o2",
                "Format", "CSV", "velo.app", "shop", "kafka.security.protocol", "PLAINTEXT", "velo.batch_size", "50",
                "auto.offset.reset", "Earliest"));
        assertThat(o.topic()).isEqualTo("o2");
        assertThat(o.format()).isEqualTo(KafkaValueFormat.CSV);
        assertThat(o.groupId()).isEqualTo("velo-shop-job-orders");
        assertThat(o.clientProperties()).containsExactly(Map.entry("security.protocol", "PLAINTEXT"));
        assertThat(o.maxPollRecords()).isEqualTo(50);
        assertThat(o.earliest()).isTrue();
        assertThat(KafkaSourceOptions.knownKeys()).contains("topic", "topic.name", "value.serializer", "columns",
                "infer.timeout", "topic.retry.strategy");
    }

    @Test
    void sourceRejectsInvalidValuesWithE401() {
        assertThatThrownBy(() -> KafkaSourceOptions.fromProperties("j", "s", Map.of("value.format", "xml")))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageStartingWith("E401 invalid value 'xml' for kafka_source key 'value.format'");
        assertThatThrownBy(() -> KafkaSourceOptions.fromProperties("j", "s", Map.of("auto.offset.reset", "none")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("earliest, latest");
        assertThatThrownBy(() -> KafkaSourceOptions.fromProperties("j", "s", Map.of("topic.retry.strategy", "random")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("fixed, exponential, linear");
        assertThatThrownBy(() -> KafkaSourceOptions.fromProperties("j", "s", Map.of("topic.wait.timeout", "soon")))
                .isInstanceOf(InvalidOptionException.class);
    }

    /** Every invalid key in one pass (SPEC §16.1), each naming the key as written (here 'format', not value.format). */
    @Test
    void severalInvalidKeysAreReportedTogether() {
        assertThatThrownBy(() -> KafkaSourceOptions.fromProperties("j", "s", new java.util.TreeMap<>(Map.of(
                "format", "xml", "auto.offset.reset", "none", "topic.wait.timeout", "soon"))))
                .isInstanceOfSatisfying(dev.veloflink.connectors.options.InvalidOptionsException.class, e ->
                        org.assertj.core.api.Assertions.assertThat(e.errors()).extracting(
                                error -> ((InvalidOptionException) error).key())
                                .containsExactly("auto.offset.reset", "format", "topic.wait.timeout"));
        assertThatThrownBy(() -> KafkaSinkOptions.fromProperties("j", "o", Map.of("delivery.guarantee", "twice",
                "topic.retry.interval", "0s")))
                .isInstanceOfSatisfying(dev.veloflink.connectors.options.InvalidOptionsException.class, e ->
                        org.assertj.core.api.Assertions.assertThat(e.errors()).hasSize(2));
    }

    @Test
    void csvTopicWithoutColumnsIsE404AndRawHasOneValueColumn() {
        assertThatThrownBy(() -> new KafkaSourceFactory().create("j", "s", Map.of("value.format", "csv"), Path.of("."),
                dev.veloflink.connectors.decode.ErrorStrategy.SKIP)).hasMessageStartingWith("E404 kafka_source 's'");
        KafkaSourceProvider raw = new KafkaSourceFactory().create("j", "s", Map.of("value.format", "raw",
                "key.field", "k"), Path.of("."), dev.veloflink.connectors.decode.ErrorStrategy.SKIP);
        assertThat(raw.schema().names()).containsExactly("value", "k");
    }

    @Test
    void retryDelaysGrowByStrategy() {
        Duration i = Duration.ofSeconds(5);
        assertThat(TopicRetryStrategy.FIXED.delay(i, 4)).isEqualTo(i);
        assertThat(TopicRetryStrategy.LINEAR.delay(i, 3)).isEqualTo(Duration.ofSeconds(15));
        assertThat(TopicRetryStrategy.EXPONENTIAL.delay(i, 1)).isEqualTo(i);
        assertThat(TopicRetryStrategy.EXPONENTIAL.delay(i, 4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(TopicRetryStrategy.EXPONENTIAL.delay(i, 10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(TopicRetryStrategy.EXPONENTIAL.delay(i, 100)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void sinkDefaultsAndJobMode() {
        KafkaSinkOptions o = KafkaSinkOptions.fromProperties("job", "out", Map.of());
        assertThat(o.topic()).isEqualTo("out");
        assertThat(o.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(o.transactionalIdPrefix()).isEqualTo("velo-job-job");
        assertThat(o.keyFields()).isNull();
        KafkaSinkOptions t = KafkaSinkOptions.fromProperties("job", "out", Map.of("velo.job_mode", "transactional",
                "velo.app", "shop"));
        assertThat(t.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(t.transactionalIdPrefix()).isEqualTo("velo-shop-job");
        KafkaSinkOptions overridden = KafkaSinkOptions.fromProperties("job", "out", Map.of("velo.job_mode",
                "transactional", "delivery.guarantee", "NONE", "key.field", " b , a "));
        assertThat(overridden.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.NONE);
        assertThat(overridden.keyFields()).containsExactly("b", "a");
    }

    @Test
    void sinkKeyComesFromKeyFieldElseTheOutputKey() {
        KafkaSinkFactory factory = new KafkaSinkFactory();
        assertThat(factory.create("j", "out", Map.of("key.field", "b,a"), Path.of("."), TWO, List.of(0))
                .keyColumns()).containsExactly(1, 0);
        assertThat(factory.create("j", "out", Map.of(), Path.of("."), TWO, List.of(1)).keyColumns())
                .containsExactly(1);
        assertThat(factory.create("j", "out", Map.of(), Path.of("."), TWO, List.of()).describe())
                .contains("key none").doesNotContain("transactional");
        assertThatThrownBy(() -> factory.create("j", "out", Map.of("key.field", "c"), Path.of("."), TWO, List.of()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'c' is not one");
        assertThatThrownBy(() -> factory.create("j", "out", Map.of("value.format", "raw"), Path.of("."), TWO,
                List.of())).isInstanceOf(InvalidOptionException.class).hasMessageContaining("exactly one output");
    }

    @Test
    void exactlyOnceDescriptionShowsPrefixAndTimeout() {
        String d = new KafkaSinkFactory().create("j", "out", Map.of("delivery.guarantee", "exactly_once",
                "transactional.id.prefix", "tx", "topic", "t1"), Path.of("."), TWO, List.of(0)).describe();
        assertThat(d).isEqualTo("kafka_sink out: topic 't1' on localhost:9092, value.format json, key a "
                + "(deletions as tombstones), delivery.guarantee exactly_once, transactional.id.prefix tx, "
                + "transaction.timeout 900s (transactions commit on checkpoints; the timeout must exceed checkpoint "
                + "interval + restart time) [KafkaSink]");
    }
}
