package dev.veloflink.dialect;

import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.DiagnosticRenderer;
import dev.veloflink.dialect.print.AstEquality;
import dev.veloflink.dialect.print.AstPrinter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded mutations of the examples and test statements (tokens dropped, duplicated, swapped, inserted; truncations):
 * each input ends in a valid parse or positioned diagnostics, never another exception, and fast. Whatever parses also
 * round-trips through the printer.
 */
class FuzzTest {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final Pattern TOKEN = Pattern.compile("'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\\n]*|/\\*.*?\\*/"
            + "|[A-Za-z_0-9.]+|\\S", Pattern.DOTALL);
    private static final String[] EXTRA = {";", ";", "(", ")", ",", "'", "\"", "`", "/*", "--", "*/", "SELECT",
            "FROM", "WHERE", "GROUP", "BY", "WITH", "EMIT", "FINAL", "OVER", "JOIN", "ON", "WITHIN", "INTO", "AS",
            "UNION", "CASE", "WHEN", "END", "NOT", "IN", "-", "+", "*", "=", "<>", "5m", "5min", "12abc", "1e3",
            "99999999999999999999", "INTERVAL", "'5'", "MINUTE", "TIMESTAMP", "CAST", "[", "]", ".", "x", "@",
            "-- @name: fuzz\n", "\n", "ROWS", "WINDOW", "BUFFER", "TUMBLING", "LIMIT", "0", "NULL", "\uD83D\uDE00"};

    @Test
    void tenThousandMutationsNeverEscapeAsExceptions() throws IOException {
        List<List<String>> corpus = new ArrayList<>();
        for (Path p : ExamplesTest.examples()) {
            corpus.add(tokens(Files.readString(p)));
        }
        for (String s : TestStatements.VALID) {
            corpus.add(tokens(s));
        }
        Random random = new Random(20261127L);
        int parsedStatements = 0;
        for (int i = 0; i < 10_000; i++) {
            List<String> base = new ArrayList<>(corpus.get(random.nextInt(corpus.size())));
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations && !base.isEmpty(); m++) {
                mutate(base, random);
            }
            String text = join(base, random);
            if (random.nextInt(10) == 0 && !text.isEmpty()) {
                text = text.substring(0, random.nextInt(text.length()));
            }
            // CPU time of this thread, not wall-clock time: other processes on a busy machine cannot make an input
            // look slow, while a parse that backtracks exponentially still uses up the budget.
            long start = CPU.getCurrentThreadCpuTime();
            ParseResult result;
            try {
                result = VeloParser.parse(Path.of("fuzz.sql"), text);
            } catch (RuntimeException e) {
                throw new AssertionError("input #" + i + " threw:\n" + text, e);
            }
            long millis = (CPU.getCurrentThreadCpuTime() - start) / 1_000_000;
            assertThat(millis).as("input #%d took too much CPU:%n%s", i, text).isLessThan(1000);
            long lines = text.chars().filter(c -> c == '\n').count() + 1;
            for (Diagnostic d : result.diagnostics()) {
                assertThat(d.range().startLine()).as(text).isBetween(1, (int) lines);
                assertThat(d.range().startColumn()).as(text).isPositive();
                assertThat(d.code()).matches("[EW][0-9]{3}");
                assertThat(DiagnosticRenderer.render(d, text)).contains("^");
            }
            for (Statement s : result.application().statements()) {
                parsedStatements++;
                String printed = AstPrinter.print(s);
                ParseResult again = VeloParser.parse(Path.of("printed.sql"), printed);
                if (Diagnostic.anyError(again.diagnostics()) || again.application().statements().size() != 1
                        || !AstEquality.statementShape(again.application().statements().get(0))
                        .equals(AstEquality.statementShape(s))) {
                    fail("round trip failed for input #" + i + ":\n" + text + "\nprinted:\n" + printed + "\n"
                            + again.diagnostics());
                }
            }
        }
        assertThat(parsedStatements).as("some mutations still parse").isGreaterThan(500);
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    private static void mutate(List<String> tokens, Random random) {
        int at = random.nextInt(tokens.size());
        switch (random.nextInt(4)) {
            case 0 -> tokens.remove(at);
            case 1 -> tokens.add(at, tokens.get(at));
            case 2 -> {
                int other = random.nextInt(tokens.size());
                String t = tokens.get(at);
                tokens.set(at, tokens.get(other));
                tokens.set(other, t);
            }
            default -> tokens.add(at, EXTRA[random.nextInt(EXTRA.length)]);
        }
    }

    private static String join(List<String> tokens, Random random) {
        StringBuilder sb = new StringBuilder();
        for (String t : tokens) {
            if (sb.length() > 0) {
                sb.append(t.startsWith("--") || t.equals(";") || random.nextInt(8) == 0 ? "\n" : " ");
            }
            sb.append(t);
            if (t.startsWith("--")) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
