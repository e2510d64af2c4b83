package dev.veloflink.functions.aggregate;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.FunctionCatalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partial aggregate on the wire ({@link Accumulator#writePartial} then {@link Accumulator#mergePartial}) merges
 * exactly as the accumulator object would ({@link Accumulator#merge}), for every built-in aggregate over values with
 * NULLs, extremes and decimals beyond 64 bits; an empty partial merges as an empty accumulator.
 */
class PartialAggregateTest {
    private static final FunctionCatalog CATALOG = FunctionCatalog.builtIn();

    record Case(String name, List<VeloType> types, List<Object> literals, boolean distinct,
                Function<SplittableRandom, Object[]> values) {
        @Override
        public String toString() {
            return name + (distinct ? " DISTINCT" : "") + types;
        }
    }

    static Object orNull(SplittableRandom r, Object v) {
        return r.nextInt(8) == 0 ? null : v;
    }

    static Object[] one(Object v) {
        return new Object[] {v};
    }

    static BigDecimal decimal(SplittableRandom r) {
        // Some beyond a long's 19 digits: the wide form of the wire decimal.
        return r.nextInt(5) == 0 ? new BigDecimal(r.nextLong() + "" + Math.abs(r.nextLong()) + ".25")
                : BigDecimal.valueOf(r.nextLong(-1_000_000, 1_000_000), 2);
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        VeloType decimal = new VeloType.DecimalType(38, 2);
        Function<SplittableRandom, Object[]> ints = r -> one(orNull(r, r.nextInt(-1000, 1000)));
        Function<SplittableRandom, Object[]> longs = r -> one(orNull(r, r.nextInt(4) == 0
                ? (r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE) : r.nextLong(-1_000_000, 1_000_000)));
        Function<SplittableRandom, Object[]> doubles = r -> one(orNull(r, r.nextDouble(-1e6, 1e6)));
        Function<SplittableRandom, Object[]> decimals = r -> one(orNull(r, decimal(r)));
        Function<SplittableRandom, Object[]> strings = r -> one(orNull(r, "s" + r.nextInt(50)));
        Function<SplittableRandom, Object[]> booleans = r -> one(orNull(r, r.nextBoolean()));
        // DATE values are days since the epoch.
        Function<SplittableRandom, Object[]> dates = r -> one(orNull(r, r.nextInt(20_000)));
        cases.add(new Case("COUNT", List.of(), List.of(), false, r -> new Object[0]));
        for (String name : List.of("COUNT", "MIN", "MAX", "FIRST_VALUE", "LAST_VALUE")) {
            cases.add(new Case(name, List.of(Types.STRING), Arrays.asList((Object) null), false, strings));
            cases.add(new Case(name, List.of(Types.BIGINT), Arrays.asList((Object) null), false, longs));
            cases.add(new Case(name, List.of(decimal), Arrays.asList((Object) null), false, decimals));
            cases.add(new Case(name, List.of(Types.DOUBLE), Arrays.asList((Object) null), false, doubles));
            cases.add(new Case(name, List.of(Types.BOOLEAN), Arrays.asList((Object) null), false, booleans));
            cases.add(new Case(name, List.of(Types.DATE), Arrays.asList((Object) null), false, dates));
        }
        cases.add(new Case("COUNT", List.of(Types.STRING), Arrays.asList((Object) null), true, strings));
        for (String name : List.of("SUM", "AVG", "STDDEV_SAMP", "VAR_POP", "MEDIAN", "DELTA")) {
            cases.add(new Case(name, List.of(Types.INTEGER), Arrays.asList((Object) null), false, ints));
            cases.add(new Case(name, List.of(Types.BIGINT), Arrays.asList((Object) null), false, longs));
            cases.add(new Case(name, List.of(Types.DOUBLE), Arrays.asList((Object) null), false, doubles));
            cases.add(new Case(name, List.of(decimal), Arrays.asList((Object) null), false, decimals));
        }
        cases.add(new Case("LISTAGG", List.of(Types.STRING), Arrays.asList((Object) null), false, strings));
        cases.add(new Case("ARRAY_AGG", List.of(Types.BIGINT), Arrays.asList((Object) null), false, longs));
        cases.add(new Case("APPROX_COUNT_DISTINCT", List.of(Types.STRING), Arrays.asList((Object) null), false,
                strings));
        cases.add(new Case("CORR", List.of(Types.DOUBLE, Types.DOUBLE), Arrays.asList(null, null), false,
                r -> new Object[] {orNull(r, r.nextDouble()), orNull(r, r.nextDouble())}));
        return cases.stream();
    }

    static byte[] partial(Accumulator accumulator) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            accumulator.writePartial(out);
        }
        return bytes.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aPartialOnTheWireMergesAsTheAccumulatorDoes(Case c) throws IOException {
        BoundAggregate bound = CATALOG.aggregate(c.name()).orElseThrow().bind(c.types(), c.literals(), c.distinct());
        for (int seed = 0; seed < 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            Accumulator viaObject = bound.factory().create();
            Accumulator viaWire = bound.factory().create();
            Accumulator other = bound.factory().create();
            int before = random.nextInt(6);
            int partial = seed == 0 ? 0 : random.nextInt(8);
            for (int i = 0; i < before + partial; i++) {
                Object[] args = c.values().apply(random);
                if (i < before) {
                    viaObject.add(args.clone());
                    viaWire.add(args.clone());
                } else {
                    other.add(args.clone());
                }
            }
            byte[] wire = partial(other);
            viaObject.merge(other);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(wire))) {
                viaWire.mergePartial(in);
                assertThat(in.read()).as("the partial is read to its end").isEqualTo(-1);
            }
            assertThat(viaWire.result()).as("seed %d: %d rows then a partial of %d", seed, before, partial)
                    .isEqualTo(viaObject.result());
        }
    }
}
