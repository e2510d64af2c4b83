package dev.veloflink.dialect.fuzz;

import org.junit.jupiter.api.Test;

/**
 * The normal build's short fuzz of the dialect's targets: a few hundred seeded mutants of each target's committed
 * inputs through the same checks as the coverage-guided runs (which are {@code scripts/fuzz.sh}).
 */
class ShortFuzzTest {
    private static final String INPUTS = "dev/veloflink/dialect/fuzz/";

    @Test
    void parser() {
        SeedMutator mutants = new SeedMutator(getClass(), INPUTS + "ParserFuzzTestInputs/parse", 16);
        ParserFuzzTest target = new ParserFuzzTest();
        for (int i = 0; i < 200; i++) {
            target.parse(mutants.next());
        }
    }

    @Test
    void propertyLoader() throws Exception {
        SeedMutator mutants = new SeedMutator(getClass(), INPUTS + "PropertyFuzzTestInputs/resolve", 16);
        PropertyFuzzTest target = new PropertyFuzzTest();
        for (int i = 0; i < 150; i++) {
            target.resolve(mutants.next());
        }
    }

    @Test
    void yamlLoader() throws Exception {
        SeedMutator mutants = new SeedMutator(getClass(), INPUTS + "YamlConfigFuzzTestInputs/load", 16);
        YamlConfigFuzzTest target = new YamlConfigFuzzTest();
        for (int i = 0; i < 200; i++) {
            target.load(mutants.next());
        }
    }
}
