package dev.veloflink.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code velo} command line. Standard output carries only results; everything else goes to standard error. */
@Command(name = "velo", mixinStandardHelpOptions = true, version = "velo-flink 0.1.0",
        description = "Runs Velo SQL streaming applications on Apache Flink.",
        subcommands = {RunCommand.class, ValidateCommand.class, ExplainCommand.class, SqlCommand.class,
                SubmitCommand.class, JobsCommand.class, JobCommands.Status.class, JobCommands.Stop.class,
                JobCommands.Cancel.class, ClusterCommand.class,
                CommandLine.HelpCommand.class})
public final class VeloMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command and returns its exit code; tests call this instead of {@link #main}. */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new VeloMain());
        commandLine.setOut(new java.io.PrintWriter(System.out, true));
        commandLine.setErr(new java.io.PrintWriter(System.err, true));
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
