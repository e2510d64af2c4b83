package dev.veloflink.dialect.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A short, seeded, blind fuzz for the normal build: mutants of a fuzz target's committed inputs (bytes flipped, set,
 * inserted, deleted, repeated, spliced with another input). Jazzer's coverage-guided runs are {@code scripts/fuzz.sh};
 * this only keeps every build trying a few hundred fresh inputs per target. velo-flink-connectors' decoder tests
 * use it too, through velo-dialect's test-jar.
 */
public final class SeedMutator {
    private static final byte[] INTERESTING = {'"', '\'', ',', ';', '\n', '\r', '{', '}', '[', ']', ':', '\\', '$',
            '(', ')', '-', '.', 0, (byte) 0xFF, (byte) 0xC3, (byte) 0xE9, ' ', 'a', '0', '9'};

    private final List<byte[]> seeds;
    private final Random random;

    /** The inputs in the test-classpath folder {@code folder} (e.g. {@code dev/veloflink/x/FooInputs/bar}). */
    public SeedMutator(Class<?> owner, String folder, long seed) {
        try (Stream<Path> files = Files.list(Path.of(owner.getClassLoader().getResource(folder).toURI()))) {
            List<byte[]> read = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                read.add(Files.readAllBytes(f));
            }
            this.seeds = read;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        this.random = new Random(seed);
    }

    public byte[] next() {
        byte[] data = seeds.get(random.nextInt(seeds.size())).clone();
        for (int m = 1 + random.nextInt(4); m > 0; m--) {
            data = mutate(data);
        }
        return data;
    }

    private byte[] mutate(byte[] data) {
        int at = data.length == 0 ? 0 : random.nextInt(data.length);
        int span = data.length == 0 ? 0 : 1 + random.nextInt(Math.min(16, data.length - at));
        return switch (random.nextInt(6)) {
            case 0 -> {
                if (data.length > 0) {
                    data[at] ^= (byte) (1 << random.nextInt(8));
                }
                yield data;
            }
            case 1 -> {
                if (data.length > 0) {
                    data[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                }
                yield data;
            }
            case 2 -> splice(data, at, 0, new byte[]{INTERESTING[random.nextInt(INTERESTING.length)]});
            case 3 -> splice(data, at, span, new byte[0]);
            case 4 -> splice(data, at, 0, java.util.Arrays.copyOfRange(data, at, at + span));
            default -> {
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int from = other.length == 0 ? 0 : random.nextInt(other.length);
                yield splice(data, at, span, java.util.Arrays.copyOfRange(other, from,
                        Math.min(other.length, from + 1 + random.nextInt(64))));
            }
        };
    }

    private static byte[] splice(byte[] data, int at, int remove, byte[] insert) {
        byte[] out = new byte[data.length - remove + insert.length];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(data, at + remove, out, at + insert.length, data.length - at - remove);
        return out;
    }
}
