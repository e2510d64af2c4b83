package dev.veloflink.functions.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VeloCountersTest {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void sampleNamesFollowPrometheusTextFormat() {
        assertThat(VeloCounters.sampleName("velo_records_skipped_total",
                labels("statement", "s", "source", "orders", "reason", "decode_error")))
                .isEqualTo("velo_records_skipped_total{statement=\"s\",source=\"orders\",reason=\"decode_error\"}");
        assertThat(VeloCounters.sampleName("velo_x_total", labels("path", "C:\\a \"b\"\nc")))
                .isEqualTo("velo_x_total{path=\"C:\\\\a \\\"b\\\"\\nc\"}");
        assertThat(VeloCounters.sampleName("velo_x_total", labels())).isEqualTo("velo_x_total");
    }

    /** Counts even numbers through two counters with the same name, as two operators of a statement might. */
    static final class CountingMap extends RichMapFunction<Long, Long> {
        private transient Counter even;
        private transient Counter evenAgain;
        private transient Counter odd;

        @Override
        public void open(OpenContext openContext) {
            Map<String, String> l = new LinkedHashMap<>();
            l.put("statement", "s");
            even = VeloCounters.counter(getRuntimeContext(), "velo_even_total", l);
            evenAgain = VeloCounters.counter(getRuntimeContext(), "velo_even_total", l);
            odd = VeloCounters.counter(getRuntimeContext(), "velo_odd_total", l);
        }

        @Override
        public Long map(Long value) {
            if (value % 2 == 0) {
                (value % 4 == 0 ? even : evenAgain).inc();
            } else {
                odd.inc();
            }
            return value;
        }
    }

    @Test
    void countersAreSummedAcrossSubtasksInTheJobResult() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromSequence(1, 1001).rebalance().map(new CountingMap()).sinkTo(new DiscardingSink<>());
        JobExecutionResult result = env.execute("velo counters");
        Object even = result.getAccumulatorResult("velo_even_total{statement=\"s\"}");
        Object odd = result.getAccumulatorResult("velo_odd_total{statement=\"s\"}");
        assertThat(even).isEqualTo(500L);
        assertThat(odd).isEqualTo(501L);
    }
}
