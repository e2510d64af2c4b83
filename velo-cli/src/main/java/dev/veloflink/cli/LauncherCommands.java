package dev.veloflink.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * Commands that {@code velo --help} lists but the {@code ./velo} launcher runs from their own modules: {@code bench}
 * (module bench) and {@code gateway} (velo-sql-gateway). They are reached here only when velo-cli is started without
 * the launcher, and then say how to run them.
 */
final class LauncherCommands {
    private LauncherCommands() {
    }

    private static Integer viaLauncher(String usage) {
        System.err.println("velo: this command runs from the ./velo launcher: " + usage);
        return 1;
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Runs the benchmark harness: every workload through velo and through hand-written Flink, "
                    + "side by side (./velo bench [--quick] [--scenario NAME]; see docs/performance.md).")
    static final class Bench implements Callable<Integer> {
        @Override
        public Integer call() {
            return viaLauncher("./velo bench [--quick] [--scenario NAME]");
        }
    }

    @Command(name = "gateway", mixinStandardHelpOptions = true,
            description = "Runs Flink's SQL Gateway with the velo endpoint (./velo gateway start [--port N] "
                    + "[--cluster HOST:PORT]; see docs/sql-client.md).")
    static final class Gateway implements Callable<Integer> {
        @Override
        public Integer call() {
            return viaLauncher("./velo gateway start [--port N] [--cluster HOST:PORT]");
        }
    }
}
