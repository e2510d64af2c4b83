package dev.veloflink.connectors.kafka;

import dev.veloflink.dialect.fuzz.SeedMutator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The normal build's short fuzz of the Avro decoder: seeded mutants of its committed inputs (see decode/ShortFuzzTest). */
class AvroShortFuzzTest {

    @Test
    void avro() throws Exception {
        SeedMutator mutants = new SeedMutator(getClass(),
                "dev/veloflink/connectors/kafka/AvroDecoderFuzzTestInputs/avroValue", 16);
        AvroDecoderFuzzTest target = new AvroDecoderFuzzTest();
        for (int i = 0; i < 1000; i++) {
            target.avroValue(mutants.next());
        }
    }

    @AfterAll
    static void close() throws Exception {
        AvroDecoderFuzzTest.close();
    }
}
