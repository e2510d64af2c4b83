package dev.veloflink.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code velo} command line. Standard output carries only results; everything else goes to standard error. */
@Command(name = "velo", mixinStandardHelpOptions = true, version = "velo-flink 0.1.0",
        description = "Runs Velo SQL streaming applications on Apache Flink.",
        subcommands = {RunCommand.class, ValidateCommand.class, ExplainCommand.class, SqlCommand.class,
                SubmitCommand.class, JobsCommand.class, JobCommands.Status.class, JobCommands.Stop.class,
                JobCommands.Cancel.class, ClusterCommand.class, LauncherCommands.Bench.class,
                LauncherCommands.Gateway.class,
                CommandLine.HelpCommand.class})
public final class VeloMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Before the first logger: log4j2.properties writes to this file.
        LogFile.choose();
        System.exit(execute(args));
    }

    /** Runs one command and returns its exit code; tests call this instead of {@link #main}. */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new VeloMain());
        commandLine.setOut(new java.io.PrintWriter(System.out, true));
        commandLine.setErr(new java.io.PrintWriter(System.err, true));
        // An unexpected exception: one line on the terminal, the trace in the log file.
        commandLine.setExecutionExceptionHandler((error, cl, parsed) -> {
            org.slf4j.LoggerFactory.getLogger("velo.details").error("velo failed", error);
            cl.getErr().println("velo: " + (error.getMessage() == null ? "an internal error" : error.getMessage())
                    + "; details in " + LogFile.path());
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
