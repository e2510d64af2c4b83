package dev.veloflink.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What two outputs must agree on: the row count and an order-independent checksum of the lines (parallel jobs may
 * write rows in any order). The checksum is the sum of a 64-bit hash of every line, so a missing, extra, duplicated
 * or changed line changes it.
 */
public record OutputDigest(long rows, long checksum, String header) {

    public static OutputDigest of(Path file, boolean hasHeader) throws IOException {
        long lines = 0;
        long sum = 0;
        String header = null;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (hasHeader && header == null && lines == 0) {
                    header = line;
                } else {
                    lines++;
                }
                sum += hash(line);
            }
        }
        return new OutputDigest(lines, sum, header);
    }

    /** FNV-1a over the UTF-16 units, then a SplitMix64 finaliser so similar lines spread over all 64 bits. */
    static long hash(String line) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < line.length(); i++) {
            h ^= line.charAt(i);
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    @Override
    public String toString() {
        return rows + " rows, checksum " + Long.toHexString(checksum) + (header == null ? "" : ", header '" + header + "'");
    }
}
