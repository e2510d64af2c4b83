package dev.veloflink.gateway;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

    /** Flink's SqlGateway with the velo endpoint on loopback at {@code port}, statements resolving in workDir. */
    static Process startGateway(Path workDir, Path log, int port) throws IOException {
        return start(workDir, log, Map.of("FLINK_CONF_DIR", workDir.resolve("conf").toString()),
                "org.apache.flink.table.gateway.SqlGateway", "-Dsql-gateway.endpoint.type=velo",
                "-Dsql-gateway.endpoint.velo.address=127.0.0.1", "-Dsql-gateway.endpoint.velo.bind-address=127.0.0.1",
                "-Dsql-gateway.endpoint.velo.port=" + port, "-Dsql-gateway.endpoint.velo.work-dir=" + workDir);
    }

    /** Waits until the gateway answers /v1/info (90 s), failing with its log when it dies first. */
    static void awaitGateway(Process gateway, int port, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            if (!gateway.isAlive()) {
                throw new AssertionError("gateway process ended; log:\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/info")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (info.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gateway not ready within 90 s; log:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
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
