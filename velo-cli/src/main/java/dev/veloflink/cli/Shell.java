package dev.veloflink.cli;

import dev.veloflink.session.ChangeRow;
import dev.veloflink.session.Completions;
import dev.veloflink.session.SessionJob;
import dev.veloflink.session.StatementError;
import dev.veloflink.session.StatementResult;
import dev.veloflink.session.VeloSession;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The {@code velo sql} shell: reads statements (multi-line until {@code ;}, with history and completion), runs them
 * through a {@link VeloSession}, and shows the results; a query's rows as a table redrawn in place as its changelog
 * arrives. Ctrl-C cancels the running query, never the shell; at the prompt it clears the line.
 */
final class Shell {
    static final String PROMPT = "velo> ";
    private static final long REDRAW_MILLIS = 100;

    private final Terminal terminal;
    private final VeloSession session;
    private final LineReader reader;
    /** Reads answers to questions: one line, no ';' needed, not kept in the history. */
    private final LineReader answers;
    private final PrintWriter out;

    Shell(Terminal terminal, VeloSession session, Path historyFile) {
        this.terminal = terminal;
        this.session = session;
        this.out = terminal.writer();
        this.reader = LineReaderBuilder.builder().terminal(terminal).appName("velo")
                .parser(new StatementLineParser())
                .completer((lineReader, line, candidates) -> {
                    for (String candidate : Completions.candidates(line.line(), line.cursor(),
                            session.completionNames())) {
                        candidates.add(new Candidate(candidate));
                    }
                })
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "   -> ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        this.answers = LineReaderBuilder.builder().terminal(terminal).appName("velo").build();
    }

    /** Runs until {@code quit} (or Ctrl-D) is confirmed; returns the exit code. */
    int run(String banner) {
        out.println(banner);
        out.println("Type Velo SQL statements ending in ';'. help lists them; quit leaves.");
        out.flush();
        while (true) {
            String line;
            try {
                line = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                if (confirmQuit()) {
                    return 0;
                }
                continue;
            }
            String text = line.strip();
            String word = text.replace(";", "").strip().toLowerCase(Locale.ROOT);
            if (word.isEmpty()) {
                continue;
            }
            switch (word) {
                case "quit", "exit" -> {
                    if (confirmQuit()) {
                        return 0;
                    }
                }
                case "help" -> help();
                case "clear" -> {
                    terminal.puts(InfoCmp.Capability.clear_screen);
                    terminal.flush();
                }
                default -> execute(text);
            }
        }
    }

    private void execute(String text) {
        try {
            StatementResult result = session.execute(text);
            if (result instanceof StatementResult.Table table) {
                TextTable.render(table.columns(), table.rows()).forEach(out::println);
                out.println(table.rows().size() + (table.rows().size() == 1 ? " row" : " rows"));
            } else if (result instanceof StatementResult.JobStarted started) {
                out.println(started.message());
            } else if (result instanceof StatementResult.Query query) {
                watch(query);
            }
        } catch (StatementError e) {
            out.println(e.rendered());
        } catch (RuntimeException e) {
            out.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        out.flush();
    }

    /** Shows a query's rows, redrawn in place as changes arrive, until it ends or Ctrl-C cancels it. */
    private void watch(StatementResult.Query query) {
        LiveTable table = new LiveTable(query.keyed());
        AtomicBoolean dirty = new AtomicBoolean(true);
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> {
            cancelled.set(true);
            query.cursor().close();
        });
        Thread rows = new Thread(() -> {
            try {
                while (query.cursor().hasNext()) {
                    ChangeRow change = query.cursor().next();
                    synchronized (table) {
                        table.apply(change);
                    }
                    dirty.set(true);
                }
            } catch (StatementError e) {
                failure.set(e.getMessage());
            } catch (RuntimeException e) {
                if (!cancelled.get()) {
                    failure.set(String.valueOf(e.getMessage()));
                }
            }
        }, "velo-query-rows");
        rows.setDaemon(true);
        rows.start();
        int drawn = 0;
        try {
            while (rows.isAlive()) {
                if (dirty.getAndSet(false)) {
                    drawn = redraw(query, table, drawn, "Ctrl-C stops the query");
                }
                rows.join(REDRAW_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            query.cursor().close();
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
        String end = failure.get() != null ? "query failed: " + failure.get()
                : cancelled.get() ? "query cancelled" : "query ended";
        redraw(query, table, drawn, end);
    }

    private int redraw(StatementResult.Query query, LiveTable table, int previousLines, String status) {
        List<List<String>> rows;
        long changes;
        synchronized (table) {
            rows = table.rows();
            changes = table.changes();
        }
        // Only the newest rows fit on the screen; the count says how many there are.
        int room = Math.max(3, terminal.getHeight() - 8);
        List<List<String>> shown = rows.size() > room ? rows.subList(rows.size() - room, rows.size()) : rows;
        List<String> lines = new java.util.ArrayList<>(TextTable.render(query.columns(), shown));
        lines.add(rows.size() + (rows.size() == 1 ? " row" : " rows") + " (" + changes + " changes; Flink job "
                + query.jobId() + ") - " + status);
        StringBuilder frame = new StringBuilder();
        if (previousLines > 0) {
            frame.append("\u001B[").append(previousLines).append("A\r\u001B[J");
        }
        lines.forEach(line -> frame.append(line).append('\n'));
        out.print(frame);
        out.flush();
        return lines.size();
    }

    /** Asks before quitting when jobs this session started still run; they are stopped on yes. */
    private boolean confirmQuit() {
        List<SessionJob> running = session.runningJobs();
        if (running.isEmpty()) {
            out.println("bye");
            out.flush();
            return true;
        }
        String names = running.stream().map(j -> j.name() + " (" + j.kind() + ")").collect(Collectors.joining(", "));
        out.println(running.size() + (running.size() == 1 ? " job" : " jobs") + " started in this session still "
                + (running.size() == 1 ? "runs: " : "run: ") + names);
        String answer;
        try {
            answer = answers.readLine("Stop " + (running.size() == 1 ? "it" : "them") + " and quit? [y/N] ");
        } catch (UserInterruptException | EndOfFileException e) {
            answer = "n";
        }
        if (!answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
            out.println("not quitting; STOP JOB name; stops one");
            out.flush();
            return false;
        }
        List<SessionJob> stopped = session.stopRunningJobs();
        out.println("stopped " + stopped.stream().map(SessionJob::name).collect(Collectors.joining(", ")) + "; bye");
        out.flush();
        return true;
    }

    private void help() {
        out.println("""
                Statements (end each with ';', Enter inside one continues it):
                  CREATE STREAM name AS SELECT ... WITH (...);   runs as a Flink job; prints its job id
                  CREATE TABLE name AS SELECT ... WITH (...);    a keyed table, also a job
                  SELECT ... [EMIT CHANGES] [LIMIT n];           shows the rows, updated in place; Ctrl-C stops it
                  SHOW STREAMS | TABLES | JOBS | FUNCTIONS;      what this session's cluster runs
                  DESCRIBE name;                                 columns, job, sink and properties (secrets masked)
                  EXPLAIN statement;                             validates and plans it, runs nothing
                  STOP JOB name [DRAIN];                         stops a job with a savepoint
                  SET 'key' = 'value'; SET; RESET 'key';         session properties (parallelism,
                                                                 state.savepoints.dir)
                Shell: help, clear, quit (asks before stopping the jobs this session started).
                Tab completes keywords and the names of streams, tables and columns; Up/Down browse history.
                The language: docs/spec/SPEC.md; the shell: docs/sql-client.md.""");
        out.flush();
    }
}
