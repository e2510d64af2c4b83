package dev.veloflink.connectors.decode;

import dev.veloflink.dialect.fuzz.SeedMutator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The normal build's short fuzz of the CSV and JSON decoders: a few hundred seeded mutants of each target's committed
 * inputs through the same checks as the coverage-guided runs (which are {@code scripts/fuzz.sh}); the Avro decoder's
 * is {@code kafka/AvroShortFuzzTest}.
 */
class ShortFuzzTest {
    private static final String INPUTS = "dev/veloflink/connectors/decode/";

    @Test
    void csv() throws Exception {
        SeedMutator mutants = new SeedMutator(getClass(), INPUTS + "CsvDecoderFuzzTestInputs/csvFile", 16);
        CsvDecoderFuzzTest target = new CsvDecoderFuzzTest();
        for (int i = 0; i < 150; i++) {
            target.csvFile(mutants.next());
        }
    }

    @Test
    void json() throws Exception {
        SeedMutator mutants = new SeedMutator(getClass(), INPUTS + "JsonDecoderFuzzTestInputs/jsonLines", 16);
        JsonDecoderFuzzTest target = new JsonDecoderFuzzTest();
        for (int i = 0; i < 200; i++) {
            target.jsonLines(mutants.next());
        }
    }

    @AfterAll
    static void close() throws Exception {
        CsvDecoderFuzzTest.close();
        JsonDecoderFuzzTest.close();
    }
}
