package dev.veloflink.dialect;

import dev.veloflink.dialect.ast.Annotation;
import dev.veloflink.dialect.diag.Diagnostic;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §1.3 and §14: header, file scope, attachment, E106 and W105. */
class AnnotationsTest {

    static ParseResult parse(String sql) {
        return VeloParser.parse(Path.of("a.sql"), sql);
    }

    static String where(Diagnostic d) {
        return d.code() + "@" + d.range().startLine() + ":" + d.range().startColumn();
    }

    @Test
    void headerDescriptionIsFileScopedOtherwiseStatementScoped() {
        ParseResult r = parse("""
                -- @app: shop
                -- @description: the whole app

                -- @description: the first job
                -- @name: first
                SELECT 1;
                -- @version: 2
                SELECT 2
                """);
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.application().fileAnnotations()).extracting(Annotation::key)
                .containsExactly("app", "description", "version");
        assertThat(r.application().fileAnnotation("DESCRIPTION")).contains("the whole app");
        assertThat(r.application().statements().get(0).annotations()).extracting(a -> a.key() + "=" + a.value())
                .containsExactly("description=the first job", "name=first");
        assertThat(r.application().statements().get(1).annotations()).isEmpty();
    }

    @Test
    void withoutABlankLineTheFirstBlockIsNotAHeader() {
        ParseResult r = parse("-- @description: attached\n-- @name: job1\nSELECT 1");
        assertThat(r.application().fileAnnotations()).isEmpty();
        assertThat(r.application().statements().get(0).annotations()).hasSize(2);
    }

    @Test
    void linesInsideAStatementBelongToIt() {
        ParseResult r = parse("""
                SELECT a
                -- @name: inner
                FROM t;
                SELECT b FROM t -- @name: not_alone_on_its_line
                ;
                """);
        assertThat(r.application().statements().get(0).annotations()).extracting(Annotation::value)
                .containsExactly("inner");
        assertThat(r.application().statements().get(1).annotations()).isEmpty();
    }

    @Test
    void invalidAndUnknownAnnotations() {
        ParseResult r = parse("""
                -- @app: a
                -- @name: not an identifier
                -- @colour: blue
                -- @metric_type: gauge
                CREATE STREAM s1 AS SELECT 1;
                -- @app: again
                -- @metric: 9bad
                -- @metric: good_total
                -- @metric_field: x
                -- @metric: level
                -- @metric_type: gauge
                -- @metric_sample_rate: 1.5
                CREATE STREAM s2 AS SELECT 2;
                -- @name: dangling
                """);
        assertThat(r.diagnostics()).extracting(AnnotationsTest::where).containsExactly(
                "E106@2:11", "W105@3:1", "E106@4:1", "E106@6:1", "E106@7:13", "E106@9:1", "E106@10:1",
                "E106@12:25", "W105@14:1");
        assertThat(r.application().statements()).hasSize(2);
    }

    @Test
    void jobModeAdaptiveIsIgnoredWithW105() {
        ParseResult r = parse("-- @job_mode: adaptive\n\nSELECT 1");
        assertThat(r.diagnostics()).extracting(AnnotationsTest::where).containsExactly("W105@1:15");
    }
}
