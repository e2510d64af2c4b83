package dev.veloflink.cli;

import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks application files and prints every error and warning with its file:line:column. "
                + "Exits 0 when there are no errors (warnings never fail), 1 otherwise.")
final class ValidateCommand implements Callable<Integer> {

    @Option(names = "--syntax-only",
            description = "Check the grammar only: read no source and no config file, so unconfigured sources pass.")
    boolean syntaxOnly;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Velo SQL application files.")
    List<Path> files;

    @Override
    public Integer call() {
        boolean anyError = false;
        for (Path file : files) {
            LoadedApplication app = syntaxOnly ? ApplicationLoader.parseOnly(file) : ApplicationLoader.load(file);
            Diagnostics.print(app);
            anyError |= app.hasErrors();
            if (!app.hasErrors()) {
                System.err.println(file + ": ok (" + app.statementCount() + " statements"
                        + (app.warningCount() > 0 ? ", " + app.warningCount() + " warnings" : "") + ")");
            }
        }
        return anyError ? 1 : 0;
    }
}
