package dev.veloflink.gateway;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts a JVM on this module's test class path (the stock gateway and client jars), output to a file. */
final class JavaProcess {
    /** The module openings Flink needs on Java 17 (the same list as ./velo and surefire). */
    static final List<String> OPENS = List.of("java.lang", "java.util", "java.lang.invoke", "java.math", "java.net",
            "java.io", "java.nio", "sun.nio.ch", "java.time", "java.text", "java.util.concurrent",
            "java.util.concurrent.atomic", "java.lang.reflect");

    private JavaProcess() {
    }

    static String classPath() throws IOException {
        Path target = Path.of("target");
        return target.resolve("classes").toAbsolutePath() + File.pathSeparator
                + Files.readString(target.resolve("test-classpath.txt")).strip();
    }

    static Process start(Path workDir, Path output, Map<String, String> env, String mainClass, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        for (String open : OPENS) {
            command.add("--add-opens=java.base/" + open + "=ALL-UNNAMED");
        }
        command.add("-Dlog4j.configurationFile=" + Path.of("src/test/resources/log4j2-test.properties")
                .toAbsolutePath());
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(env);
        return builder.start();
    }
}
