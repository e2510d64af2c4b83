package dev.veloflink.cli;

import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.DiagnosticRenderer;
import dev.veloflink.planner.LoadedApplication;

/** Prints an application's diagnostics to standard error in the form of SPEC §16.1. */
final class Diagnostics {
    private Diagnostics() {
    }

    static void print(LoadedApplication app) {
        for (Diagnostic d : app.diagnostics()) {
            System.err.println(DiagnosticRenderer.render(d, app.textOf(d.file())));
        }
    }
}
