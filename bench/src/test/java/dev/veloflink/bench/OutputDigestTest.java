package dev.veloflink.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class OutputDigestTest {
    @TempDir
    Path dir;

    private OutputDigest digest(String text, boolean header) throws Exception {
        Path file = dir.resolve("f" + System.nanoTime());
        Files.writeString(file, text);
        return OutputDigest.of(file, header);
    }

    @Test
    void ignoresRowOrderButNotContent() throws Exception {
        OutputDigest a = digest("h\n1,a\n2,b\n3,c\n", true);
        assertThat(a.rows()).isEqualTo(3);
        assertThat(a.header()).isEqualTo("h");
        assertThat(digest("h\n3,c\n1,a\n2,b\n", true)).isEqualTo(a);
        assertThat(digest("h\n1,a\n2,b\n3,d\n", true)).isNotEqualTo(a);
        assertThat(digest("h\n1,a\n2,b\n", true)).isNotEqualTo(a);
        assertThat(digest("h\n1,a\n1,a\n3,c\n", true)).isNotEqualTo(a);
        assertThat(digest("g\n1,a\n2,b\n3,c\n", true)).isNotEqualTo(a);
    }

    @Test
    void withoutHeaderEveryLineIsARow() throws Exception {
        assertThat(digest("{\"a\":1}\n{\"a\":2}\n", false).rows()).isEqualTo(2);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(BenchRunner.medianOf(5, 1, 3)).isEqualTo(3);
        assertThat(BenchRunner.medianOf(4, 1, 3, 10)).isEqualTo(3);
        assertThat(BenchRunner.medianOf(7)).isEqualTo(7);
    }
}
