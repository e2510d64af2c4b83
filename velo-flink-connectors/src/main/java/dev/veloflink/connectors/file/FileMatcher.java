package dev.veloflink.connectors.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists the files an absolute path pattern matches (SPEC §5.5): {@code *} and {@code ?} within one path segment,
 * {@code **} across segments (including none), in lexicographic path order.
 */
public final class FileMatcher {

    private FileMatcher() {
    }

    public static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    /** The regular files matching the pattern, sorted by path text. */
    public static List<Path> match(String pattern) {
        if (!isGlob(pattern)) {
            Path file = Path.of(pattern);
            return Files.isRegularFile(file) ? List.of(file) : List.of();
        }
        String[] segments = pattern.split("/", -1);
        int firstGlob = 0;
        while (firstGlob < segments.length && !isGlob(segments[firstGlob])) {
            firstGlob++;
        }
        Path base = Path.of("/" + String.join("/", java.util.Arrays.copyOfRange(segments, 0, firstGlob)));
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        boolean recursive = pattern.contains("**");
        int depth = recursive ? Integer.MAX_VALUE : segments.length - firstGlob;
        List<PathMatcher> matchers = new ArrayList<>();
        matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + escapeGlobSyntax(pattern)));
        if (pattern.contains("/**/")) {
            // Java's "**" needs at least the separators around it; SPEC's also matches zero directories.
            matchers.add(FileSystems.getDefault().getPathMatcher(
                    "glob:" + escapeGlobSyntax(pattern.replace("/**/", "/"))));
        }
        try (Stream<Path> walk = Files.walk(base, depth)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> matchers.stream().anyMatch(m -> m.matches(p)))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base + ": " + e.getMessage(), e);
        }
    }

    /** Only *, ? and ** are globs in Velo; brackets, braces and backslashes are literal path characters. */
    private static String escapeGlobSyntax(String pattern) {
        StringBuilder sb = new StringBuilder(pattern.length() + 8);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '[' || c == ']' || c == '{' || c == '}' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
