package dev.veloflink.dialect.ast;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A parsed application file (SPEC §1). {@code fileAnnotations} are the file-scoped ones (@app, @version, header
 * @description, @job_mode, @batch_size, @max.parallel.loads). {@code file} is the path the text came from (used in
 * diagnostics and to resolve relative paths); {@code text} the file's text without BOM.
 */
public record Application(Path file, String text, List<Annotation> fileAnnotations, List<Statement> statements) {
    public Application {
        fileAnnotations = List.copyOf(fileAnnotations);
        statements = List.copyOf(statements);
    }

    public Optional<String> fileAnnotation(String key) {
        return fileAnnotations.stream().filter(a -> a.key().equalsIgnoreCase(key)).map(Annotation::value)
                .findFirst();
    }
}
