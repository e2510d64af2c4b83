package dev.veloflink.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UNNEST with STRING_TO_ARRAY / SPLIT (SPEC §15) through {@code velo run}: one row per element, none for an empty or
 * NULL array, DISTINCT and LIMIT over the unnested rows, a CREATE STREAM writing them; and its positioned errors.
 */
class UnnestITCase {

    @TempDir
    Path workspace;

    private static final String BIND = "WITH ('posts.type' = 'file_source', 'posts.path' = './posts.csv')";

    @Test
    void unnestEmitsOneRowPerElement() throws Exception {
        Files.writeString(workspace.resolve("posts.csv"), """
                id,tags
                1,a;b;c
                2,
                3,b
                4,c;a
                """);
        Path file = workspace.resolve("app.sql");
        Files.writeString(file, """
                SELECT id, UNNEST(SPLIT(tags, ';')) AS tag FROM posts WHERE id <> 4 %1$s;
                SELECT DISTINCT UNNEST(STRING_TO_ARRAY(tags, ';')) AS tag FROM posts LIMIT 2 %1$s;
                CREATE STREAM pairs AS SELECT id, UNNEST(ARRAY(id, id * 10)) FROM posts WHERE id < 3
                WITH ('posts.type' = 'file_source', 'posts.path' = './posts.csv',
                      'pairs.type' = 'file_sink', 'pairs.path' = './out/pairs.csv');
                """.formatted(BIND));
        CommandResult result = CommandResult.velo("run", file.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("""
                id,tag
                1,a
                1,b
                1,c
                3,b
                tag
                a
                b
                """);
        assertThat(Files.readAllLines(workspace.resolve("out/pairs.csv")))
                .containsExactly("id,unnest", "1,1", "1,10", "2,2", "2,20");
    }

    @Test
    void misusedUnnestIsAPositionedError() throws Exception {
        Files.writeString(workspace.resolve("posts.csv"), "id,tags\n1,a\n");
        Path file = workspace.resolve("bad.sql");
        Files.writeString(file, """
                SELECT UNNEST(SPLIT(tags, ';')) AS a, UNNEST(SPLIT(tags, ',')) AS b FROM posts %1$s;
                SELECT UPPER(UNNEST(SPLIT(tags, ';'))) AS t FROM posts %1$s;
                SELECT id, UNNEST(SPLIT(tags, ';')) AS t, COUNT(*) AS n FROM posts GROUP BY id, tags %1$s;
                SELECT UNNEST(tags) AS t FROM posts %1$s;
                """.formatted(BIND));
        CommandResult result = CommandResult.velo("validate", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(
                "error[E304]: a second UNNEST in one select list is not supported",
                "bad.sql:1:39",
                "error[E304]: UNNEST inside an expression is not supported",
                "bad.sql:2:14",
                "error[E304]: UNNEST in an aggregating query is not supported",
                "bad.sql:3:12",
                "error[E301]: UNNEST takes an ARRAY, got STRING",
                "bad.sql:4:15",
                "  |               ^^^^");
    }
}
