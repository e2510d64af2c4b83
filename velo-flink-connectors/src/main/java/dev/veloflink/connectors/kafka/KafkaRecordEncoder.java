package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.deadletter.DeadLetters;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.functions.metrics.VeloCounters;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serializes a kafka_sink's rows ({@link KafkaRowSerializer}) and checks each record against the producer's
 * {@code max.request.size} before Flink's KafkaSink gets it (issue 19 item 5). A record over it is a bad record of the
 * statement's {@code error.strategy} (SPEC §6.3, reason {@code too_large}): {@code fail} ends the job without restart
 * with one line (E503) naming the statement, the sink, the topic, the size and the key to raise; {@code skip} drops
 * it, counts it in {@code velo_records_skipped_total{statement,source=<sink>,reason="too_large"}} and logs it with its
 * position; {@code dead_letter} does the same and also emits a dead letter on {@link #TOO_LARGE}.
 */
final class KafkaRecordEncoder extends ProcessFunction<Row, KafkaOutRecord> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordEncoder.class);
    /** The dead letters of records over the limit, under {@code dead_letter}. */
    static final OutputTag<String> TOO_LARGE = new OutputTag<>("kafka-too-large", Types.STRING);
    static final String REASON = "too_large";

    private final KafkaRowSerializer serializer;
    private final OversizeGuard guard;
    /** Avro values are binary: a dead letter carries them in base64, as decoder letters do. */
    private final boolean binaryValues;
    private transient Counter skipped;

    KafkaRecordEncoder(KafkaRowSerializer serializer, OversizeGuard guard, boolean binaryValues) {
        this.serializer = serializer;
        this.guard = guard;
        this.binaryValues = binaryValues;
    }

    @Override
    public void open(OpenContext openContext) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("statement", guard.statement());
        labels.put("source", guard.sink());
        labels.put("reason", REASON);
        skipped = VeloCounters.counter(getRuntimeContext(), "velo_records_skipped_total", labels);
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<KafkaOutRecord> out) {
        ProducerRecord<byte[], byte[]> record = serializer.serialize(row, null, ctx.timestamp());
        if (record == null) {
            return;
        }
        long size = OversizeGuard.sizeOf(record);
        if (guard.fits(size)) {
            out.collect(KafkaOutRecord.of(record));
            return;
        }
        if (guard.strategy() == ErrorStrategy.FAIL) {
            throw guard.failure(size, record.key());
        }
        skipped.inc();
        String position = guard.position(record.key());
        String problem = guard.problem(size, record.key());
        LOG.warn("statement '{}': skipped a record for kafka_sink '{}' at {}: {}: {}", guard.statement(),
                guard.sink(), position, REASON, problem);
        if (guard.strategy() == ErrorStrategy.DEAD_LETTER) {
            ctx.output(TOO_LARGE, DeadLetters.json(guard.statement(), guard.sink(), position, REASON, problem,
                    recordText(record.value())));
        }
    }

    private String recordText(byte[] value) {
        if (value == null) {
            return null;
        }
        return binaryValues ? Base64.getEncoder().encodeToString(value) : new String(value, StandardCharsets.UTF_8);
    }
}
