package dev.veloflink.cli;

import dev.veloflink.session.FlinkCluster;
import dev.veloflink.session.VeloEngine;
import dev.veloflink.session.VeloSession;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "An interactive Velo SQL shell. Statements run on an embedded Flink MiniCluster, or on the "
                + "cluster given with --cluster; queries show their rows as a table updated in place.")
final class SqlCommand implements Callable<Integer> {

    @Option(names = "--cluster", paramLabel = "HOST:PORT",
            description = "The REST address of a running Flink cluster to run the statements on (default: an "
                    + "embedded MiniCluster, started and warmed up before the first prompt).")
    String cluster;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".",
            description = "Relative paths in statements resolve against this folder (default: the current one).")
    Path workDir;

    @Option(names = "--history-file", paramLabel = "FILE",
            description = "Where the statement history is kept (default: ~/.velo_history).")
    Path historyFile;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "16",
            description = "Task slots of the embedded cluster; every running statement takes one (default: "
                    + "${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--verbose", description = "Show Flink's warnings on standard error (they draw over the screen).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (!verbose) {
            // Log lines would draw over the prompt and the result table; errors reach the user as velo messages.
            org.apache.logging.log4j.core.config.Configurator.setAllLevels(
                    org.apache.logging.log4j.LogManager.ROOT_LOGGER_NAME, org.apache.logging.log4j.Level.OFF);
        }
        FlinkCluster flink = cluster == null ? FlinkCluster.embedded(slots) : FlinkCluster.at(cluster);
        Path history = historyFile != null ? historyFile
                : Path.of(System.getProperty("user.home"), ".velo_history");
        try (VeloEngine engine = new VeloEngine(flink, workDir);
             VeloSession session = engine.openSession();
             Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(true)
                     // Ctrl-C outside a query and outside the prompt must not end the shell.
                     .signalHandler(Terminal.SignalHandler.SIG_IGN).build()) {
            engine.warmUpInBackground();
            if (flink.isEmbedded()) {
                // The prompt comes once the embedded cluster is warm, so the first query is as fast as the next
                // ones (what is typed meanwhile waits in the terminal); docs/performance.md has the numbers.
                terminal.writer().println("velo sql: starting " + flink.describe() + "...");
                terminal.writer().flush();
                engine.awaitWarmUp(java.time.Duration.ofSeconds(120));
            }
            return new Shell(terminal, session, history).run("velo sql: statements run on " + flink.describe()
                    + "; relative paths from " + engine.workDir());
        }
    }
}
