package dev.veloflink.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dropped connection to the gateway: a stock SQL client session is connected when the gateway process dies; the
 * next statement prints a clear message; a restarted gateway serves a new client session.
 */
class GatewayDropIT {
    @TempDir
    Path dir;
    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void theClientSaysTheGatewayIsGoneAndARestartedGatewayServesANewSession() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/config.yaml"), "");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process gateway = JavaProcess.startGateway(dir, dir.resolve("gateway-1.log"), port);
        processes.add(gateway);
        JavaProcess.awaitGateway(gateway, port, dir.resolve("gateway-1.log"));

        // Two interactive clients on the first gateway: A types while it is down, B only after the restart.
        Path outputA = dir.resolve("client-a.out");
        Path outputB = dir.resolve("client-b.out");
        Process clientA = interactiveClient(outputA, port);
        Process clientB = interactiveClient(outputB, port);
        Writer typedA = new OutputStreamWriter(clientA.getOutputStream(), StandardCharsets.UTF_8);
        Writer typedB = new OutputStreamWriter(clientB.getOutputStream(), StandardCharsets.UTF_8);
        for (Writer typed : List.of(typedA, typedB)) {
            type(typed, "SET 'sql-client.execution.result-mode' = 'tableau';");
            type(typed, "SHOW JOBS;");
        }
        awaitOutput(clientA, outputA, "Empty set", 0);
        awaitOutput(clientB, outputB, "Empty set", 0);

        gateway.destroyForcibly();
        assertThat(gateway.waitFor(20, TimeUnit.SECONDS)).isTrue();
        int beforeA = read(outputA).length();
        type(typedA, "SHOW JOBS;");
        assertThat(clientA.waitFor(60, TimeUnit.SECONDS)).as("client A ends; output:\n%s", read(outputA)).isTrue();
        // The gateway is gone: the stock client stops (Flink's own code, before anything reaches velo), and its
        // output names the address it could not reach.
        assertThat(read(outputA).substring(beforeA)).contains("Connection refused: /127.0.0.1:" + port);

        Process restarted = JavaProcess.startGateway(dir, dir.resolve("gateway-2.log"), port);
        processes.add(restarted);
        JavaProcess.awaitGateway(restarted, port, dir.resolve("gateway-2.log"));
        // B's session was on the first gateway: the new one says so in one clear line, and the client goes on.
        int beforeB = read(outputB).length();
        type(typedB, "SHOW JOBS;");
        // The client logs the error with its trace first and prints its [ERROR] line after: wait for both.
        awaitOutput(clientB, outputB, "sessions do not survive a restart of the gateway", beforeB);
        awaitOutput(clientB, outputB, "[ERROR] Could not execute SQL statement. Reason:", beforeB);
        assertThat(read(outputB).substring(beforeB)).contains("[ERROR] Could not execute SQL statement. Reason:",
                "this gateway does not know session ", "Quit the client (QUIT;) and start it again");
        assertThat(clientB.isAlive()).isTrue();
        int beforeQuit = read(outputB).length();
        type(typedB, "QUIT;");
        assertThat(clientB.waitFor(30, TimeUnit.SECONDS)).as("client B quits; output:\n%s", read(outputB)).isTrue();
        assertThat(clientB.exitValue()).isZero();
        assertThat(read(outputB).substring(beforeQuit)).contains("Exiting Flink SQL CLI Client")
                .doesNotContain("does not exist");

        // A new client session on the restarted gateway works.
        Path script = dir.resolve("after-restart.sql");
        Files.writeString(script, "SET 'sql-client.execution.result-mode' = 'tableau';\nSHOW JOBS;\n");
        Path outputC = dir.resolve("client-c.out");
        Process clientC = JavaProcess.start(dir, outputC, Map.of("FLINK_CONF_DIR", dir.resolve("conf").toString()),
                "org.apache.flink.table.client.SqlClient", "gateway", "--endpoint", "127.0.0.1:" + port,
                "-f", script.toString());
        processes.add(clientC);
        clientC.getOutputStream().close();
        assertThat(clientC.waitFor(60, TimeUnit.SECONDS)).as("client C ends; output:\n%s", read(outputC)).isTrue();
        assertThat(read(outputC)).contains("Empty set");
    }

    Process interactiveClient(Path output, int port) throws IOException {
        Process client = JavaProcess.start(dir, output, Map.of("FLINK_CONF_DIR", dir.resolve("conf").toString()),
                "org.apache.flink.table.client.SqlClient", "gateway", "--endpoint", "127.0.0.1:" + port,
                "--history", dir.resolve("history-" + output.getFileName()).toString());
        processes.add(client);
        return client;
    }

    static void type(Writer typed, String line) throws IOException {
        typed.write(line + "\n");
        typed.flush();
    }

    static void awaitOutput(Process process, Path output, String text, int from) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!read(output).substring(Math.min(from, read(output).length())).contains(text)) {
            assertThat(System.nanoTime()).as("'%s' within 60 s; output:\n%s", text, read(output))
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file).replaceAll("\u001B\\[[;\\d]*m", "");
        } catch (IOException e) {
            return "";
        }
    }
}
