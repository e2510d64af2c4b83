package dev.veloflink.cli;

import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Validates an application, then prints its resolved sources and sinks with their schemas, "
                + "the plan of each statement and the order in which tables load.")
final class ExplainCommand implements Callable<Integer> {

    @Parameters(arity = "1", paramLabel = "FILE", description = "A Velo SQL application file.")
    Path file;

    @Override
    public Integer call() {
        LoadedApplication app = ApplicationLoader.load(file);
        Diagnostics.print(app);
        if (app.hasErrors()) {
            return 1;
        }
        System.out.print(app.explain());
        return 0;
    }
}
