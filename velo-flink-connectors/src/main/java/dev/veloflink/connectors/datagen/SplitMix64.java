package dev.veloflink.connectors.datagen;

/**
 * A tiny re-seedable pseudo-random generator (SplitMix64). Re-seeding it from (seed, row index) for every row makes
 * each row a pure function of its index, so the generated data does not depend on parallelism or on which reader
 * produced the row; and re-seeding allocates nothing, unlike creating a {@link java.util.SplittableRandom} per row.
 */
final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    /** Positions the generator at the start of row {@code index}'s draws. */
    void reseed(long seed, long index) {
        state = mix64(seed ^ mix64(index * GOLDEN_GAMMA + 0x632BE59BD9B4E019L));
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** Uniform in [0, bound) for bound > 0; the modulo bias is below bound / 2^64, invisible in test data. */
    long nextLong(long bound) {
        return Math.floorMod(nextLong(), bound);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
