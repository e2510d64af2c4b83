package dev.veloflink.e2e;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project carries its own copy of the dialect (docs/spec/SPEC.md, examples/spec/) so it stands alone on a fresh
 * clone. Where ../shared/dialect exists, this test fails as soon as the copy differs: that is how spec updates
 * reach us.
 */
class SpecCopyTest {

    @Test
    void theSpecCopyMatchesSharedDialectWhenPresent() throws IOException {
        Path root = ExampleWorkspace.repositoryRoot();
        Path shared = root.resolve("../shared/dialect").normalize();
        Assumptions.assumeTrue(Files.isDirectory(shared), "no ../shared/dialect next to the checkout");

        assertThat(Files.readString(root.resolve("docs/spec/SPEC.md")))
                .as("docs/spec/SPEC.md differs from " + shared.resolve("SPEC.md") + ": copy it again")
                .isEqualTo(Files.readString(shared.resolve("SPEC.md")));
        List<String> sharedExamples = fileNames(shared.resolve("examples"));
        assertThat(fileNames(root.resolve("examples/spec"))).as("files of examples/spec")
                .isEqualTo(sharedExamples);
        for (String name : sharedExamples) {
            assertThat(Files.readAllBytes(root.resolve("examples/spec").resolve(name)))
                    .as("examples/spec/" + name + " differs from shared/dialect/examples: copy it again")
                    .isEqualTo(Files.readAllBytes(shared.resolve("examples").resolve(name)));
        }
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = new ArrayList<>(files.filter(Files::isRegularFile)
                    .map(f -> f.getFileName().toString()).sorted().toList());
            return names;
        }
    }
}
