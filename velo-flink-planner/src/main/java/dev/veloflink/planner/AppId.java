package dev.veloflink.planner;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The identity of an application that outlives a run: the {@code @app} name when the file declares one, else the
 * file's base name and the first 8 hex digits of the SHA-256 of its absolute, normalized path
 * ({@code app-3f2a9c1d} for {@code /home/me/shop/app.sql}). Kafka's default consumer groups and transactional id
 * prefixes, and the record of the last stop's savepoint, are derived from it, so two unrelated {@code app.sql} files
 * never share a group or fence each other's transactions (docs/kafka.md).
 */
public final class AppId {
    private AppId() {
    }

    public static String of(Optional<String> appAnnotation, Path file) {
        return appAnnotation.map(String::strip).filter(a -> !a.isEmpty())
                .orElseGet(() -> baseName(file) + "-" + pathHash(file));
    }

    static String baseName(Path file) {
        String base = file.getFileName().toString();
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    private static String pathHash(Path file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    file.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
