package dev.veloflink.functions.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.BindingException;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.functions.Serialization;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregatesTest {
    private final FunctionCatalog catalog = FunctionCatalog.builtIn();

    private BoundAggregate bind(String name, boolean distinct, List<VeloType> types, Object... literals) {
        List<Object> lits = new ArrayList<>(Collections.nCopies(types.size(), null));
        for (int i = 0; i < literals.length; i++) {
            lits.set(i, literals[i]);
        }
        return catalog.aggregate(name).orElseThrow().bind(types, lits, distinct);
    }

    /** Feeds single-argument rows; the accumulator is serialized half way, as Flink state would be. */
    private static Object run(BoundAggregate bound, Object... values) {
        Accumulator acc = Serialization.roundTrip(bound.factory()).create();
        Object[] row = new Object[1];
        for (int i = 0; i < values.length; i++) {
            if (i == values.length / 2) {
                acc = Serialization.roundTrip(acc);
            }
            row[0] = values[i];
            acc.add(row);
        }
        return acc.result();
    }

    /** The same values split over two accumulators and merged must give the same result. */
    private static Object runMerged(BoundAggregate bound, Object... values) {
        Accumulator a = bound.factory().create();
        Accumulator b = bound.factory().create();
        for (int i = 0; i < values.length; i++) {
            (i % 2 == 0 ? a : b).add(new Object[] {values[i]});
        }
        a.merge(b);
        return a.result();
    }

    private static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    @Test
    void counts() {
        BoundAggregate star = bind("COUNT", false, List.of());
        Accumulator acc = star.factory().create();
        acc.add(new Object[0]);
        acc.add(new Object[0]);
        assertThat(acc.result()).isEqualTo(2L);
        assertThat(star.factory().create().result()).isEqualTo(0L);
        BoundAggregate count = bind("COUNT", false, List.of(Types.STRING));
        assertThat(run(count, "a", null, "a")).isEqualTo(2L);
        assertThat(run(bind("COUNT", true, List.of(Types.STRING)), "a", null, "a", "b")).isEqualTo(2L);
        assertThat(run(bind("COUNT_DISTINCT", false, List.of(Types.STRING)), "a", null, "a", "b")).isEqualTo(2L);
        assertThat(runMerged(bind("COUNT", true, List.of(Types.INTEGER)), 1, 2, 1, 2, 3)).isEqualTo(3L);
        assertThat(count.resultType()).isEqualTo(Types.BIGINT);
    }

    @Test
    void sums() {
        assertThat(bind("SUM", false, List.of(Types.INTEGER)).resultType()).isEqualTo(Types.BIGINT);
        assertThat(run(bind("SUM", false, List.of(Types.INTEGER)), 1, null, Integer.MAX_VALUE))
                .isEqualTo(2_147_483_648L);
        assertThat(run(bind("SUM", false, List.of(Types.BIGINT)), Long.MAX_VALUE, 1L)).isNull();
        assertThat(run(bind("SUM", false, List.of(Types.INTEGER)), (Object) null)).isNull();
        BoundAggregate decSum = bind("SUM", false, List.of(Types.decimal(10, 2)));
        assertThat(decSum.resultType()).isEqualTo(Types.decimal(38, 2));
        assertThat(run(decSum, dec("1.10"), dec("2.25"), dec("-0.35"))).isEqualTo(dec("3.00"));
        assertThat(runMerged(decSum, dec("1.10"), dec("2.25"), dec("-0.35"))).isEqualTo(dec("3.00"));
        assertThat(run(bind("SUM", true, List.of(Types.INTEGER)), 5, 5, 6)).isEqualTo(11L);
        assertThat(run(bind("SUM", false, List.of(Types.DOUBLE)), 0.5, 0.25)).isEqualTo(0.75);
        assertThatThrownBy(() -> bind("SUM", false, List.of(Types.STRING))).isInstanceOf(BindingException.class);
    }

    @Test
    void averagesFollowTheExamples() {
        BoundAggregate avg = bind("AVG", false, List.of(Types.decimal(10, 2)));
        assertThat(avg.resultType()).isEqualTo(Types.decimal(38, 4));
        assertThat(run(avg, dec("20.00"), dec("5.25"), dec("-5.25"))).isEqualTo(dec("6.6667"));
        assertThat(runMerged(avg, dec("20.00"), dec("5.25"), dec("-5.25"))).isEqualTo(dec("6.6667"));
        assertThat(bind("AVG", false, List.of(Types.decimal(10, 6))).resultType()).isEqualTo(Types.decimal(38, 6));
        assertThat(run(bind("AVG", false, List.of(Types.INTEGER)), 1, 2)).isEqualTo(1.5);
        assertThat(run(bind("AVG", false, List.of(Types.BIGINT)), Long.MAX_VALUE, Long.MAX_VALUE))
                .isEqualTo((double) Long.MAX_VALUE);
        assertThat(run(bind("AVG", false, List.of(Types.DOUBLE)))).isNull();
    }

    @Test
    void retractsCountsSumsAndAverages() {
        Accumulator avg = bind("AVG", false, List.of(Types.decimal(10, 2))).factory().create();
        assertThat(avg.canRetract()).isTrue();
        avg.add(new Object[] {dec("1.00")});
        avg.add(new Object[] {dec("3.00")});
        avg.retract(new Object[] {dec("1.00")});
        assertThat(avg.result()).isEqualTo(dec("3.0000"));
        Accumulator sum = bind("SUM", false, List.of(Types.INTEGER)).factory().create();
        sum.add(new Object[] {4});
        sum.retract(new Object[] {4});
        assertThat(sum.result()).isNull();
        assertThat(bind("MIN", false, List.of(Types.INTEGER)).factory().create().canRetract()).isFalse();
    }

    @Test
    void minMaxFirstLast() {
        assertThat(run(bind("MIN", false, List.of(Types.decimal(4, 2))), dec("1.50"), null, dec("-0.40")))
                .isEqualTo(dec("-0.40"));
        String smile = new String(Character.toChars(0x1F600));
        assertThat(run(bind("MAX", false, List.of(Types.STRING)), "\uFB01", smile, "a")).isEqualTo(smile);
        assertThat(runMerged(bind("MAX", false, List.of(Types.TIMESTAMP)), 5L, 9L, 1L)).isEqualTo(9L);
        assertThat(run(bind("FIRST_VALUE", false, List.of(Types.STRING)), null, "x", "y")).isEqualTo("x");
        assertThat(run(bind("LAST", false, List.of(Types.STRING)), "x", "y", null)).isEqualTo("y");
        assertThatThrownBy(() -> bind("MIN", false, List.of(new VeloType.ArrayType(Types.INTEGER))))
                .isInstanceOf(BindingException.class);
    }

    @Test
    void stringAndArrayAggregates() {
        assertThat(run(bind("LISTAGG", false, List.of(Types.STRING)), "a", null, "b")).isEqualTo("a,b");
        assertThat(run(bind("STRING_AGG", false, List.of(Types.decimal(3, 2), Types.STRING), null, " | "),
                dec("1.50"), dec("2.00"))).isEqualTo("1.50 | 2.00");
        assertThat(run(bind("COLLECT", false, List.of(Types.STRING)))).isNull();
        assertThatThrownBy(() -> bind("STRING_AGG", false, List.of(Types.STRING, Types.STRING)))
                .isInstanceOf(BindingException.class);
        BoundAggregate arrayAgg = bind("ARRAY_AGG", false, List.of(Types.INTEGER));
        assertThat(arrayAgg.resultType()).isEqualTo(new VeloType.ArrayType(Types.INTEGER));
        assertThat(run(arrayAgg, 1, null, 2)).isEqualTo(Arrays.asList(1, null, 2));
    }

    @Test
    void percentiles() {
        BoundAggregate median = bind("MEDIAN", false, List.of(Types.INTEGER));
        assertThat(median.resultType()).isEqualTo(Types.DOUBLE);
        assertThat(run(median, 4, 1, 3, 2)).isEqualTo(2.5);
        assertThat(run(bind("PERCENTILE_CONT", false, List.of(Types.DOUBLE, Types.DOUBLE), null, 0.25),
                1.0, 2.0, 3.0, 4.0, 5.0)).isEqualTo(2.0);
        assertThat(run(bind("PERCENTILE_CONT", false, List.of(Types.DOUBLE, Types.DOUBLE), null, 0.1),
                10.0, 20.0)).isEqualTo(11.0);
        BoundAggregate disc = bind("PERCENTILE_DISC", false, List.of(Types.decimal(3, 1), Types.DOUBLE), null, 0.5);
        assertThat(disc.resultType()).isEqualTo(Types.decimal(3, 1));
        assertThat(run(disc, dec("4.0"), dec("1.0"), dec("3.0"), dec("2.0"))).isEqualTo(dec("2.0"));
        AggregateFunctionDefinition cont = catalog.aggregate("percentile_cont").orElseThrow();
        assertThat(run(cont.bindWithinGroup(Types.INTEGER, 0.25, true), 1, 2, 3, 4, 5)).isEqualTo(4.0);
        assertThat(run(cont.bindWithinGroup(Types.INTEGER, 0.25, false), 1, 2, 3, 4, 5)).isEqualTo(2.0);
        assertThatThrownBy(() -> bind("PERCENTILE_CONT", false, List.of(Types.DOUBLE, Types.DOUBLE), null, 1.5))
                .isInstanceOf(BindingException.class);
        assertThatThrownBy(() -> bind("PERCENTILE_CONT", false, List.of(Types.DOUBLE, Types.DOUBLE)))
                .isInstanceOf(BindingException.class);
        assertThatThrownBy(() -> catalog.aggregate("SUM").orElseThrow().bindWithinGroup(Types.INTEGER, 0.5, false))
                .isInstanceOf(BindingException.class);
    }

    @Test
    void varianceFamily() {
        Object[] xs = {2, 4, 4, 4, 5, 5, 7, 9};
        assertThat((Double) run(bind("STDDEV_POP", false, List.of(Types.INTEGER)), xs)).isCloseTo(2.0, within(1e-12));
        assertThat((Double) run(bind("VAR_POP", false, List.of(Types.INTEGER)), xs)).isCloseTo(4.0, within(1e-12));
        assertThat((Double) run(bind("VARIANCE", false, List.of(Types.INTEGER)), xs))
                .isCloseTo(32.0 / 7, within(1e-12));
        assertThat((Double) runMerged(bind("STDDEV", false, List.of(Types.INTEGER)), xs))
                .isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(run(bind("STDDEV_SAMP", false, List.of(Types.INTEGER)), 5)).isNull();
        assertThat(run(bind("VAR_POP", false, List.of(Types.INTEGER)), 5)).isEqualTo(0.0);
    }

    @Test
    void covarianceAndRegression() {
        // y = 2x + 1 exactly, then one off-line point.
        double[][] rows = {{3, 1}, {5, 2}, {7, 3}, {9, 4}, {12, 5}};
        double[] expected = referenceCoMoments(rows);
        String[] names = {"COVAR_POP", "COVAR_SAMP", "CORR", "REGR_SLOPE", "REGR_INTERCEPT", "REGR_R2"};
        for (int k = 0; k < names.length; k++) {
            BoundAggregate bound = bind(names[k], false, List.of(Types.DOUBLE, Types.DOUBLE));
            Accumulator a = bound.factory().create();
            Accumulator b = bound.factory().create();
            for (int i = 0; i < rows.length; i++) {
                (i < 2 ? a : b).add(new Object[] {rows[i][0], rows[i][1]});
            }
            a.add(new Object[] {null, 1.0});
            a.merge(b);
            assertThat((Double) a.result()).as(names[k]).isCloseTo(expected[k], within(1e-9));
        }
        Accumulator flat = bind("REGR_R2", false, List.of(Types.DOUBLE, Types.DOUBLE)).factory().create();
        flat.add(new Object[] {1.0, 1.0});
        flat.add(new Object[] {1.0, 2.0});
        assertThat(flat.result()).isEqualTo(1.0);
        assertThat(bind("CORR", false, List.of(Types.DOUBLE, Types.DOUBLE)).factory().create().result()).isNull();
    }

    /** Textbook two-pass formulas. */
    private static double[] referenceCoMoments(double[][] rows) {
        int n = rows.length;
        double my = 0;
        double mx = 0;
        for (double[] r : rows) {
            my += r[0] / n;
            mx += r[1] / n;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[] r : rows) {
            sxy += (r[0] - my) * (r[1] - mx);
            sxx += (r[1] - mx) * (r[1] - mx);
            syy += (r[0] - my) * (r[0] - my);
        }
        double slope = sxy / sxx;
        return new double[] {sxy / n, sxy / (n - 1), sxy / Math.sqrt(sxx * syy), slope, my - slope * mx,
                sxy * sxy / (sxx * syy)};
    }

    @Test
    void approxCountDistinctIsWithinTwoPercent() {
        BoundAggregate hll = bind("APPROX_COUNT_DISTINCT", false, List.of(Types.STRING));
        assertThat(hll.resultType()).isEqualTo(Types.BIGINT);
        for (int n : new int[] {10, 1000, 200_000}) {
            Accumulator a = hll.factory().create();
            Accumulator b = hll.factory().create();
            for (int i = 0; i < n; i++) {
                // every value twice, spread over two accumulators that are merged
                a.add(new Object[] {"user-" + i});
                b.add(new Object[] {"user-" + i});
            }
            a.merge(b);
            long estimate = (Long) a.result();
            assertThat((double) estimate).as("n=%d", n).isCloseTo(n, within(n * 0.02 + 0.5));
        }
        Accumulator longs = bind("APPROX_COUNT_DISTINCT", false, List.of(Types.BIGINT)).factory().create();
        for (long i = 0; i < 50_000; i++) {
            longs.add(new Object[] {i * 1_000_003L});
        }
        assertThat((double) (Long) longs.result()).isCloseTo(50_000, within(1000.0));
        assertThat(hll.factory().create().result()).isEqualTo(0L);
    }

    @Test
    void deltaIsMaxMinusMin() {
        BoundAggregate delta = bind("DELTA", false, List.of(Types.decimal(5, 2)));
        assertThat(delta.resultType()).isEqualTo(Types.decimal(5, 2));
        assertThat(run(delta, dec("1.50"), dec("-2.25"), dec("0.00"))).isEqualTo(dec("3.75"));
        assertThat(run(bind("DELTA", false, List.of(Types.INTEGER)), 3, 10, null)).isEqualTo(7);
        BoundAggregate times = bind("DELTA", false, List.of(Types.TIMESTAMP));
        assertThat(times.resultType()).isEqualTo(Types.INTERVAL);
        assertThat(run(times, 1000L, 4000L)).isEqualTo(3000L);
        assertThat(run(delta)).isNull();
    }
}
