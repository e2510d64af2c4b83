package dev.veloflink.connectors.datagen;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;

/**
 * Produces one column's value for one row. Every value is a pure function of the row index and the row's random
 * draws, so a given seed yields the same rows at any parallelism. Values follow docs/dev/runtime-values.md and are
 * never mutated, so {@link Choice} may hand out the same instance many times.
 */
sealed interface FieldGenerator extends Serializable {

    Object value(long index, SplitMix64 random);

    /** How a long-valued domain is boxed: INTEGER and DATE as Integer, DECIMAL as BigDecimal, the rest as Long. */
    record LongForm(Kind kind, int scale) implements Serializable {
        enum Kind { INTEGER, LONG, DECIMAL }

        Object box(long v) {
            return switch (kind) {
                case INTEGER -> (int) v;
                case LONG -> v;
                case DECIMAL -> BigDecimal.valueOf(v, scale);
            };
        }
    }

    /** {@code min, min+step, ...}, wrapping after {@code count} values when count > 0. */
    record LongSequence(long min, long step, long count, LongForm form) implements FieldGenerator {
        @Override
        public Object value(long index, SplitMix64 random) {
            long n = count > 0 ? Math.floorMod(index, count) : index;
            return form.box(min + n * step);
        }
    }

    /** Uniform over {@code [min, min + span)}; span <= 0 means the whole long range (it overflowed). */
    record LongUniform(long min, long span, LongForm form) implements FieldGenerator {
        @Override
        public Object value(long index, SplitMix64 random) {
            return form.box(span > 0 ? min + random.nextLong(span) : random.nextLong());
        }
    }

    record DoubleSequence(double min, long count) implements FieldGenerator {
        @Override
        public Object value(long index, SplitMix64 random) {
            return min + (count > 0 ? Math.floorMod(index, count) : index);
        }
    }

    /** Uniform over {@code [min, max)}. */
    record DoubleUniform(double min, double max) implements FieldGenerator {
        @Override
        public Object value(long index, SplitMix64 random) {
            return min + random.nextDouble() * (max - min);
        }
    }

    record StringSequence(long min, long count) implements FieldGenerator {
        @Override
        public Object value(long index, SplitMix64 random) {
            return Long.toString(min + (count > 0 ? Math.floorMod(index, count) : index));
        }
    }

    /** Letters and digits, {@code length} of them. */
    record RandomString(int length) implements FieldGenerator {
        private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

        @Override
        public Object value(long index, SplitMix64 random) {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                chars[i] = ALPHABET.charAt((int) random.nextLong(ALPHABET.length()));
            }
            return new String(chars);
        }
    }

    /** false, true, false, ... */
    record BooleanSequence() implements FieldGenerator {
        @Override
        public Object value(long index, SplitMix64 random) {
            return (index & 1) == 1;
        }
    }

    record RandomBoolean() implements FieldGenerator {
        @Override
        public Object value(long index, SplitMix64 random) {
            return random.nextLong() < 0;
        }
    }

    /** One of a fixed list of values, uniformly. */
    record Choice(List<Object> values) implements FieldGenerator {
        public Choice {
            values = List.copyOf(values);
        }

        @Override
        public Object value(long index, SplitMix64 random) {
            return values.get((int) random.nextLong(values.size()));
        }
    }
}
