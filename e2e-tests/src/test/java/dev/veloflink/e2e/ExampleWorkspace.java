package dev.veloflink.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies an examples folder into a temporary folder, so runs write their output there and not into the repo. */
public final class ExampleWorkspace {
    private ExampleWorkspace() {
    }

    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("velo"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    public static Path copy(String examplesFolder, Path into) throws IOException {
        Path source = repositoryRoot().resolve(examplesFolder);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, into.resolve(file.getFileName()));
            }
        }
        return into;
    }
}
