package dev.veloflink.bench;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

/**
 * Records who ends this test JVM (#16 item 1: the bench module's test fork once ended with a non-zero exit after all
 * its tests had passed, and nothing said why). Surefire reports any non-zero exit of its fork only as "Error occurred
 * in starting fork". A shutdown hook sees the thread that called {@code System.exit} still blocked in it, so its stack
 * names the caller (surefire's booter exits with 0; Flink's {@code FatalExitExceptionHandler} with -17). Written to
 * {@code target/jvm-exit.txt}, appended per JVM.
 */
public final class ExitWitness implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitWitness::recordExitCaller, "velo-exit-witness"));
    }

    private static void recordExitCaller() {
        StringBuilder report = new StringBuilder("JVM exit at " + Instant.now() + "\n");
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            if (callsExit(thread.getValue())) {
                report.append("thread '").append(thread.getKey().getName()).append("':\n");
                for (StackTraceElement frame : thread.getValue()) {
                    report.append("    at ").append(frame).append('\n');
                }
            }
        }
        try {
            Files.writeString(Path.of("target", "jvm-exit.txt"), report, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("velo-exit-witness: " + e);
        }
    }

    private static boolean callsExit(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals("java.lang.Shutdown") || frame.getClassName().equals("java.lang.Runtime")
                    && (frame.getMethodName().equals("exit") || frame.getMethodName().equals("halt"))) {
                return true;
            }
        }
        return false;
    }
}
