package dev.veloflink.dialect.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The scratch folder of this JVM's fuzz targets (their files are rewritten for every input). */
final class FuzzFiles {
    private FuzzFiles() {
    }

    static Path folder() {
        try {
            return Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
                    "velo-fuzz-" + ProcessHandle.current().pid())).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
