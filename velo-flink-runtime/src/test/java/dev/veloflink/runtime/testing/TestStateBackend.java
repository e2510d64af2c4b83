package dev.veloflink.runtime.testing;

import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/**
 * The state backends every operator harness test runs on, as Flink's own {@code OverAggregateHarnessTest} does: the
 * heap (objects kept as they are, so a value changed in place looks saved) and RocksDB (every read deserializes a copy
 * and every write serializes, so a change not written back with {@code update()} is lost, and keys compare by their
 * serialized bytes). A test class runs on both with
 * {@code @ParameterizedClass @EnumSource(TestStateBackend.class)} and a {@code @Parameter TestStateBackend backend}.
 */
public enum TestStateBackend {
    HASHMAP {
        @Override
        StateBackend create() {
            return new HashMapStateBackend();
        }
    },
    ROCKSDB {
        @Override
        StateBackend create() {
            return new EmbeddedRocksDBStateBackend();
        }
    };

    abstract StateBackend create();

    /** Sets this backend on a harness not yet set up; restored harnesses must use the same backend. */
    public <H extends AbstractStreamOperatorTestHarness<?>> H on(H harness) {
        harness.setStateBackend(create());
        return harness;
    }
}
